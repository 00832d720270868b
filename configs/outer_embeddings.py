r"""Learned embeddings in d = 2 (docs/outer_product.md §3.5, §5 F-q, §7.7;
figure paper_figs.outer_embeddings): N = 100 tokens, α = 2, E, W and U all
learned (W_0 entries N(0, 1), E and U entries N(0, 1/d)), Adam with its
default moments (β1 = 0.9, β2 = 0.999, no d-rescaling) at lr 0.1, 1000
steps of 1000 fresh samples, for M over the distinct values of
⌊logspace(0, 2, 50)⌋. Every trial is a fresh model (the reference notebook
reuses one model across the trials of each M; we re-initialise per trial,
docs/outer_product.md §9.11).

Commands and what they gave on 2 CPU cores (wall time of the command, with
~2.5 s of start-up; measured beside one other job: up to ~1.5x inflated):

  python -m sims.outer_embeddings --config=configs/outer_embeddings.py:smoke --workdir=/tmp/oe_smoke
    M in {2, 50}, 50 steps, 2 trials, and 2 scatter trials of 50 steps: ~14 s.
  python -m sims.outer_embeddings --config=configs/outer_embeddings.py:quick --workdir=/tmp/oe_quick
    8 values of M, 3 trials: ~7.5 s, plus the 2 scatter trials: ~6 s.
    Error after 1000 steps exactly 0 for
    M <= 20, then 0.006 (M = 26) and 0.021-0.023 (M = 42-100).
  python -m sims.outer_embeddings --config=configs/outer_embeddings.py --workdir=/tmp/oe
    The 34 values of M, 10 trials, and 4 scatter trials of 10^4 steps.

The reference (docs/outer_product.md §7.7: ≈ 0.2-0.3 beyond M ≈ 25) is not
reproduced, and we found why: the reference notebook computes the loss as -log(softmax(z)[y])
(not log-softmax) and trains one model on through all 10 trials of an M. With
that loss, runs longer than ~3000 steps reach a token whose softmax
probability underflows to 0, the loss becomes inf, the parameters NaN, and
every token is sent to class 0 (error 1 - p(class 0) = 0.388 at M = 50);
averaging such runs with healthy ones (≈ 0.02) gives the noisy 0.2-0.3. We
checked it by training with that loss for 10^4 steps (3 seeds: NaN and error
0.388 after 3000-10000 steps; with optax's log-softmax cross-entropy, 0.010-
0.014 at 10^4 steps). Here every trial is fresh and the loss is stable.

Scatter plots and decision regions (F-q's second part; config.scatter, one
point, and config.scatter_trials): M = 5, d = 2, E, W, U learned from the
same initialisation as above (W_0 entries N(0, 1), E, U entries N(0, 1/d)),
Adam (β1 = 0.9, β2 = 0.999) at lr 1e-3 for 10^4 steps. The paper gives no
batch size for these runs: we use the error runs' |B| = 1000 fresh samples
per step (config.scatter.B). The models of seeds 0.. are saved whole in
DIR/embeddings_scatter.jsonl (sims/outer_embeddings.py lists its fields);
4 trials in the default, 2 in quick (same 10^4 steps), 2 of 50 steps in
smoke. Measured (quick, 2 cores): 10^4 steps, 4 trials: error exactly 0 in
each (loss 4e-5 to 7e-5), 9.9 s on top of the error runs; 5000 steps:
error 0, 0, 1.4e-4, 2.0e-4, 6.8 s (the fixed part is ~3.5 s of compilation).
With 2 trials the quick preset's scatter stage costs ~6 s.
"""

import ml_collections
import numpy as np

from configs._outer_training import panel, training_config

M_ALL = tuple(int(m) for m in np.unique(np.floor(np.logspace(0, 2, 50)).astype(int)))


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  preset = arg or "default"
  c = training_config(preset, {
      "learned_d2": panel(N=100, M=M_ALL, d=2, model="learnable", optimizer="adam",
                          gamma=0.1, B=1000, T=None, steps=(100, 1000), w0_std=1.0,
                          emb_std=None, adam_b1=0.9, adam_b2=0.999, lr_rescale=False)},
      d_buckets=(2,), batch_size=128)
  # The models kept whole for the scatter plots and decision regions (F-q):
  # M = 5, Adam lr 1e-3, 10^4 steps of |B| = 1000 fresh samples.
  c.scatter = panel(N=100, M=5, d=2, model="learnable", optimizer="adam", gamma=1e-3, B=1000,
                    T=None, steps=10_000, w0_std=1.0, emb_std=None, adam_b1=0.9,
                    adam_b2=0.999, lr_rescale=False)
  c.scatter_trials = 4          # seeds 0.. of config.scatter kept (0: none)
  if preset == "quick":
    c.panels.learned_d2.M = (2, 5, 13, 20, 26, 42, 62, 100)
    c.num_seeds = 3
    c.scatter_trials = 2         # 10^4 steps as in the default: ~6 s on 2 cores
  elif preset == "smoke":
    c.panels.learned_d2.M = (2, 50)
    c.panels.learned_d2.steps = (10, 50)
    c.num_seeds = 2
    c.scatter.steps = 50
    c.scatter_trials = 2
  return c
