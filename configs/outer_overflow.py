r"""Overflow of the seen-token scheme q^_0 = 1{seen} (docs/outer_product.md
§3.2, §7.4, §9; figure F-d: paper_figs.outer_overflow).

N = 100, M = 5, scheme "fill" on seen tokens, a log-spaced (d, T) grid, both
Zipf exponents: α = 0.5 (the reference code's figure) and α = 2 (the
overflow targets, docs/outer_product.md §7.4); which one the paper's figure
uses is not established (§9), so both are run (config.alpha). The grid always contains
d in {10, 100} and T in {10, 10^2, 10^3, 10^4}, the points of §7.4.

Commands and what they gave on 2 CPU cores (wall time of the command, with
~2.5 s of start-up; measured beside one other job: up to ~1.5x inflated):

  python -m sims.outer_overflow --config=configs/outer_overflow.py:smoke --workdir=/tmp/oo_smoke
    d in {10, 100}, T in {10, 10^4}, α = 2, 4 trials: ~4 s.

  python -m sims.outer_overflow --config=configs/outer_overflow.py:quick --workdir=/tmp/oo_quick
    11 x 10 (d, T) grid, both α, 40 trials (as §7.4): ~7 s. At α = 2
    (docs/outer_product.md §7.4 in brackets, accept ±0.05 with the same shape):
      d = 10, T = 10..10^4: 0.25, 0.35, 0.51, 0.67 [0.32, 0.36, 0.57, 0.67]
        (standard errors 0.03-0.05): rising
      d = 100: 0.166, 0.052, 0.016, 0.112 [0.155, 0.048, 0.039, 0.155]: U-shaped
    At α = 0.5 the error at d = 10 stays at 0.64-0.74 for every T (overflow
    from the start: nearly all 100 tokens are seen by T = 10^2).

  python -m sims.outer_overflow --config=configs/outer_overflow.py --workdir=/tmp/oo
    Paper scale: 30 x 30 log-spaced grid (plus the §7.4 points), 100 trials.

Other choices: as configs/outer_product_scaling.py (nested embeddings,
Gaussian e, spherical u, nested data).
"""

from configs import _common, outer_product_scaling


def get_config(arg: str | None = None):
  preset = arg or "default"
  c = outer_product_scaling.get_config(preset)
  c.N = (100,)
  c.M = (5,)
  c.alpha = (0.5, 2.0)
  c.scheme = ("fill",)
  c.d = tuple(sorted(set(_common.log_ints(10, 1000, 30)) | {10, 100}))
  c.T = tuple(sorted(set(_common.log_ints(10, 10_000, 30)) | {10, 100, 1000, 10_000}))
  c.num_seeds = 100
  c.fit_d_min = 50
  c.fit_T_min = 100
  if preset == "quick":
    c.d = tuple(sorted(set(_common.log_ints(10, 1000, 11)) | {10, 100}))
    c.T = tuple(sorted(set(_common.log_ints(10, 10_000, 10)) | {10, 100, 1000, 10_000}))
    c.num_seeds = 40
  elif preset == "smoke":
    c.alpha = (2.0,)
    c.d = (10, 100)
    c.T = (10, 10_000)
    c.num_seeds = 4
  return c
