r"""Low-load learning from noisy examples: m and n vs rho
(docs/dense_hebbian.md §2, §5; figure D1).

  python -m sims.dense_hebbian_lowload --config=configs/dense_hebbian_lowload.py:smoke --workdir=/tmp/dhl_smoke
    P = 4, M = 1 and 11, rho = 0.2 and 2, N = 100, 2 seeds: a few seconds; at
    M = 1 the two protocols give identical records (the same memory).
  python -m sims.dense_hebbian_lowload --config=configs/dense_hebbian_lowload.py:quick --workdir=/tmp/dhl_quick
    P = 2, 4; supervised and unsupervised; M = 11, 51; 9 values of rho in
    [0.05, 10]; N = 200, K = 2, 10 seeds: ~11 s (4 compiled programs).
    Measured (mean +- SE over 10 seeds):
      supervised, P = 4, M = 51, rho = 0.188, 0.365, 0.707, 1.37, 2.66, 10:
        m = 0.981, 0.910, 0.773, 0.569, 0.481, 0.258 (SE .003 .. .022)
        [derived exact binomial 0.976, 0.900, 0.765, 0.608, 0.462, 0.249]
      supervised, P = 2 and M = 11 alike (within 3 SE of the curves).
      unsupervised: on the curves for rho <= 0.1, then well below them at
        this N: P = 4, M = 51, rho = 0.365: m = 0.363 (theory 0.900); P = 2,
        M = 11, rho = 1.37: 0.428 (0.610). At N = 4000 (8 seeds) P = 4, M =
        51, rho = 0.365 gives 0.81 +- 0.07: the derived equality of the two
        protocols at low load (docs/dense_hebbian.md §5) is approached only
        slowly with N; at finite N single examples attract the dynamics.
  python -m sims.dense_hebbian_lowload --config=configs/dense_hebbian_lowload.py --workdir=/tmp/dhl
    Paper scale: N = 1000, 20 seeds.

Choices (docs/dense_hebbian.md §11): K = 2 archetypes (low load); odd M
(even M leaves sites with a zero class average at their initial spin:
allow_even_M); start at archetype 1; T = 0 random-sequential dynamics to a
fixed point, ties keep the spin.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.P = (2, 4)
  c.protocol = ("supervised", "unsupervised")
  c.M = (11, 51)
  c.rho = _common.log_grid(0.05, 10.0, 9)
  c.N = 1000
  c.K = 2
  c.allow_even_M = False
  c.max_sweeps = 100
  c.num_seeds = 20
  c.base_seed = 0
  c.batch_size = 64
  c.vectorize = 0
  if preset == "quick":
    c.N = 200
    c.num_seeds = 10
  elif preset == "smoke":
    c.P = (4,)
    c.M = (1, 11)
    c.rho = (0.2, 2.0)
    c.N = 100
    c.num_seeds = 2
  return c
