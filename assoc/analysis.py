"""Small NumPy summaries of sweep records (pure functions, no JAX)."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def crossing(x: Sequence[float], y: Sequence[float], level: float = 0.5
             ) -> tuple[float, float, float]:
  """Where y (sampled at increasing x) first falls through `level`.

  Returns (x_cross, x_lo, x_hi): the linear interpolation between the last
  point with y >= level and the next point, which bracket the crossing. If y
  never falls below `level`, (nan, x[-1], inf); if it starts below,
  (nan, -inf, x[0]).
  """
  x, y = np.asarray(x, float), np.asarray(y, float)
  order = np.argsort(x)
  x, y = x[order], y[order]
  if y[0] < level:
    return float("nan"), -float("inf"), float(x[0])
  below = np.nonzero(y < level)[0]
  if not len(below):
    return float("nan"), float(x[-1]), float("inf")
  j = below[0]
  x0, x1, y0, y1 = x[j - 1], x[j], y[j - 1], y[j]
  xc = x0 + (y0 - level) * (x1 - x0) / (y0 - y1)
  return float(xc), float(x0), float(x1)


def fit_line(x: Sequence[float], y: Sequence[float]) -> tuple[float, float, float, float]:
  """Least-squares y = a + b x: (a, b, stderr a, stderr b); stderrs are NaN
  with fewer than three points."""
  x, y = np.asarray(x, float), np.asarray(y, float)
  A = np.stack([np.ones_like(x), x], axis=1)
  coef, *_ = np.linalg.lstsq(A, y, rcond=None)
  if len(x) < 3:
    return float(coef[0]), float(coef[1]), float("nan"), float("nan")
  resid = y - A @ coef
  s2 = resid @ resid / (len(x) - 2)
  cov = s2 * np.linalg.inv(A.T @ A)
  return float(coef[0]), float(coef[1]), float(np.sqrt(cov[0, 0])), float(np.sqrt(cov[1, 1]))


def bootstrap_crossings(x: Sequence[float], samples: Sequence[np.ndarray],
                        level: float = 0.5, num: int = 500, seed: int = 0
                        ) -> np.ndarray:
  """Crossings of the mean of `samples[k]` (the values at x[k]) through
  `level`, for `num` bootstrap resamples (seeds drawn with replacement at
  each x independently). NaN where a resample has no crossing on the grid:
  callers that take a NaN-ignoring spread should say so, as it then
  describes only the resamples that cross."""
  rng = np.random.default_rng(seed)
  out = np.empty(num)
  for b in range(num):
    means = [rng.choice(s, size=len(s), replace=True).mean() for s in samples]
    out[b] = crossing(x, means, level)[0]
  return out
