r"""Head redundancy at fixed width (docs/pavlovian.md §1.3e; figure F6).

  python -m sims.pavlovian_heads --config=configs/pavlovian_heads.py:smoke --workdir=/tmp/heads_smoke
  python -m sims.pavlovian_heads --config=configs/pavlovian_heads.py:quick --workdir=/tmp/heads_quick
    Hebbian, d_model = 128, H = 1, 2, 4, 8, 16, N = 32, 128, 50 seeds:
    ~9 s (5 compiled programs). Measured relMSE of the averaged heads (theory (N - 1)/d_model =
    .242 and .992 whatever H; tolerance max(5 %, 4 SE)):
      N = 32, H = 1, 2, 4, 8, 16: 0.244, 0.247, 0.245, 0.243, 0.243 (SE .003)
      N = 128: 0.994, 0.993, 0.994, 0.990, 0.989 (SE .003)
    Per-head decode error at N = 128: 0, 0, .044, .355, .738; majority vote
    0, 0, 0, .007, .087: voting rescues heads that are individually wrong
    a third of the time, but not at H = 16 where p_head > 1/2.
  python -m sims.pavlovian_heads --config=configs/pavlovian_heads.py --workdir=/tmp/heads
    Adds N = 64, 256 and 200 seeds.

Choices (docs/pavlovian.md §7.1): values are signs +-1/sqrt(d_v), d_v =
d_model; heads read the same values under independent unit keys (the
"independent key projections" of §1.3e); votes are plurality votes, ties to
the lowest index.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.rule = ("hebbian",)
  c.d_model = 128
  c.H = (1, 2, 4, 8, 16)
  c.N = (32, 64, 128, 256)
  c.values = "signs"
  c.gates = ml_collections.ConfigDict()
  c.rule_options = ml_collections.ConfigDict()
  c.num_seeds = 200
  c.base_seed = 0
  c.batch_size = 100
  c.vectorize = 0
  if preset == "quick":
    c.N = (32, 128)
    c.num_seeds = 50
  elif preset == "smoke":
    c.d_model = 32
    c.H = (1, 4)
    c.N = (8, 32)
    c.num_seeds = 2
  return c
