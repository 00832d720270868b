"""Amit–Gutfreund–Sompolinsky replica-symmetric theory of the Hopfield network
at zero temperature (Amit, Gutfreund & Sompolinsky, PRL 55, 1530 (1985) and
Ann. Phys. 173, 30 (1987); docs/hopfield.md §1.3).

With one condensed pattern and load alpha = P/N, the T = 0 RS equations are
m = erf(y), y = m / sqrt(2 alpha r), C = sqrt(2/(pi alpha r)) e^{-y^2},
r = (1 - C)^{-2}. Eliminating m, r and C gives the reduced equation

    y [sqrt(2 alpha) + (2/sqrt(pi)) e^{-y^2}] = erf(y),

i.e. sqrt(2 alpha) = g(y) := erf(y)/y - (2/sqrt(pi)) e^{-y^2}. g rises from
g(0+) = 0 to a maximum at y* and falls to 0 as y -> inf; the retrieval state is
the largest root, on the falling branch, and exists for alpha <= alpha_c =
g(y*)^2 / 2 = 0.13791, where m_c = erf(y*) = 0.96742.

Pure functions of the parameters, float64, no simulation.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np
from scipy import optimize, special

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)

# One step of replica-symmetry breaking (Steffan & Kühn 1994; Stojnic,
# arXiv:2403.01907); drawn as a tick, not computed here.
ALPHA_C_1RSB = 0.138186


def _g(y: float) -> float:
  return special.erf(y) / y - _TWO_OVER_SQRT_PI * math.exp(-y * y)


def _dg(y: float) -> float:
  e = math.exp(-y * y)
  return ((_TWO_OVER_SQRT_PI * y * e - special.erf(y)) / (y * y)
          + 2.0 * _TWO_OVER_SQRT_PI * y * e)


@functools.cache
def _critical() -> tuple[float, float]:
  """(y*, g(y*)): the maximum of g, from g'(y*) = 0."""
  y = optimize.brentq(_dg, 0.5, 3.0, xtol=1e-15)
  return float(y), float(_g(y))


def alpha_c() -> float:
  """The RS storage capacity at T = 0: 0.137906..."""
  return _critical()[1] ** 2 / 2.0


def m_c() -> float:
  """The retrieval overlap at alpha_c: 0.967417..."""
  return float(special.erf(_critical()[0]))


class ZeroT(NamedTuple):
  """The T = 0 retrieval solution (all NaN where it does not exist)."""
  m: float  # overlap with the condensed pattern
  y: float  # m / sqrt(2 alpha r)
  r: float  # AGS r: the noise variance is alpha r
  C: float  # lim beta (1 - q)


def retrieval_zero_t(alpha: float) -> ZeroT:
  """The retrieval solution at T = 0 and load alpha (largest root, docs/hopfield.md §1.3)."""
  alpha = float(alpha)
  if alpha < 0:
    raise ValueError(f"alpha must be >= 0, got {alpha}")
  if alpha == 0:
    return ZeroT(1.0, math.inf, 1.0, 0.0)
  y_star, g_star = _critical()
  target = math.sqrt(2.0 * alpha)
  if target > g_star:
    nan = float("nan")
    return ZeroT(nan, nan, nan, nan)
  if target == g_star:
    y = y_star
  else:
    hi = y_star + 1.0
    while _g(hi) > target:
      hi *= 2.0
    y = optimize.brentq(lambda y: _g(y) - target, y_star, hi, xtol=1e-14,
                        maxiter=500)
  m = float(special.erf(y))
  C = _TWO_OVER_SQRT_PI * y * math.exp(-y * y) / m
  return ZeroT(m, y, 1.0 / (1.0 - C) ** 2, C)


def overlap_zero_t(alpha) -> np.ndarray | float:
  """AGS retrieval overlap m(alpha) at T = 0; 0 where there is no retrieval
  state (alpha > alpha_c), the m of the spin-glass state that remains.
  Accepts scalars or arrays."""
  out = np.vectorize(lambda a: retrieval_zero_t(a).m, otypes=[float])(alpha)
  out = np.where(np.isnan(out), 0.0, out)
  return float(out) if np.ndim(out) == 0 else out


