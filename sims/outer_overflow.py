"""The overflow of storing every seen token, q^_0 = 1{seen}
(docs/outer_product.md §3.2 last row, §7.4; figure F-d): the same simulation as
`sims.outer_product_scaling` (records, fits and options are documented
there), with its own config and workdir.

    python -m sims.outer_overflow --config=configs/outer_overflow.py:quick --workdir=DIR

At fixed d the error is non-monotone in T: it falls while few tokens are
seen, then rises once the ≈ T^(1/α) seen tokens exceed what d can hold.
Commands, expected results and runtimes: configs/outer_overflow.py.
"""

from __future__ import annotations

import ml_collections

from assoc import cli
from sims import outer_product_scaling

NAME = "outer_overflow"


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) the sweep into `workdir`; returns all records."""
  return outer_product_scaling.run(config, workdir, name=NAME)


if __name__ == "__main__":
  cli.main(run, NAME)
