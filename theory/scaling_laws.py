"""Scaling laws of outer-product memories on Zipf data (Cabannes, Dohmatob,
Bietti, "Scaling Laws for Associative Memories", ICLR 2024;
docs/outer_product.md §1-§3).

Pure NumPy/SciPy in float64. Tokens are 0-based: token x has rank x + 1, so
p(x) ∝ (x + 1)^(-alpha); labels f*(x) = x mod M.

Rates (docs/outer_product.md §3.2; "≍" up to constants and logs), as exponents of E ∝ d^a or
E ∝ T^b:
  threshold P ≍ d, T = ∞        a = -(α-1)           (paper, Prop. 4 / Thm 2)
  q = p, T = ∞                  a = -(α-1)/(2α)      (derived from Theorem 1)
  q = p^ρ, 2αρ > 1, T = ∞       a = -(α-1)/(2αρ)     (derived)
  finite T (threshold, q^ = p^)  b = -1 + 1/α         (unseen mass; derived)
  q = 1 / q^_0 = 1{seen}        no power law (overflow): None
The joint law of Proposition 4 is E ≍ d^(-α+1) + T^(-1+1/α).
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

# Guide prefactors of the figures (hand-picked, not fitted; docs/outer_product.md §3.2, §5).
GUIDE_THRESHOLD_D = 5.0        # 5 d^(-α+1): F-a (threshold P = ⌊d/12⌋ of seen tokens)
GUIDE_DATA_T = 0.5             # 0.5 T^(-1+1/α): F-b
GUIDE_THRESHOLD_INFINITE = 3.5  # 3.5 d^(-1) at α = 2: F-e (P = ⌊d/8⌋ true ranks)
GUIDE_WEIGHTED = 0.35          # 0.35 d^(-1/4) at α = 2: F-e (q = p)

SCHEMES_WITH_THEORY = ("fill", "weighted", "power", "threshold")


def zipf(N: int, alpha: float) -> np.ndarray:
  """p(x) = (x+1)^(-alpha) / sum_{x'<N} (x'+1)^(-alpha), x = 0..N-1 (docs/outer_product.md §1)."""
  w = np.arange(1, N + 1, dtype=np.float64) ** (-float(alpha))
  return w / w.sum()


def labels(N: int, M: int) -> np.ndarray:
  """f*(x) = x mod M (docs/outer_product.md §1)."""
  return np.arange(N) % M


def tail_mass(p: np.ndarray, P) -> np.ndarray | float:
  """sum_{x >= P} p(x): the mass of the tokens beyond the P most probable (p
  sorted decreasingly). The infinite-data error bound of thresholding at P
  (docs/outer_product.md §3.2, first row)."""
  c = np.concatenate([[0.0], np.cumsum(p)])
  P = np.clip(np.asarray(P, int), 0, len(p))
  return 1.0 - c[P] if P.ndim else float(1.0 - c[P])


def unseen_mass(p: np.ndarray, T) -> np.ndarray | float:
  """E[sum_x p(x) 1{x unseen in T samples}] = sum_x p(x) (1 - p(x))^T, exact
  at finite N; ≍ T^(-1+1/α) (docs/outer_product.md §3.2, 'd = ∞, finite T'). T = None or inf:
  0."""
  if T is None:
    return 0.0
  T_arr = np.asarray(T, float)
  log1m = np.log1p(-p)
  out = np.sum(p * np.exp(np.multiply.outer(T_arr, log1m)), axis=-1)
  out = np.where(np.isinf(T_arr), 0.0, out)
  return out if out.ndim else float(out)


def expected_seen(p: np.ndarray, T) -> np.ndarray | float:
  """E[#tokens seen in T samples] = sum_x 1 - (1 - p(x))^T (≍ T^(1/α) for
  α > 1, N = ∞: what overflows a memory that stores every seen token once it
  exceeds its capacity ≈ d; docs/outer_product.md §3.2, last row)."""
  T_arr = np.asarray(T, float)
  out = np.sum(-np.expm1(np.multiply.outer(T_arr, np.log1p(-p))), axis=-1)
  return out if out.ndim else float(out)


def exponent_d(scheme: str, alpha: float, rho: float | None = None) -> float | None:
  """Predicted exponent a of E ∝ d^a at infinite data; None without a power law
  (fill, or α <= 1, or 2αρ <= 1 for power)."""
  if alpha <= 1:
    return None
  if scheme == "threshold":
    return -(alpha - 1)
  if scheme == "weighted":
    return -(alpha - 1) / (2 * alpha)
  if scheme == "power":
    if rho is None or 2 * alpha * rho <= 1:
      return None
    return -(alpha - 1) / (2 * alpha * rho)
  return None


def exponent_T(scheme: str, alpha: float, rho: float | None = None) -> float | None:
  """Predicted exponent b of E ∝ T^b at large d (the unseen-mass rate
  -1 + 1/α, derived); None for fill, which overflows (docs/outer_product.md §3.2)."""
  if alpha <= 1 or scheme not in ("threshold", "weighted", "power"):
    return None
  return -1.0 + 1.0 / alpha


def joint_law(d, T, alpha: float, c_d: float = GUIDE_THRESHOLD_D,
              c_T: float = GUIDE_DATA_T, log_power: float = 0.0):
  """Proposition 4 (threshold, P ≍ d): c_d d^(-α+1) log(d)^log_power +
  c_T T^(-1+1/α) (T = inf: the first term). Prefactors are the hand-picked
  guides of docs/outer_product.md §3.2; log_power is not established
  (default 0)."""
  d = np.asarray(d, float)
  T = np.asarray(np.inf if T is None else T, float)
  out = guide(d, -(alpha - 1), c_d, log_power) + np.where(
      np.isinf(T), 0.0, c_T * np.where(np.isinf(T), 1.0, T) ** (-1 + 1 / alpha))
  return out if out.ndim else float(out)


def guide(x, exponent: float, prefactor: float, log_power: float = 0.0):
  """prefactor x^exponent log(x)^log_power (a reference line)."""
  x = np.asarray(x, float)
  return prefactor * x ** exponent * np.log(x) ** log_power


def scheme_q(scheme: str, p: np.ndarray, d: int, *, P_div: float | None = None,
             rho: float | None = None) -> np.ndarray:
  """The infinite-data q of a scheme (docs/outer_product.md §2): fill 1, weighted p, power
  p^rho, threshold 1{x < ⌊d/P_div⌋} (ρ = 0, true ranks)."""
  if scheme == "fill":
    return np.ones_like(p)
  if scheme == "weighted":
    return p.copy()
  if scheme == "power":
    return p ** rho
  if scheme == "threshold":
    return (np.arange(len(p)) < math.floor(d / P_div)).astype(float)
  raise ValueError(f"no theory for scheme {scheme!r}; known: {', '.join(SCHEMES_WITH_THEORY)}")


def interference(q: np.ndarray, f: np.ndarray, M: int) -> float:
  """Q_∞ = max_y sum_{x: f*(x) = y} q(x)^2 (Theorem 1)."""
  return float(np.max(np.bincount(f, weights=q ** 2, minlength=M)))


def predicted_error(q: np.ndarray, p: np.ndarray, d: int, f: np.ndarray, M: int,
                    c: float = 1.0) -> float:
  """Theorem 1 as a heuristic: sum_x p(x) 1{d q(x)^2 <= c Q_∞} (tokens whose
  signal d q^2 does not beat the interference are lost). The constant c is
  not established (docs/outer_product.md §9): test only the exponent this gives."""
  Q = interference(q, f, M)
  return float(np.sum(p * (d * q ** 2 <= c * Q)))


def error_all_to_class(p: np.ndarray, f: np.ndarray, y: int = 0) -> float:
  """Error of a memory sending every token to class y (W = 0 with argmax ties
  to the smallest class: y = 0): 1 - sum_{f*(x) = y} p(x) (docs/outer_product.md §7.3)."""
  return float(1.0 - p[f == y].sum())


def _linregress(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
  """Ordinary least squares of y on x: (slope, intercept, standard error of
  the slope), the textbook formulas from the biased covariances, as
  scipy.stats.linregress computes them (without importing scipy.stats,
  which takes about half a second)."""
  sxx, sxy, _, syy = np.cov(x, y, bias=True).flat
  slope = sxy / sxx
  intercept = np.mean(y) - slope * np.mean(x)
  r = 0.0 if sxx == 0 or syy == 0 else min(max(sxy / np.sqrt(sxx * syy), -1.0), 1.0)
  df = len(x) - 2
  stderr = np.sqrt((1 - r * r) * syy / sxx / df) if df > 0 else float("nan")
  return float(slope), float(intercept), float(stderr)


def loglog_fit(x: Sequence[float], samples: Sequence[Sequence[float]],
               num_bootstrap: int = 200, seed: int = 0) -> dict:
  """Least-squares slope of log(mean y) on log x, with its uncertainty.

  `samples[k]` are the measured values at x[k] (one per trial; trials are
  paired across x when they come from nested draws, and the bootstrap keeps
  the pairing when every x has the same number of trials). Returns slope,
  intercept, slope_stderr (bootstrap over trials: the spread of the slopes
  of resampled means, which measures the Monte-Carlo noise) and
  slope_stderr_fit (the regression standard error, which also counts
  curvature). Points whose mean is 0 cannot enter a log fit and are dropped
  (num_points says how many were used).
  """
  x = np.asarray(x, float)
  samples = [np.asarray(s, float) for s in samples]
  means = np.array([s.mean() for s in samples])
  keep = means > 0
  out = dict(slope=float("nan"), intercept=float("nan"), slope_stderr=float("nan"),
             slope_stderr_fit=float("nan"), num_points=int(keep.sum()))
  if keep.sum() < 2:
    return out
  lx = np.log(x[keep])
  slope, intercept, stderr = _linregress(lx, np.log(means[keep]))
  out.update(slope=slope, intercept=intercept)
  if keep.sum() >= 3:
    out["slope_stderr_fit"] = stderr
  rng = np.random.default_rng(seed)
  kept = [s for s, k in zip(samples, keep) if k]
  paired = len({len(s) for s in kept}) == 1
  slopes = []
  for _ in range(num_bootstrap):
    if paired:
      idx = rng.integers(0, len(kept[0]), len(kept[0]))
      m = np.array([s[idx].mean() for s in kept])
    else:
      m = np.array([rng.choice(s, len(s)).mean() for s in kept])
    if (m > 0).all():
      slopes.append(np.polyfit(lx, np.log(m), 1)[0])
  if len(slopes) > 1:
    out["slope_stderr"] = float(np.std(slopes, ddof=1))
  return out