def _mean_abs(m: float, s: float) -> float:
  """E|m + s z| for z ~ N(0, 1)."""
  if s == 0:
    return abs(m)
  return (s * math.sqrt(2.0 / math.pi) * math.exp(-m * m / (2 * s * s))
          + m * special.erf(m / (math.sqrt(2.0) * s)))


def free_energy_zero_t(alpha: float, m: float, r: float, C: float) -> float:
  """The RS free energy per spin at T = 0 (the ground-state energy),
  f0 = alpha/2 + m^2/2 + (alpha/2) r C - (alpha/2)/(1-C) - E|m + sqrt(alpha r) z|
  (docs/hopfield.md §1.3), at a solution (m, r, C) of the T = 0 equations."""
  return (alpha / 2 + m * m / 2 + alpha / 2 * r * C - alpha / 2 / (1 - C)
          - _mean_abs(m, math.sqrt(alpha * r)))


def spin_glass_zero_t(alpha: float) -> ZeroT:
  """The m = 0 (spin-glass) branch at T = 0: C = sqrt(2/pi)/(sqrt(alpha) + sqrt(2/pi))."""
  k = math.sqrt(2.0 / math.pi)
  C = k / (math.sqrt(alpha) + k)
  return ZeroT(0.0, 0.0, 1.0 / (1.0 - C) ** 2, C)


def free_energy_gap_zero_t(alpha: float) -> float:
  """f0(retrieval) - f0(spin glass) at T = 0 (NaN above alpha_c)."""
  retr = retrieval_zero_t(alpha)
  if math.isnan(retr.m):
    return float("nan")
  sg = spin_glass_zero_t(alpha)
  return (free_energy_zero_t(alpha, *_mrc(retr))
          - free_energy_zero_t(alpha, *_mrc(sg)))


def _mrc(s: ZeroT) -> tuple[float, float, float]:
  return s.m, s.r, s.C


@functools.cache
def alpha_thermodynamic() -> float:
  """The load below which retrieval is the global minimum at T = 0 (derived:
  f0(retrieval) = f0(SG)); 0.0519."""
  return float(optimize.brentq(free_energy_gap_zero_t, 0.01, alpha_c() - 1e-9,
                               xtol=1e-12))


def one_step_error(alpha) -> np.ndarray | float:
  """Signal-to-noise estimate of the fraction of wrong bits after one update
  from a stored pattern: the crosstalk is ~ N(0, alpha), so
  p_bit = Phi(-1/sqrt(alpha)) (docs/hopfield.md §1.5)."""
  alpha = np.asarray(alpha, dtype=float)
  with np.errstate(divide="ignore"):
    out = special.ndtr(-1.0 / np.sqrt(alpha))
  return float(out) if out.ndim == 0 else out


# ------------------------------------------------------------ finite temperature
#
# m = E tanh beta(m + sqrt(alpha r) z),  q = E tanh^2 beta(m + sqrt(alpha r) z),
# r = q / [1 - beta(1 - q)]^2  (AGS 1987; docs/hopfield.md §1.3), E over z ~ N(0, 1),
# on a uniform z-grid on [-10, 10] (no Gauss–Hermite: docs/hopfield.md §4.7).

class RS(NamedTuple):
  """A replica-symmetric solution at (alpha, T)."""
  m: float
  q: float
  r: float


_GRIDS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _grid(n: int) -> tuple[np.ndarray, np.ndarray]:
  """Nodes and weights of E f(z), z ~ N(0, 1): Simpson's rule on [-10, 10]."""
  if n not in _GRIDS:
    n = n | 1
    z = np.linspace(-10.0, 10.0, n)
    w = np.ones(n)
    w[1:-1:2], w[2:-1:2] = 4.0, 2.0
    w *= (z[1] - z[0]) / 3.0 * np.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    _GRIDS[n] = (z, w)
  return _GRIDS[n | 1]


def _points(T: float) -> int:
  return 100_001 if T < 0.01 else 20_001


