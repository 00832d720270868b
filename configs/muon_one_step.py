r"""One-step and multi-step balance of GD / SignGD / Muon on the one-layer
softmax memory (docs/muon_tail.md §§2-4, §8: figures M-1 = Fig. 4b, M-2 =
Fig. 4c, M-4; Wang et al., arXiv 2509.26030 v2, Theorems 5.3, 5.4).

Commands (from the repository root), results and runtimes on 2 shared CPU
cores (wall times inflated up to ~2-3x by other jobs on the machine):

  python -m sims.muon_one_step --config=configs/muon_one_step.py:smoke \
      --workdir=/tmp/m1_smoke
    K = 30, 3 optimizers x 2 embeddings, 200 multi-steps: ~7 s. rho = 0.053675
    (GD), 0.98786 (Muon), 0.99 (SignGD decoupled), 0.36214 (SignGD coupled),
    each equal to the theory to 1e-9.

  python -m sims.muon_one_step --config=configs/muon_one_step.py:quick \
      --workdir=/tmp/m1_quick
    K in {30, 300, 999} x 3 optimizers x 2 embeddings (18 records), multi-
    step at K = 300 (130 steps, eta = 0.09 eta*): ~30 s (load ~3).
    Measured at K = 999 (docs/muon_tail.md §8 targets in brackets), every value equal to
    its theory to < 1e-13 relative:
      rho_GD     = 0.002053715 coupled and decoupled   [0.0020537, 1e-3 rel]
      rho_Muon   = 0.9899194 coupled and decoupled,
                   |coupled - decoupled| < 1e-15       [0.98992, 1e-3 rel; < 1e-9]
      rho_SignGD = 0.9900000 decoupled                 [0.99000, 5e-3 abs]
                   0.0297644 coupled                   [0.02976, 5e-3 abs]
      max Delta on the path: GD 0.99718 at L = 1.184   [0.997 near 1.19, +-0.002]
                             Muon 0.00124               [~1e-3, < 5e-3]
                             SignGD coupled 1.0         [~1.0]
    rho_GD at K = 30, 300: 0.053675, 0.0063246 (closed form A^r/(A^r + K -
    1) to 1e-13; 0.017917 at K = 99); Muon 0.98786, 0.98976 (0.98932 at
    K = 99): 1 - rho -> eps from above. Multi-step at K = 300: GD crosses 1 - eps at t = 116
    with rho = 0.5079, Muon at t = 12 with 0.99547 (both embeddings),
    SignGD decoupled t = 12, 0.99559, coupled t = 14, 0.97192; equal to the
    exact recursion where it exists.

  python -m sims.muon_one_step --config=configs/muon_one_step.py \
      --workdir=/tmp/m1
    Paper scale: K up to 3000, multi-step at K = 999 with eta = 0.019 eta*
    (~eta*/50; docs/muon_tail.md §10.2) and 600 steps for every optimiser
    (200 are too few for GD: by the exact recursion it crosses 1 - eps
    at t = 503 with rho = 0.3594; Muon and decoupled SignGD at t = 53 with
    0.99069 and 0.99077). Muon: one 999 x 999 SVD per step, ~10 min on CPU.

Choices the paper leaves open (docs/muon_tail.md §10; all config fields):
  L_rounding = "round" (L = 200 at K = 999); eta grid 10^-2 .. 10^5 with
  num_eta = 400 log-spaced points and 60 bisections (docs/muon_tail.md §9); muon_rtol =
  1e-10 (singular values below 1e-10 sigma_max are dropped from the polar
  factor: X has rank K - 1); multi-step (Fig. 4c): constant eta =
  multi_eta_fraction x the optimiser's own one-step eta*, full population
  gradient, from W_0 = 0, multi_steps steps for every optimiser. The
  fraction is not 1/n: SignGD (decoupled) repeats one direction, so with
  eta = eta*/n it reaches max P = 1 - eps exactly at step n, a tie that
  rounding decides. The quick preset runs the multi-step at K = 300, not
  999 (130 exact-polar SVDs of 999 x 999 would take minutes).
  delta_floor = 1e-16 (decoupled SignGD has Delta = 0 exactly; the
  figures clip there).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
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
  c.multi_steps = 600
  # Figure only: floor of Delta on the log axis.
  c.delta_floor = 1e-16
  c.base_seed = 0
  c.batch_size = 64   # runtime only
  c.vectorize = 0

  if preset == "quick":
    c.K = (30, 300, 999)
    c.multi_step_K = (300,)
    c.multi_eta_fraction = 0.09
    c.multi_steps = 130  # GD crosses at t = 116 (K = 300)
  elif preset == "smoke":
    c.K = (30,)
    c.multi_step_K = (30,)
    c.num_eta = 120
    c.multi_eta_fraction = 0.09
    c.multi_steps = 200
  return c
