r"""What SGD stores, and GD vs SignGD vs normalised GD (docs/outer_product.md
§3.4-§3.5, §7.8, §9; figures paper_figs.outer_eq16_map (F-g, F-h: theory
only, the Eq. 16 map) and paper_figs.outer_sgd_map (F-i, F-j, F-k)).

Panels (sims/_outer_training.py lists the fields):
  sgd_vs_eq16  (F-i) N = 100, M = 5, d = 10, α = 2, SGD γ = 1, |B| = 1000
               fresh samples, 100 steps from W_0 = 0, every step recorded;
               beside it the mini-batch Eq. 16 map on the same batches
               (denominator M - 1, docs/outer_product.md §3.4) stored as W_q in the same
               embeddings.
  gd_variants  (F-j) N = 10, M = 5, d = 10, α = 2, the full population
               gradient, γ = 1, 100 epochs from W_0 = 0: GD, SignGD,
               normalised GD; error and the gradient's std per epoch.
  schedule     (F-k) N = 10, M = 5, d = 5, α = 1.5, batch 1, 1000 steps of
  schedule_step  SGD from W_0 = 0: γ = 10, γ = 0.1, and γ = 10 then x0.03 from
               step 100. Result not established (docs/outer_product.md §9): reported, no
               direction asserted.

Commands and what they gave on 2 CPU cores (wall time of the command, with
~2.5 s of start-up; measured beside one other job: up to ~1.5x inflated):

  python -m sims.outer_sgd_map --config=configs/outer_sgd_map.py:smoke --workdir=/tmp/osm_smoke
    3 trials, a few steps, SGD only: ~7 s.
  python -m sims.outer_sgd_map --config=configs/outer_sgd_map.py:quick --workdir=/tmp/osm_quick
    20 trials: ~12-18 s. Measured:
      F-i (step 0, 10, 50, 100): SGD 0.359, 0.163, 0.122, 0.094; Eq. 16 map
        0.359, 0.161, 0.139, 0.153, with std 0.13 against SGD's 0.04 at step
        100: the map over-estimates the error and varies more (docs/outer_product.md §7.8)
      F-j (epoch 0, 10, 50, 100): GD 0.337, 0.099, 0.066, 0.049; SignGD 0.337,
        0.001, 0, 0; normalised GD 0.337, 0.003, 0, 0; gradient std of GD
        falls from 0.064 to 0.003, of SignGD to 4e-5 (it has stored every token)
      F-k (T = 10, 10^2, 300, 10^3; docs/outer_product.md §9 reference in brackets): γ = 10
        0.27, 0.10, 0.086, 0.028 [0.30, 0.15, 0.084, 0.035]; γ = 0.1 0.36, 0.26,
        0.21, 0.13 [0.32, 0.24, 0.18, 0.12]; γ = 10 then x0.03 0.27, 0.10,
        0.072, 0.054 [0.30, 0.15, 0.081, 0.050]: the large constant γ is best
        at T = 10^3 here too; no direction is asserted (not established)
  python -m sims.outer_sgd_map --config=configs/outer_sgd_map.py --workdir=/tmp/osm
    100 trials (the settings of docs/outer_product.md §5).

Choices: E, U entries N(0, 1/d) (the grid's embeddings, as the reference
notebooks); the F-h counts and the F-g iterates are pure theory
(theory/sgd_map.py), drawn by the figure without a simulation.
"""

import ml_collections

from configs._outer_training import panel, training_config


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  preset = arg or "default"
  every = tuple(range(101))
  k_steps = (0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 70, 100, 150, 200, 300, 500, 700, 1000)
  c = training_config(preset, {
      "sgd_vs_eq16": panel(N=100, d=10, optimizer="sgd", gamma=1.0, B=1000, T=None,
                           steps=every, w0_std=0.0, eq16_denominator="M-1"),
      "gd_variants": panel(N=10, d=10, optimizer=("sgd", "sign_gd", "normalized_gd"),
                           gamma=1.0, B=0, T=None, steps=every, w0_std=0.0),
      "schedule": panel(N=10, d=5, alpha=1.5, optimizer="sgd", gamma=(10.0, 0.1), B=1,
                        T=None, steps=k_steps, w0_std=0.0),
      "schedule_step": panel(N=10, d=5, alpha=1.5, optimizer="sgd", gamma=10.0, B=1,
                             T=None, steps=k_steps, schedule="step", decay_factor=0.03,
                             decay_step=100, w0_std=0.0),
  }, num_seeds=100, n_head=5, eq16=True, grad_std=True, d_buckets=(10,), batch_size=128)
  if preset == "quick":
    c.num_seeds = 20
  elif preset == "smoke":
    c.panels.sgd_vs_eq16.steps = (0, 1, 10)
    c.panels.gd_variants.steps = (0, 1, 10)
    c.panels.gd_variants.optimizer = ("sgd",)  # one program: SGD in its kernel form
    c.panels.schedule.steps = (0, 10, 200)
    c.panels.schedule_step.steps = (0, 10, 200)
    c.num_seeds = 3
  return c