def _rs_map(m: float, q: float, alpha: float, beta: float, z, w):
  """One application of the RS equations: (m, q) -> (m', q', r). A root
  finder may probe q outside [0, 1]: it is clipped there."""
  q = min(max(q, 0.0), 1.0)
  denominator = 1.0 - beta * (1.0 - q)
  if denominator <= 0:
    return float("nan"), float("nan"), float("nan")
  r = q / denominator**2
  t = np.tanh(beta * (m + math.sqrt(alpha * r) * z))
  return float(w @ t), float(w @ (t * t)), r


def _residual(mq, alpha, beta, z, w):
  m, q = mq
  m_new, q_new, _ = _rs_map(m, q, alpha, beta, z, w)
  return [m_new - m, q_new - q]


def solve_rs(alpha: float, T: float, m0: float = 1.0, q0: float = 1.0,
             iterations: int = 60, tol: float = 1e-10) -> RS:
  """An RS solution reached from (m0, q0): `iterations` damped fixed-point
  steps (mixing 0.5), then a Newton-type root polish (MINPACK hybr).

  The branch reached depends on the start: (1, 1) gives retrieval where it
  exists, (0, ~1) the spin glass. Returns NaNs if 1 - beta(1 - q) <= 0 is
  met or the polish fails. At T = 0 use `retrieval_zero_t`.
  """
  if T <= 0:
    raise ValueError("T must be > 0 (use retrieval_zero_t / spin_glass_zero_t at T = 0)")
  beta = 1.0 / T
  z, w = _grid(_points(T))
  m, q = float(m0), float(q0)
  nan = RS(float("nan"), float("nan"), float("nan"))
  for _ in range(iterations):
    m_new, q_new, _ = _rs_map(m, q, alpha, beta, z, w)
    if math.isnan(m_new):
      return nan
    m, q = 0.5 * (m + m_new), 0.5 * (q + q_new)
  sol = optimize.root(_residual, [m, q], args=(alpha, beta, z, w), method="hybr",
                      options={"xtol": tol})
  m, q = (float(v) for v in sol.x)
  if not sol.success or max(abs(v) for v in sol.fun) > 1e-8 or not 0 <= q <= 1:
    return nan
  _, _, r = _rs_map(m, q, alpha, beta, z, w)
  return nan if math.isnan(r) else RS(m, q, r)


def _temperature_at(alpha: float, m: float, start: tuple[float, float]):
  """(T, q) of the RS solution with overlap m (the branch through `start` =
  (beta, q)), or None."""
  z, w = _grid(20_001)

  def residual(bq):
    beta, q = bq
    m_new, q_new, _ = _rs_map(m, q, alpha, beta, z, w)
    return [m_new - m, q_new - q]

  sol = optimize.root(residual, list(start), method="hybr", options={"xtol": 1e-12})
  beta, q = (float(v) for v in sol.x)
  if not sol.success or max(abs(v) for v in sol.fun) > 1e-9 or beta <= 0:
    return None
  return 1.0 / beta, q


def retrieval_rs(alpha: float, T: float) -> RS:
  """The retrieval solution (m > 0) at (alpha, T), or NaNs where none exists
  (T > T_M(alpha)). Uses the T = 0 closed form for T < 0.005."""
  if T < 0.005:
    s = retrieval_zero_t(alpha)
    return RS(s.m, 1.0, s.r)
  s = solve_rs(alpha, T, 1.0, 1.0)
  if math.isnan(s.m) or s.m < 1e-3:
    nan = float("nan")
    return RS(nan, nan, nan)
  return s


@functools.lru_cache(maxsize=4096)
def overlap_rs(alpha: float, T: float) -> float:
  """RS retrieval overlap m(alpha, T); 0 where there is no retrieval state."""
  m = retrieval_rs(alpha, T).m
  return 0.0 if math.isnan(m) else m


def spin_glass_rs(alpha: float, T: float) -> RS:
  """The m = 0 branch: the spin glass (q > 0) below T_g, the paramagnet
  (q = 0) above it."""
  if T < 0.005:
    s = spin_glass_zero_t(alpha)
    return RS(0.0, 1.0, s.r)
  if T >= t_g(alpha):
    return RS(0.0, 0.0, 0.0)
  beta = 1.0 / T
  z, w = _grid(_points(T))

  def residual(q):
    return _rs_map(0.0, float(q[0]), alpha, beta, z, w)[1] - q[0]

  # q solves a one-dimensional equation; bracket it away from the q = 0
  # paramagnet (unstable below T_g) and from 1 - beta(1 - q) = 0.
  q_lo = max(1.0 - T + 1e-9, 1e-9)
  q = optimize.brentq(lambda x: residual([x]), q_lo, 1.0 - 1e-15, xtol=1e-14)
  return RS(0.0, q, _rs_map(0.0, q, alpha, beta, z, w)[2])


