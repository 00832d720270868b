r"""Supervised learning at high load: m vs alpha and the capacity vs rho,
P = 4 (docs/dense_hebbian.md §3; figures D2 and D3).

  python -m sims.dense_hebbian_capacity --config=configs/dense_hebbian_capacity.py:smoke --workdir=/tmp/dhc_smoke
  python -m sims.dense_hebbian_capacity --config=configs/dense_hebbian_capacity.py:quick --workdir=/tmp/dhc_quick
    P = 4, N = 60, M = 51; rho = 0, 0.2, 1, 5; alpha = 0.002 .. 0.035 (8
    loads); 8 seeds: ~10 s (one compiled program). Measured m at rho = 0.2,
    alpha = 0.002, 0.004, 0.006, 0.009, 0.013: 0.942, 0.946, 0.875, 0.821,
    0.508 (RS 0.948, 0.912, 0.847, 0, 0): at N = 60 retrieval persists far
    past the RS capacity 0.0066 (the Monte Carlo capacity of capacity.jsonl
    is 0.022 at rho = 0.2, 3x alpha_c; at rho = 1 and 5 the estimate is
    dominated by the noise of m at this N). At N = 100 (8 seeds; the
    reference row of docs/dense_hebbian.md §10, tested): 0.942, 0.903, 0.865,
    0.775, 0.662 at alpha = 0.002 .. 0.013 [reference 0.93, 0.90, 0.90,
    0.75 +- 0.19, 0.64].
  python -m sims.dense_hebbian_capacity --config=configs/dense_hebbian_capacity.py --workdir=/tmp/dhc
    Paper scale: N = 100, 20 seeds, the same grids.

Choices (docs/dense_hebbian.md §11): all-index energy (powers of overlaps),
load K = alpha N^(P-1); class averages normalised to unit mean square; odd
M; start at archetype 1, T = 0 random-sequential dynamics, ties keep the
spin; the measured capacity is where the mean m falls through half its
derived low-load value (m_threshold).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.P = 4
  c.N = 100
  c.M = 51
  c.allow_even_M = False
  c.rho = (0.0, 0.2, 1.0, 5.0)
  c.alpha = (0.002, 0.004, 0.006, 0.009, 0.013, 0.018, 0.025, 0.035)
  c.m_threshold = 0.5
  c.max_sweeps = 100
  c.num_seeds = 20
  c.base_seed = 0
  c.batch_size = 32
  c.vectorize = 0
  if preset == "quick":
    c.N = 60
    c.num_seeds = 8
  elif preset == "smoke":
    c.N = 30
    c.rho = (0.2,)
    c.alpha = (0.004, 0.03)
    c.num_seeds = 2
  return c
