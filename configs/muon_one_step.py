r"""One-step and multi-step balance of GD / SignGD / Muon on the one-layer
softmax memory (spec muon_tail.md §§2-4, §8: figures M-1 = Fig. 4b, M-2 =
Fig. 4c, M-4; Wang et al., arXiv 2509.26030 v2, Theorems 5.3, 5.4).

Commands (from the repository root), results and runtimes on 2 shared CPU
cores (wall times inflated up to ~2-3x by other jobs on the machine):

  python -m sims.muon_one_step --config=configs/muon_one_step.py:smoke \
      --workdir=/tmp/m1_smoke
    K = 30, 3 optimizers x 2 embeddings, multi-step at K = 30: ~6 s.

  python -m sims.muon_one_step --config=configs/muon_one_step.py:quick \
      --workdir=/tmp/m1_quick
    K in {30, 99, 300, 999}, 3 optimizers x 2 embeddings (24 records), multi-
    step at K = 999 (muon: 12 steps): MEASURED below.

  python -m sims.muon_one_step --config=configs/muon_one_step.py \
      --workdir=/tmp/m1
    Paper scale: K up to 3000, multi-step at K = 999 with eta = eta*/50 and
    the spec's 200 steps per optimiser (Muon: one 999 x 999 SVD per step).

Expected at K = 999, alpha = 0.8, beta = 0.2 (L = 200), eps = 0.01 (the
spec's §8 targets; measured values in the records, all float64):
  rho_GD = 0.0020537 (coupled = decoupled; closed form A^r/(A^r + K - 1)),
  rho_Muon = 0.98992 (exact polar; coupled - decoupled < 1e-9),
  rho_SignGD = 0.99000 (decoupled) and 0.02976 (coupled),
  max Delta on the one-step GD path 0.997 near L ~ 1.19.

Choices where the spec leaves them open (spec §10; all config fields):
  L_rounding = "round" (L = 200 at K = 999); eta grid 10^-2 .. 10^5 with
  num_eta = 400 log-spaced points and 60 bisections (spec §9); muon_rtol =
  1e-10 (singular values below 1e-10 sigma_max are dropped from the polar
  factor: X has rank K - 1); multi-step (Fig. 4c): constant eta =
  multi_eta_fraction x the optimiser's own one-step eta*, full population
  gradient, from W_0 = 0, multi_steps[optimizer] steps; delta_floor = 1e-16
  (decoupled SignGD has Delta = 0 exactly; the figure clips there).
"""

import ml_collections

PRESETS = ("smoke", "quick", "default")


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  preset = arg or "default"
  if preset not in PRESETS:
    raise ValueError(f"unknown preset {preset!r}; presets: {', '.join(PRESETS)}")
  c = ml_collections.ConfigDict()
  c.preset = preset
  # Swept axes.
  c.K = (30, 99, 300, 999, 3000)
  c.optimizer = ("gd", "signgd", "muon")
  c.embedding = ("decoupled", "coupled")
  # The two-level law (Assumption 5.2) and the balance threshold.
  c.alpha = 0.8
  c.beta = 0.2
  c.L_rounding = "round"
  c.eps = 0.01
  # The one-step path and the eta* search.
  c.eta_min = 1e-2
  c.eta_max = 1e5
  c.num_eta = 400
  c.bisect_steps = 60
  c.muon_rtol = 1e-10
  # Multi-step runs (Fig. 4c) at these K.
  c.multi_step_K = (999,)
  c.multi_eta_fraction = 0.019  # ~1/50, not 1/n: see the docstring
  c.multi_steps = 200
  # Figure only: floor of Delta on the log axis.
  c.delta_floor = 1e-16
  c.base_seed = 0
  c.batch_size = 64   # runtime only
  c.vectorize = 0

  if preset == "quick":
    c.K = (30, 99, 300, 999)
    c.multi_step_K = (300,)
    c.multi_eta_fraction = 0.09
    c.multi_steps = 150
  elif preset == "smoke":
    c.K = (30,)
    c.multi_step_K = (30,)
    c.num_eta = 120
    c.multi_eta_fraction = 0.09
    c.multi_steps = 200
  return c
