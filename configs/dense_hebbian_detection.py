r"""Ultra-detection: sqrt(rho) m vs rho, a shallow (P = 2, K = alpha N) and
a dense (P = 4, K = alpha N^3) network (docs/dense_hebbian.md §3; figure
D4).

  python -m sims.dense_hebbian_detection --config=configs/dense_hebbian_detection.py:smoke --workdir=/tmp/dhd_smoke
  python -m sims.dense_hebbian_detection --config=configs/dense_hebbian_detection.py:quick --workdir=/tmp/dhd_quick
    P = 2 at N = 4000, alpha = 0.005 (K = 20); P = 4 at N = 60, alpha =
    0.001 (K = 216); M = 51; rho = 0.1 .. 100 (10 values, log); 6 seeds:
    ~11 s (2 compiled programs). Measured sqrt(rho) m [derived]:
      P = 4: rho = 0.1, 0.46, 1, 4.6, 10: 0.31, 0.59, 0.73, 0.83, 0.84
             [0.31, 0.57, 0.66, 0.74, 0.76; plateau band 0.651-0.798];
             beyond rho ~ 10 = N/6 chance (sqrt(rho/N)) takes over.
      P = 2: 0.32, 0.57 at rho = 0.1, 0.46 [0.32, 0.57]; from rho = 1 the
             derived state is gone (alpha_c(1) = 0.0018 < 0.005), the
             measured 0.37-0.59 is the remnant overlap T = 0 dynamics keep
             from the archetype, falling slowly with N (below).
  python -m sims.dense_hebbian_detection --config=configs/dense_hebbian_detection.py --workdir=/tmp/dhd
    Paper scale: P = 2 at N = 16 000 (K = 80), P = 4 at N = 100 (K =
    1000), rho up to 200, 20 seeds. (At N = 1000, K = 5, the P = 2 network
    is at low load in all but name: it keeps sqrt(rho) m ~ 0.6 at every
    rho; the drop the modulated AGS equations predict appears only as K =
    alpha N grows: sqrt(rho) m at rho = 10 is 0.56, 0.42, 0.33 at N = 1000,
    4000, 16 000, 4-8 seeds, tending to the remnant overlap that T = 0
    dynamics keep from the archetype beyond capacity, not to 0.)

Choices (docs/dense_hebbian.md §11): all-index energy; class averages
normalised to unit mean square; odd M; start at archetype 1, T = 0
random-sequential dynamics, ties keep the spin. The plateau reading of
"ultra-detection" is an inference (docs/dense_hebbian.md §3).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.P = (2, 4)
  c.N = (16_000, 100)
  c.alpha = (0.005, 0.001)
  c.M = 51
  c.allow_even_M = False
  c.rho = _common.log_grid(0.1, 200.0, 12)
  c.max_sweeps = 100
  c.num_seeds = 20
  c.base_seed = 0
  c.batch_size = 32
  c.vectorize = 0
  if preset == "quick":
    c.N = (4000, 60)
    c.rho = _common.log_grid(0.1, 100.0, 10)
    c.num_seeds = 6
  elif preset == "smoke":
    c.N = (400, 40)
    c.rho = (0.2, 10.0)
    c.num_seeds = 4
  return c
