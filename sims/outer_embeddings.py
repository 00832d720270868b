"""Learned embeddings in d = 2: E, W and U all trained, population error vs
the number of classes M (spec outer_product.md §3.5, §7.7; figure F-q).
Capacity is then limited by M, not N (Eq. 17: aligning each e_x with
u_f*(x) stores any number of memories).

    python -m sims.outer_embeddings --config=configs/outer_embeddings.py:quick --workdir=DIR

Panels, fields and records: sims/_outer_training.py. Commands, expected
results and runtimes: configs/outer_embeddings.py.
"""

from __future__ import annotations

import ml_collections

from assoc import experiment
from sims import _outer_training

NAME = "outer_embeddings"


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) into `workdir`; returns all records."""
  return _outer_training.run(config, workdir, NAME)


if __name__ == "__main__":
  experiment.cli(run, NAME)
