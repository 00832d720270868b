r"""Multitasking learned from examples: amplitudes vs M, supervised and
unsupervised, against the derived thresholds M_k* (docs/dense_hebbian.md
§7; figure D8).

  python -m sims.multitask_learning --config=configs/multitask_learning.py:smoke --workdir=/tmp/mtl_smoke
  python -m sims.multitask_learning --config=configs/multitask_learning.py:quick --workdir=/tmp/mtl_quick
    K = 3, d = 0.3; r = 0.2, 0.5, 0.8; M = 1, 3, 10, 30, 100; N = 2000, 4
    seeds: ~10 s (2 compiled programs). Measured m_1 (supervised /
    unsupervised) at M = 1, 3, 10, 30, 100 [the hierarchy: 0.7, 0.21, 0.063;
    derived M_1* = 159, 19.9, 3.7 at r = 0.2, 0.5, 0.8]:
      r = 0.2: 0.13/0.13, 0.17/0.14, 0.24/0.24, 0.41/0.36, 0.61/0.57
      r = 0.5: 0.34/0.34, 0.40/0.40, 0.53/0.52, 0.67/0.68, 0.70/0.70
      r = 0.8: 0.56/0.56, 0.60/0.61, 0.69/0.69, 0.70/0.70, 0.70/0.70
    The hierarchy is reached once M passes M_1* (r = 0.5: between M = 10
    and 30; r = 0.2: not yet at M = 100); identical at M = 1 and within
    seed noise of each other elsewhere. Below M_1* the amplitudes are more
    even than the hierarchy (m_2, m_3 above it): the top level, which must
    outweigh all the others, is the last one learned.
  python -m sims.multitask_learning --config=configs/multitask_learning.py --workdir=/tmp/mtl
    Paper scale: N = 10 000, 10 seeds.

Choices (docs/dense_hebbian.md §11): examples eta = xi chi, blanks kept
blank; supervised class averages normalised by sqrt(R) (N = R, no (1 - d)
factor), unsupervised examples with weight 1/M; a random start; T = 0
random-sequential dynamics to a fixed point, ties keep the spin; the
threshold constant snr_c = 1.5.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.protocol = ("supervised", "unsupervised")
  c.K = 3
  c.d = 0.3
  c.r = (0.2, 0.5, 0.8)
  c.M = (1, 3, 10, 30, 100)
  c.N = 10_000
  c.snr_c = 1.5
  c.max_sweeps = 100
  c.num_seeds = 10
  c.base_seed = 0
  c.batch_size = 32
  c.vectorize = 0
  if preset == "quick":
    c.N = 2000
    c.num_seeds = 4
  elif preset == "smoke":
    c.r = (0.5,)
    c.M = (1, 10)
    c.N = 300
    c.num_seeds = 2
  return c