def free_energy_rs(alpha: float, T: float, s: RS) -> float:
  """AGS free energy per spin at a solution (docs/hopfield.md §1.3):
  f = alpha/2 + m^2/2 + (alpha beta/2) r (1-q) + (alpha/2beta)[ln(1-beta+beta q)
      - beta q/(1-beta+beta q)] - beta^-1 E ln 2cosh beta(m + sqrt(alpha r) z)."""
  beta = 1.0 / T
  z, w = _grid(_points(T))
  m, q, r = s
  x = beta * (m + math.sqrt(alpha * r) * z)
  log2cosh = np.logaddexp(x, -x)
  a = 1.0 - beta + beta * q
  return (alpha / 2 + m * m / 2 + alpha * beta / 2 * r * (1 - q)
          + alpha / (2 * beta) * (math.log(a) - beta * q / a) - float(w @ log2cosh) / beta)


def t_g(alpha: float) -> float:
  """T_g = 1 + sqrt(alpha): the paramagnet becomes unstable (docs/hopfield.md §1.3)."""
  return 1.0 + math.sqrt(alpha)


@functools.lru_cache(maxsize=1024)
def t_m(alpha: float) -> float:
  """T_M(alpha): the largest T with a retrieval solution (the spinodal).

  Continuation in T (steps of 0.05, each solve started from the previous
  solution) while the retrieval branch exists; then continuation in m from
  the last point: along the branch T is a function of m that rises as m falls
  and folds back at T_M, so T_M = max_m T(m), with each T(m) solving the RS
  equations for (beta, q) at fixed m. 0 at and above alpha_c.
  """
  if alpha >= alpha_c():
    return 0.0
  if alpha == 0:
    return 1.0
  T, last = 0.02, None
  s = solve_rs(alpha, T, 1.0, 1.0)
  while not math.isnan(s.m) and s.m > 1e-3 and T < 1.0:
    last = (T, s.m, s.q)
    T += 0.05
    s = solve_rs(alpha, T, s.m, s.q, iterations=20)
  if last is None:
    return 0.0
  T0, m, q = last
  best = (T0, m)
  start = (1.0 / T0, q)
  path = {m: start}
  step = max(1e-3, 0.01 * m)
  while m > 0.01:
    m -= step
    sol = _temperature_at(alpha, m, start)
    if sol is None:
      break
    T, q = sol
    start = (1.0 / T, q)
    path[m] = start
    if T > best[0]:
      best = (T, m)
    elif T < best[0] - 0.02:
      break

  def minus_T(mm):
    nearest = path[min(path, key=lambda x: abs(x - mm))]
    sol = _temperature_at(alpha, mm, nearest)
    return -sol[0] if sol else 0.0

  m_best = best[1]
  res = optimize.minimize_scalar(minus_T, bounds=(m_best - 2 * step, m_best + 2 * step),
                                 method="bounded", options={"xatol": 1e-7})
  return max(best[0], -float(res.fun))


@functools.lru_cache(maxsize=1024)
def t_c(alpha: float) -> float:
  """T_c(alpha): retrieval becomes the global minimum, f_retrieval = f_SG
  (docs/hopfield.md §1.3); NaN for alpha >= alpha_thermodynamic() (0.0519)."""
  if alpha >= alpha_thermodynamic():
    return float("nan")
  if alpha == 0:
    return 1.0

  def gap(T):
    return (free_energy_rs(alpha, T, retrieval_rs(alpha, T))
            - free_energy_rs(alpha, T, spin_glass_rs(alpha, T)))

  lo, hi = 0.01, t_m(alpha) - 2e-3
  if not gap(lo) < 0 < gap(hi):
    return float("nan")
  return float(optimize.brentq(gap, lo, hi, xtol=1e-5))
