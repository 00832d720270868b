r"""Memorisation capacity of multi-head attention: the largest T of random
labels memorised against H, n and d_h (docs/pavlovian.md §2; figure F10).

  python -m sims.mha_memorization --config=configs/mha_memorization.py:smoke --workdir=/tmp/mm_smoke
  python -m sims.mha_memorization --config=configs/mha_memorization.py:quick --workdir=/tmp/mm_quick
    d = d_model = 16, n = 8, shared context, 100 classes; H = 1, 2, 4, 8
    (d_h = 16) and d_h = 2, 4, 8, 16 (H = 4); T = 16 .. 160 (6 values); 500
    full-batch Adam steps at lr 1e-2; 2 seeds: ~26 s (one compiled program).
    Measured largest T memorised (both seeds): H = 1, 2, 4, 8: 0 / 0, 32 /
    16, 64 / 64, 160 / 160 (160: the top of the grid): least-squares slope
    22.7 per head, R^2 = 0.999 (the paper: linear in H). d_h = 2, 4, 8, 16 at H = 4, n = 8: 64
    everywhere: flat beyond d_h = n as the paper says, and flat below it
    too on this grid (no gain from d_h at this size). H = 1 memorises fewer
    than 16 of 100 classes: one head gives the decoder one scalar.
  python -m sims.mha_memorization --config=configs/mha_memorization.py --workdir=/tmp/mm
    Paper scale (a GPU): d = d_model = 64, H0 = 20, n0 = 32, the paper's H
    and n grids, T = 10 000 .. 40 000 (the paper's shared-context grids;
    its random-context ones reach 130 000), 6 seeds.

Choices (docs/pavlovian.md §7): one value channel per head; sinusoidal
positions; the query masked as a key; Adam with 5 % warm-up from 0.01 lr
and cosine decay, full batch (the paper: batch 256); the accuracy at the
lowest train loss; memorised = train accuracy >= memorized_threshold.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.sweep = ("H", "n", "d_h")
  c.H = (1, 5, 10, 20, 30, 40, 50, 60)
  c.n = (1, 5, 10, 20, 30, 40, 50, 60)
  c.d_h = (8, 16, 32, 64)
  c.H0 = 20
  c.n0 = 32
  c.d_h0 = 64
  c.d = 64
  c.d_model = 64
  c.num_classes = 100
  c.context = "shared"
  c.T = (10_000, 20_000, 30_000, 40_000)
  c.steps = 50_000
  c.eval_every = 500
  c.learning_rate = 1e-3
  c.memorized_threshold = 1.0
  c.num_seeds = 6
  c.base_seed = 0
  c.batch_size = 8
  c.vectorize = 0
  if preset == "quick":
    c.sweep = ("H", "d_h")
    c.H = (1, 2, 4, 8)
    c.d_h = (2, 4, 8, 16)
    c.H0, c.n0, c.d_h0 = 4, 8, 16
    c.d = c.d_model = 16
    c.T = (16, 32, 64, 96, 128, 160)
    c.steps = 500
    c.eval_every = 25
    c.learning_rate = 1e-2
    c.num_seeds = 2
    c.batch_size = 64
  elif preset == "smoke":
    c.sweep = ("H",)
    c.H = (1, 2)
    c.H0, c.n0, c.d_h0 = 1, 4, 8
    c.d = c.d_model = 8
    c.T = (16,)
    c.steps = 50
    c.eval_every = 10
    c.learning_rate = 1e-2
    c.num_seeds = 1
    c.batch_size = 8
  return c
