r"""Capacity of the exponential dense memory F(S) = e^S as exact fixed points
vs N (docs/hopfield.md §2.3-§2.4, figure H9).

  python -m sims.dense_exp_capacity --config=configs/dense_exp_capacity.py:smoke --workdir=/tmp/de_smoke
    N in {8, 12}, P = 0.25 and 2 x the Gaussian estimate's P_50, 4 seeds:
    ~5 s. Fraction of tested patterns fixed: 0.91 and 0.31 (N = 8, P = 15
    and 120), 0.72 and 0.34 (N = 12, P = 167 and 1332).
  python -m sims.dense_exp_capacity --config=configs/dense_exp_capacity.py:quick --workdir=/tmp/de_quick
    N = 8..18, 7 ratios, 16 seeds x 8 tested patterns: ~15 s. P_50 = 47,
    138, 505, 1665, 4654, 18164 at N = 8, 10, ..., 18 (bootstrap error of
    log2 P_50: 0.11-0.21; reference values 43, 421, 5.2e3 at N = 8, 12, 16,
    docs/hopfield.md §2.4); growth log2 P_50 = 0.856 (+-0.014) N (reference:
    "about 2^(0.87 N)"), against the Demircigil guarantee N/2 and the derived
    Gaussian estimate's 0.90. The fraction fixed falls slowly in P (0.83 at
    P_50/4): failures come from a few near neighbours of the pattern (a
    neighbour at Hamming distance 1 cancels the signal of one bit exactly),
    which the Gaussian estimate misses; it overstates P_50 by 1.3-1.8x.
  python -m sims.dense_exp_capacity --config=configs/dense_exp_capacity.py --workdir=/tmp/de
    Paper scale: N = 8..22, 32 seeds x 16 tested patterns.

Choices (docs/hopfield.md §8; config fields): error-free criterion only (the exponential
memory runs at T = 0; its fields are defined up to a positive factor); the
first `num_tested` patterns of each task are tested; P on a grid of ratios to
the derived Gaussian estimate of P_50 (a grid that follows the capacity). The
Demircigil line N/2 uses the theorem form quoted in docs/hopfield.md §8.7 (not
checked against the paper); the Gaussian signal-to-noise curve is derived.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.N = (8, 10, 12, 14, 16, 18, 20, 22)
  # P = round(ratio * P_50 of the Gaussian estimate), spacing 2^(1/2).
  c.ratio = (0.18, 0.25, 0.35, 0.5, 0.71, 1.0, 1.41)
  c.num_tested = 16
  c.num_seeds = 32
  c.base_seed = 0
  c.batch_size = 32
  c.vectorize = 0
  if preset == "quick":
    c.N = (8, 10, 12, 14, 16, 18)
    c.num_tested = 8
    c.num_seeds = 16
  elif preset == "smoke":
    c.N = (8, 12)
    c.ratio = (0.25, 2.0)
    c.num_tested = 8
    c.num_seeds = 4
  return c
