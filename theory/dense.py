"""Capacity theory of dense associative memories (docs/hopfield.md §2.2-§2.4).

Convention: **all-index** (Krotov–Hopfield), E = -sum_mu (xi^mu . sigma)^n,
the sum over all index tuples with repeated indices. This is what
`assoc.hopfield.dense` simulates. The distinct-index (P-spin) convention is
available for comparison (`convention="distinct"`); the two differ only in
the crosstalk variance constant c_n.

Load: P = alpha_n N^(n-1).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import optimize, special, stats

CONVENTIONS = ("all_index", "distinct")


def c_n(n: int, convention: str = "all_index") -> float:
  """Crosstalk variance constant: (2n-3)!! all-index, (n-1)! distinct (docs/hopfield.md §2.2)."""
  if convention == "all_index":
    return float(special.factorial2(2 * n - 3)) if n >= 2 else 1.0
  if convention == "distinct":
    return float(math.factorial(n - 1))
  raise ValueError(f"unknown convention {convention!r}; known: {', '.join(CONVENTIONS)}")


def _y_of(alpha_n, n, convention):
  return lambda y: erf_power(y, n) / math.sqrt(2 * alpha_n * c_n(n, convention))


def erf_power(y: float, n: int) -> float:
  return special.erf(y) ** (n - 1)


@functools.cache
def _critical(n: int, convention: str) -> tuple[float, float]:
  """(y*, alpha_c) maximising erf(y)^(2(n-1)) / (2 c_n y^2)."""
  f = lambda y: -(special.erf(y) ** (2 * (n - 1))) / (2 * c_n(n, convention) * y * y)
  res = optimize.minimize_scalar(f, bounds=(0.05, 6.0), method="bounded",
                                 options={"xatol": 1e-12})
  return float(res.x), float(-res.fun)


def alpha_c(n: int, convention: str = "all_index") -> float:
  """RS capacity at T = 0 (derived, docs/hopfield.md §2.3): alpha_c = max_y
  erf(y)^(2(n-1)) / (2 c_n y^2); n >= 3 (at n = 2 the formula is spurious:
  use AGS, 0.138). 0.0841 (n = 3), 0.0132 (4), 0.00165 (5), 0.000167 (6)."""
  if n < 3:
    raise ValueError("alpha_c(n) is the dense-memory formula, n >= 3; n = 2 is AGS")
  return _critical(n, convention)[1]


def m_at_alpha_c(n: int, convention: str = "all_index") -> float:
  return float(special.erf(_critical(n, convention)[0]))


def overlap_zero_t(alpha_n: float, n: int, convention: str = "all_index") -> float:
  """RS retrieval overlap m at T = 0 and load alpha_n (derived, docs/hopfield.md §2.3):
  m = erf(y), y = m^(n-1) / sqrt(2 alpha_n c_n): the largest root; 0 above
  alpha_c."""
  if alpha_n <= 0:
    return 1.0
  if alpha_n > alpha_c(n, convention):
    return 0.0
  y_star = _critical(n, convention)[0]
  k = math.sqrt(2 * alpha_n * c_n(n, convention))
  f = lambda y: special.erf(y) ** (n - 1) / k - y  # positive between the roots
  hi = y_star + 1.0
  while f(hi) > 0:
    hi *= 2
  if f(y_star) <= 0:
    return float(special.erf(y_star))
  return float(special.erf(optimize.brentq(f, y_star, hi, xtol=1e-14)))


def _crosstalk_variance(N: int, n: int) -> float:
  """v = E[((S+1)^n - (S-1)^n)^2], S a sum of N-1 independent +-1 (exact)."""
  k = np.arange(N)
  S = (2 * k - (N - 1)).astype(float)
  pmf = stats.binom.pmf(k, N - 1, 0.5)
  return float(pmf @ (((S + 1) ** n - (S - 1) ** n) ** 2))


def prob_fixed(N: int, P, n: int):
  """Probability that a stored pattern is an exact fixed point, all-index,
  finite N (derived, docs/hopfield.md §2.3): Phi(s / sqrt((P-1) v))^N with signal
  s = N^n - (N-2)^n and v the exact crosstalk variance of one other pattern.
  At n = 2 it is the Hebbian formula of `theory.snr`."""
  s = float(N) ** n - float(N - 2) ** n
  v = _crosstalk_variance(N, n)
  P = np.asarray(P, float)
  with np.errstate(divide="ignore"):
    out = np.exp(N * special.log_ndtr(s / np.sqrt((P - 1) * v)))
  return float(out) if out.ndim == 0 else out


def p50_fixed(N: int, n: int) -> float:
  """P at which prob_fixed = 1/2 (the finite-N formula column of §2.4)."""
  hi = 2.0
  while prob_fixed(N, hi, n) > 0.5:
    hi *= 2
  return float(optimize.brentq(lambda P: prob_fixed(N, P, n) - 0.5, 1.0 + 1e-9, hi,
                               xtol=1e-9 * hi))


def p_max_kh(N, n: int):
  """Krotov–Hopfield error-free asymptotic N^(n-1) / (2 (2n-3)!! ln N)."""
  N = np.asarray(N, float)
  out = N ** (n - 1) / (2 * c_n(n) * np.log(N))
  return float(out) if out.ndim == 0 else out


def local_slope(Ns, P_of_N) -> float:
  """The least-squares slope of log P against log N over the given N: what a
  power-law fit of the theory curve gives over the same range."""
  if len(Ns) < 2:
    return float("nan")
  x = np.log(np.asarray(Ns, float))
  y = np.log([P_of_N(N) for N in Ns])
  return float(np.polyfit(x, y, 1)[0])


# ------------------------------------------------------------- exponential F

def exp_prob_fixed(N: int, P):
  """Probability that a stored pattern of the exponential memory F(S) = e^S
  is an exact fixed point, by the Gaussian signal-to-noise estimate (derived,
  as `prob_fixed`): the signal of bit i is e^N - e^(N-2), one other pattern
  adds 2 sinh(1) xi_i e^(S^(i)) with S^(i) a sum of N-1 independent +-1, of
  variance v = 4 sinh(1)^2 cosh(2)^(N-1); so Pr = Phi(s / sqrt((P-1) v))^N,
  s / sqrt(v) = (e^2 / cosh 2)^((N-1)/2). The crosstalk is heavy-tailed
  (dominated by the rare patterns close to the target), so the Gaussian
  estimate overstates P_50, by 1.4-1.8x at N = 8-20 against the
  reference values of docs/hopfield.md §2.4; its growth, log2 P_50 ~
  N log2(e^2 / cosh 2) = 0.974 N asymptotically, is what it is for."""
  P = np.asarray(P, float)
  x = (math.e**2 / math.cosh(2.0)) ** ((N - 1) / 2)
  with np.errstate(divide="ignore"):
    out = np.exp(N * special.log_ndtr(x / np.sqrt(P - 1)))
  return float(out) if out.ndim == 0 else out


def exp_p50_fixed(N: int) -> float:
  """P at which `exp_prob_fixed` = 1/2."""
  hi = 4.0
  while exp_prob_fixed(N, hi) > 0.5:
    hi *= 2
  return float(optimize.brentq(lambda P: exp_prob_fixed(N, P) - 0.5, 1.0 + 1e-9, hi,
                               xtol=1e-9 * hi))


def demircigil_log2_capacity(N, rho: float = 0.0):
  """log2 of the Demircigil et al. (2017) capacity of F(S) = e^S: e^(a N)
  patterns are recovered in one step from inputs with a fraction rho of
  flipped bits if a < I(1 - 2 rho) / 2, I(x) = [(1+x) ln(1+x) + (1-x)
  ln(1-x)] / 2, i.e. 2^(N/2) at rho = 0 (docs/hopfield.md §2.3 and §8.7: the
  form is the one quoted there, not checked against the paper). A guarantee
  (a lower bound on what is stored), not a 50 % point."""
  if not 0 <= rho < 0.5:
    raise ValueError(f"rho must be in [0, 1/2), got {rho}")
  x = 1.0 - 2.0 * rho
  I = 0.5 * ((1 + x) * math.log1p(x) + ((1 - x) * math.log1p(-x) if x < 1 else 0.0))
  out = np.asarray(N, float) * I / (2 * math.log(2))
  return float(out) if out.ndim == 0 else out
