r"""Fixed points of modern Hopfield networks vs beta (docs/hopfield.md §3,
figure H11).

  python -m sims.modern_fixed_points --config=configs/modern_fixed_points.py:smoke --workdir=/tmp/mf_smoke
    beta in {0.001, 10}, independent patterns: seconds. Small beta: the global average (from any
    start); beta = 10: a single pattern, from a noisy start pattern 1 itself.
  python -m sims.modern_fixed_points --config=configs/modern_fixed_points.py:quick --workdir=/tmp/mf_quick
    d = P = 64, beta = 1e-3..10 (17 values), both starts, correlation 0 and
    0.9 (8 clusters), 16 seeds: ~6 s. Independent patterns: the global average
    up to beta ~ 0.1-0.18, single patterns above, no metastable states.
    Clustered: metastable averages over a cluster for beta ~ 0.1-0.56. The
    energy never rises.
  python -m sims.modern_fixed_points --config=configs/modern_fixed_points.py --workdir=/tmp/mf
    Paper scale: 64 seeds, 33 betas.

Choices (docs/hopfield.md §8.10, config fields): eps = 0.1 (single if the largest weight
>= 1 - eps; global if exp(entropy) >= (1 - eps) P; metastable otherwise);
noisy start = pattern 1 + Gaussian noise of norm 0.5 sqrt(d); tol = 1e-5,
max_steps = 1000; patterns on the sphere of radius sqrt(d).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.beta = _common.log_grid(1e-3, 10.0, 33)
  c.start = ("random", "noisy")
  c.d = 64
  c.P = 64
  c.noise = 0.5
  # Pattern correlation within `clusters` groups (a swept axis): independent
  # patterns (0; docs/hopfield.md §5, figure H11) go from the global average
  # straight to single patterns; metastable states need similar patterns (0.9).
  c.correlation = (0.0, 0.9)
  c.clusters = 8
  c.eps = 0.1
  c.tol = 1e-5
  c.max_steps = 1000
  c.num_seeds = 64
  c.base_seed = 0
  c.batch_size = 256
  c.vectorize = 0
  if preset == "quick":
    c.beta = _common.log_grid(1e-3, 10.0, 17)
    c.num_seeds = 16
  elif preset == "smoke":
    c.beta = (0.001, 10.0)
    c.correlation = (0.0,)
    c.num_seeds = 3
  return c
