"""What SGD stores in an outer-product memory, against its Eq. 16
approximation, and GD vs SignGD vs normalised GD, and step-size schedules
(docs/outer_product.md §3.4-§3.5, §7.8, §9; figures F-i, F-j, F-k; F-g and
F-h are pure theory, drawn from theory/sgd_map.py).

    python -m sims.outer_sgd_map --config=configs/outer_sgd_map.py:quick --workdir=DIR

Panels, fields and records: sims/_outer_training.py (here with error_eq16
and grad_std). Commands, expected results and runtimes:
configs/outer_sgd_map.py.
"""

from __future__ import annotations

import ml_collections

from assoc import cli
from sims import _outer_training

NAME = "outer_sgd_map"


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) the panels into `workdir`; returns all records."""
  return _outer_training.run(config, workdir, NAME)


if __name__ == "__main__":
  cli.main(run, NAME)
