r"""Learned embeddings in d = 2 (spec outer_product.md §3.5, §5 F-q, §7.7;
figure paper_figs.outer_embeddings): N = 100 tokens, α = 2, E, W and U all
learned (W_0 entries N(0, 1), E and U entries N(0, 1/d)), Adam with its
default moments (β1 = 0.9, β2 = 0.999, no d-rescaling) at lr 0.1, 1000
steps of 1000 fresh samples, for M over the distinct values of
⌊logspace(0, 2, 50)⌋. Every trial is a fresh model (the reference notebook
reuses one model across the trials of each M; the spec asks for a
re-initialisation per trial).

Commands and what they gave on 2 CPU cores shared with two other jobs
(times inflated up to ~2-3x):

  python -m sims.outer_embeddings --config=configs/outer_embeddings.py:smoke --workdir=/tmp/oe_smoke
  python -m sims.outer_embeddings --config=configs/outer_embeddings.py:quick --workdir=/tmp/oe_quick
  python -m sims.outer_embeddings --config=configs/outer_embeddings.py --workdir=/tmp/oe
    FILLED_IN_BELOW

Not done: the scatter plots of the learned e_x per class and the decision
regions of U at M = 5 (Adam lr 1e-3, 10^4 steps) of the spec's F-q.
"""

import ml_collections
import numpy as np

from configs.outer_grid import panel

PRESETS = ("smoke", "quick", "default")
M_ALL = tuple(int(m) for m in np.unique(np.floor(np.logspace(0, 2, 50)).astype(int)))


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  preset = arg or "default"
  if preset not in PRESETS:
    raise ValueError(f"unknown preset {preset!r}; presets: {', '.join(PRESETS)}")
  c = ml_collections.ConfigDict()
  c.preset = preset
  c.panels = ml_collections.ConfigDict({
      "learned_d2": panel(N=100, M=M_ALL, d=2, model="learnable", optimizer="adam",
                          gamma=0.1, B=1000, T=None, steps=(100, 1000), w0_std=1.0,
                          emb_std=None, adam_b1=0.9, adam_b2=0.999, lr_rescale=False)})
  c.num_seeds = 10
  c.base_seed = 0
  c.n_head = 30
  c.eq16 = False
  c.grad_std = False
  c.sgd_kernel = True
  c.d_buckets = (2,)
  c.B_buckets = (1000,)
  c.num_bootstrap = 200          # fits.jsonl slope errors
  c.batch_size = 128
  c.vectorize = 0
  if preset == "quick":
    c.panels.learned_d2.M = (1, 2, 3, 5, 8, 13, 20, 26, 32, 42, 62, 100)
    c.num_seeds = 3
  elif preset == "smoke":
    c.panels.learned_d2.M = (2, 50)
    c.panels.learned_d2.steps = (10, 50)
    c.num_seeds = 2
  return c
