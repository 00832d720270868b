r"""The multitasking phase map in Monte Carlo, against the derived map
(docs/dense_hebbian.md §7; figure D7).

  python -m sims.multitask_phase --config=configs/multitask_phase.py:smoke --workdir=/tmp/mtp_smoke
  python -m sims.multitask_phase --config=configs/multitask_phase.py:quick --workdir=/tmp/mtp_quick
    K = 3; d = 0.1 .. 0.9 (5 values) x T = 0.05, 0.15, 0.3, 0.5, 0.7 (the
    table of docs/dense_hebbian.md §7); N = 1000, 2 seeds, 30 + 30 sweeps:
    ~9 s (one compiled program). Measured: the state reached agrees with
    the derived phase in 38 of 50 runs. Of the 12 others, 6 sit exactly on
    T_c = 1 - d (critical: m_1 = 0.09-0.17 at this N), 4 are derived pure
    states with secondary amplitudes 0.11-0.20 (finite-N disorder) and 2 are
    the derived parallel state at d = 0.7, T = 0.15: amplitudes (0.275,
    0.193, 0.132), mean 0.200 [derived 0.204 x 3]; the finite-N mean-field
    fixed point of each sample reproduces the spread (docs/dense_hebbian.md
    §7). d = 0.9, T = 0.05: (0.091, 0.087, 0.084) [parallel, 0.085 x 3].
  python -m sims.multitask_phase --config=configs/multitask_phase.py --workdir=/tmp/mtp
    Paper scale: K = 2 and 3, d = 0.05 .. 0.95 x 12 temperatures in [0.01,
    1], N = 4000, 4 seeds, 200 + 200 sweeps.

Choices (docs/dense_hebbian.md §11): J = (1/N) sum xi xi, zero diagonal; a
random start; heat-bath random-sequential dynamics, fixed burn-in and
measurement sweeps (the papers' stopping rule is not established); the
state thresholds zero_tol and parallel_ratio.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.K = (2, 3)
  c.d = _common.linear_grid(0.05, 0.95, 0.1)
  c.T = (0.01, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
  c.N = 4000
  c.burn_in = 200
  c.measure = 200
  c.zero_tol = 2.5  # in units of 1/sqrt(N)
  c.parallel_ratio = 0.6
  c.num_seeds = 4
  c.base_seed = 0
  c.batch_size = 32
  c.vectorize = 0
  if preset == "quick":
    c.K = (3,)
    c.d = (0.1, 0.3, 0.5, 0.7, 0.9)
    c.T = (0.05, 0.15, 0.3, 0.5, 0.7)
    c.N = 1000
    c.burn_in = 30
    c.measure = 30
    c.num_seeds = 2
  elif preset == "smoke":
    c.K = (3,)
    c.d = (0.3, 0.7)
    c.T = (0.05, 0.5)
    c.N = 1000
    c.burn_in = 10
    c.measure = 10
    c.num_seeds = 2
  return c
