r"""Supervised learning at finite temperature: m vs (alpha, T), P = 4,
against the derived retrieval line T_M(alpha) (docs/dense_hebbian.md §4;
figure D5).

  python -m sims.dense_hebbian_temperature --config=configs/dense_hebbian_temperature.py:smoke --workdir=/tmp/dht_smoke
  python -m sims.dense_hebbian_temperature --config=configs/dense_hebbian_temperature.py:quick --workdir=/tmp/dht_quick
    P = 4, N = 100, M = 51; rho = 0, 0.2; alpha = 0.001, 0.004, 0.007; T =
    0.02 .. 0.1 (9 values); 2 seeds, 30 + 30 sweeps: ~19 s (one compiled
    program). Measured T where the mean m falls through 0.5, against the
    derived T_M (all-index, the convention simulated):
      rho = 0:   alpha = 0.001, 0.004, 0.007: 0.065, 0.065, 0.052 [0.0805, 0.0733, 0.0649]
      rho = 0.2: 0.054, 0.044, 0.027 [0.0572, 0.0483, 0 (alpha_c = 0.0066)]
    Below T_M throughout: T_M is where the retrieval state ceases to exist,
    and at N = 100 the network escapes it earlier (a first-order
    transition); past alpha_c retrieval persists at this N, as at T = 0
    (sims.dense_hebbian_capacity).
  python -m sims.dense_hebbian_temperature --config=configs/dense_hebbian_temperature.py --workdir=/tmp/dht
    Paper scale: N = 100, 8 seeds, 200 + 200 sweeps, finer grids (a GPU).

Choices (docs/dense_hebbian.md §11): all-index energy, K = alpha N^(P-1);
class averages normalised to unit mean square; odd M; start at archetype 1;
heat-bath random-sequential dynamics with fixed burn-in and measurement
sweeps (the papers' stopping rule is not established); the measured
retrieval temperature is where the mean m falls through m_threshold.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.P = 4
  c.N = 100
  c.M = 51
  c.allow_even_M = False
  c.rho = (0.0, 0.2)
  c.alpha = (0.001, 0.002, 0.004, 0.006, 0.008, 0.010, 0.012)
  c.T = _common.linear_grid(0.01, 0.1, 0.005)
  c.m_threshold = 0.5
  c.burn_in = 200
  c.measure = 200
  c.num_seeds = 8
  c.base_seed = 0
  c.batch_size = 32
  c.vectorize = 0
  if preset == "quick":
    c.alpha = (0.001, 0.004, 0.007)
    c.T = _common.linear_grid(0.02, 0.1, 0.01)
    c.burn_in = 30
    c.measure = 30
    c.num_seeds = 2
  elif preset == "smoke":
    c.N = 40
    c.rho = (0.2,)
    c.alpha = (0.001,)
    c.T = (0.02, 0.1)
    c.burn_in = 10
    c.measure = 10
    c.num_seeds = 2
  return c
