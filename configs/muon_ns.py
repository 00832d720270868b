r"""The Newton-Schulz effect on Muon's balance (docs/muon_tail.md §5, figure
M-3): rho^eps of one momentum-free optax Muon step from 0 vs the number of
NS steps, for optax's default quintic and the convergent cubic
coefficients, against the exact polar factor.

Commands (from the repository root), results and runtimes on 2 shared CPU
cores (wall times inflated up to ~2-3x by other jobs on the machine):

  python -m sims.muon_ns --config=configs/muon_ns.py:smoke --workdir=/tmp/ns_smoke
    K = 60, steps {1, 5, 30} x 2 coefficient sets: ~5 s.

  python -m sims.muon_ns --config=configs/muon_ns.py:quick --workdir=/tmp/ns_quick
    K = 300, steps 1..20 x 2 coefficient sets (40 records): ~9 s (load ~3).
    Every rho and singular value equals the closed form to < 1e-9 relative.
    Exact polar rho = 0.98976. Quintic: rho 0.0064, 0.22 at 1, 3 steps,
    0.9813 at 6, then 0.9738 .. 0.9789 (below the exact value), singular
    values oscillating in [0.68, 1.13] (to 30 steps: the same cycle).
    Cubic: 0.0064 at 1 step (GD-like), 0.068 at 9, 0.9825 at 13, = 0.98976
    from 17 steps on.
    At the reference K = 999 (docs/muon_tail.md §8; closed form,
    tests/test_muon_theory.py) the quintic falls much further: 0.9815 at 5
    steps, 0.50 at 21, 25, 29.

  python -m sims.muon_ns --config=configs/muon_ns.py --workdir=/tmp/ns
    The reference setting (docs/muon_tail.md §8): K = 999 (decoupled,
    alpha = 0.8, beta = 0.2), steps 1..30: 930 NS steps of three 999 x 999
    float64 products (~2 min on 2 cores).

Choices (docs/muon_tail.md §5, §10; config fields): float64 (theory reproduction; the NS
polynomial, not rounding, is the effect); the quick preset uses K = 300
instead of 999 to stay within its time budget (the same qualitative
behaviour; the closed form gives K = 999 at no cost, see the tests); 120
log-spaced eta in 10^-2..10^5 bracket eta*, then 60 bisections.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.ns_coeffs = ("quintic", "cubic")
  c.ns_steps = tuple(range(1, 31))
  c.K = 999
  c.alpha = 0.8
  c.beta = 0.2
  c.L_rounding = "round"
  c.eps = 0.01
  c.eta_min = 1e-2
  c.eta_max = 1e5
  c.num_eta = 120   # the grid only brackets eta* (no path is drawn here)
  c.bisect_steps = 60
  c.dtype = "float64"
  c.base_seed = 0
  c.batch_size = 64   # runtime only
  c.vectorize = 0
  if preset == "quick":
    c.K = 300
    c.ns_steps = tuple(range(1, 21))
  elif preset == "smoke":
    c.K = 60
    c.ns_steps = (1, 5, 30)
  return c
