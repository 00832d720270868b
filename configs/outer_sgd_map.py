r"""What SGD stores, and GD vs SignGD vs normalised GD (spec outer_product.md
§3.4-§3.5, §7.8, §9; figures F-g, F-h (theory only: the Eq. 16 map), F-i,
F-j, F-k: paper_figs.outer_eq16_map, outer_sgd_vs_eq16, outer_gd_variants,
outer_schedule).

Panels (sims/_outer_training.py lists the fields):
  sgd_vs_eq16  (F-i) N = 100, M = 5, d = 10, α = 2, SGD γ = 1, |B| = 1000
               fresh samples, 100 steps from W_0 = 0, every step recorded;
               beside it the mini-batch Eq. 16 map on the same batches
               (denominator M - 1, spec §3.4) stored as W_q in the same
               embeddings.
  gd_variants  (F-j) N = 10, M = 5, d = 10, α = 2, the full population
               gradient, γ = 1, 100 epochs from W_0 = 0: GD, SignGD,
               normalised GD; error and the gradient's std per epoch.
  schedule     (F-k) N = 10, M = 5, d = 5, α = 1.5, batch 1, 1000 steps of
               SGD from W_0 = 0: γ = 10, γ = 0.1, and γ = 10 then x0.03 from
               step 100 (the product of the panel also runs γ = 0.1 with the
               decay, which the figure ignores). Result not established
               (spec §9): reported, no direction asserted.

Commands and what they gave on 2 CPU cores shared with two other jobs
(times inflated up to ~2-3x):

  python -m sims.outer_sgd_map --config=configs/outer_sgd_map.py:smoke --workdir=/tmp/osm_smoke
  python -m sims.outer_sgd_map --config=configs/outer_sgd_map.py:quick --workdir=/tmp/osm_quick
  python -m sims.outer_sgd_map --config=configs/outer_sgd_map.py --workdir=/tmp/osm
    FILLED_IN_BELOW

Choices: E, U entries N(0, 1/d) (the grid's embeddings, as the reference
notebooks); the F-h counts and the F-g iterates are pure theory
(theory/sgd_map.py), drawn by the figure without a simulation.
"""

import ml_collections

from configs.outer_grid import panel

PRESETS = ("smoke", "quick", "default")


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  preset = arg or "default"
  if preset not in PRESETS:
    raise ValueError(f"unknown preset {preset!r}; presets: {', '.join(PRESETS)}")
  c = ml_collections.ConfigDict()
  c.preset = preset
  every = tuple(range(101))
  k_steps = (0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000)
  c.panels = ml_collections.ConfigDict({
      "sgd_vs_eq16": panel(N=100, d=10, optimizer="sgd", gamma=1.0, B=1000, T=None,
                           steps=every, w0_std=0.0, eq16_denominator="M-1"),
      "gd_variants": panel(N=10, d=10, optimizer=("sgd", "sign_gd", "normalized_gd"),
                           gamma=1.0, B=0, T=None, steps=every, w0_std=0.0),
      "schedule": panel(N=10, d=5, alpha=1.5, optimizer="sgd", gamma=(10.0, 0.1), B=1,
                        T=None, steps=k_steps, schedule=("constant", "step"),
                        decay_factor=0.03, decay_step=100, w0_std=0.0),
  })
  c.num_seeds = 100
  c.base_seed = 0
  c.n_head = 5                  # tokens of error_head / error_tail (N = 10 panels)
  c.eq16 = True
  c.grad_std = True
  c.sgd_kernel = True
  c.d_buckets = (10,)
  c.B_buckets = (1, 1000)       # F-k's single samples apart from F-i's batches of 1000
  c.num_bootstrap = 200          # fits.jsonl slope errors
  c.batch_size = 128
  c.vectorize = 0
  if preset == "quick":
    c.num_seeds = 40
  elif preset == "smoke":
    c.panels.sgd_vs_eq16.steps = (0, 1, 10)
    c.panels.gd_variants.steps = (0, 1, 10)
    c.panels.gd_variants.optimizer = ("sgd",)  # one program: SGD in its kernel form
    c.panels.schedule.steps = (0, 10, 200)
    c.num_seeds = 3
    c.B_buckets = (1000,)
  return c
