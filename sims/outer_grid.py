"""The optimiser grid of trained outer-product memories
(docs/outer_product.md §3.5, §4 "grid experiment", §7.6; figures F-l to F-p): what
SGD, Adam(β = 0), L2 normalisation, batch size, step size and learned
embeddings store, by the population error vs memory size d.

    python -m sims.outer_grid --config=configs/outer_grid.py:quick --workdir=DIR

Panels, fields and records: sims/_outer_training.py. Commands, expected
results and runtimes: configs/outer_grid.py.
"""

from __future__ import annotations

import ml_collections

from assoc import cli
from sims import _outer_training

NAME = "outer_grid"


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) the grid into `workdir`; returns all records."""
  return _outer_training.run(config, workdir, NAME)


if __name__ == "__main__":
  cli.main(run, NAME)
