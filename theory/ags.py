"""Amit–Gutfreund–Sompolinsky replica-symmetric theory of the Hopfield network
at zero temperature (Amit, Gutfreund & Sompolinsky, PRL 55, 1530 (1985) and
Ann. Phys. 173, 30 (1987); spec hopfield.md §1.3).

With one condensed pattern and load alpha = P/N, the T = 0 RS equations are
m = erf(y), y = m / sqrt(2 alpha r), C = sqrt(2/(pi alpha r)) e^{-y^2},
r = (1 - C)^{-2}. Eliminating m, r and C gives the reduced equation

    y [sqrt(2 alpha) + (2/sqrt(pi)) e^{-y^2}] = erf(y),

i.e. sqrt(2 alpha) = g(y) := erf(y)/y - (2/sqrt(pi)) e^{-y^2}. g rises from
g(0+) = 0 to a maximum at y* and falls to 0 as y -> inf; the retrieval state is
the largest root, on the falling branch, and exists for alpha <= alpha_c =
g(y*)^2 / 2 = 0.13791, where m_c = erf(y*) = 0.96743.

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
  """The retrieval overlap at alpha_c: 0.967429..."""
  return float(special.erf(_critical()[0]))


class ZeroT(NamedTuple):
  """The T = 0 retrieval solution (all NaN where it does not exist)."""
  m: float  # overlap with the condensed pattern
  y: float  # m / sqrt(2 alpha r)
  r: float  # AGS r: the noise variance is alpha r
  C: float  # lim beta (1 - q)


def retrieval_zero_t(alpha: float) -> ZeroT:
  """The retrieval solution at T = 0 and load alpha (largest root, spec §1.3)."""
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
  (spec §1.3), at a solution (m, r, C) of the T = 0 equations."""
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
  p_bit = Phi(-1/sqrt(alpha)) (spec §1.5)."""
  alpha = np.asarray(alpha, dtype=float)
  with np.errstate(divide="ignore"):
    out = special.ndtr(-1.0 / np.sqrt(alpha))
  return float(out) if out.ndim == 0 else out
