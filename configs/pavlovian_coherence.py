r"""Coherence of random unit keys and the worst-case retrieval guarantee
(docs/pavlovian.md §1.3c; figure F3).

  python -m sims.pavlovian_coherence --config=configs/pavlovian_coherence.py:smoke --workdir=/tmp/coh_smoke
  python -m sims.pavlovian_coherence --config=configs/pavlovian_coherence.py:quick --workdir=/tmp/coh_quick
    d_k = 64, 256, 1024; N = 4, 8, 16, 32; 400 draws: ~4 s. Measured (N - 1)
    E[mu] (docs/pavlovian.md §6 reference values in brackets):
      d_k = 64: N = 4, 8: 0.612, 1.979 [.60, 1.98]
      d_k = 256: N = 4, 8: 0.304, 0.997 [.31, .98]
      d_k = 1024: N = 4, 8, 16, 32: 0.157, 0.502, 1.308, 3.125 [.16, .50, 1.30, 3.09]
    every one within 5 % of the reference,
    and on average below the derived bound (N - 1) sqrt(4 ln N / d_k).
  python -m sims.pavlovian_coherence --config=configs/pavlovian_coherence.py --workdir=/tmp/coh
    The same grid with 2000 draws.

Choice (docs/pavlovian.md §7.1): margin 1/2.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.d_k = (64, 256, 1024)
  c.N = (4, 8, 16, 32)
  c.keys = "sphere"
  c.margin = 0.5
  c.num_seeds = 2000
  c.base_seed = 0
  c.batch_size = 400
  c.vectorize = 0
  if preset == "quick":
    c.num_seeds = 400
  elif preset == "smoke":
    c.d_k = (64,)
    c.N = (4, 8)
    c.num_seeds = 4
  return c
