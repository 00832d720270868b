r"""One-step retrieval of modern Hopfield networks vs the number of stored
patterns and beta (docs/hopfield.md §3, figure H10).

  python -m sims.modern_retrieval --config=configs/modern_retrieval.py:smoke --workdir=/tmp/mr_smoke
    d = 64, P in {2, 64}, beta in {0.02, 1}: seconds. At beta = 1 one step
    lands on the pattern (error < 1e-6); at beta = 0.02 it averages.
  python -m sims.modern_retrieval --config=configs/modern_retrieval.py:quick --workdir=/tmp/mr_quick
    d = 64, P = 2..4096 (12 values), beta in {0.02, 0.05, 0.1, 1}, 8 seeds:
    ~15 s. The error falls as exp(-beta Delta), under the bound
    2M(P-1)exp(-beta Delta) and the exact 2M(1 - p_i).
  python -m sims.modern_retrieval --config=configs/modern_retrieval.py --workdir=/tmp/mr
    Paper scale: 32 seeds, 16 tested patterns per task.

Choices (docs/hopfield.md §8.8): patterns uniform on the sphere of radius sqrt(d); the
paper's ball condition and capacity theorem are not drawn (their constants
are unchecked); the derived bounds are.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.d = (64,)
  c.P = (2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
  c.beta = (0.02, 0.05, 0.1, 1.0)
  c.num_seeds = 32
  c.num_tested = 16
  c.base_seed = 0
  c.batch_size = 256
  c.vectorize = 0
  if preset == "quick":
    c.num_seeds = 8
    c.num_tested = 8
  elif preset == "smoke":
    c.P = (2, 64)
    c.beta = (0.02, 1.0)
    c.num_seeds = 3
    c.num_tested = 4
  return c
