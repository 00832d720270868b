"""Signal-to-noise estimates for Hebbian storage (docs/hopfield.md §1.5).

At a stored pattern the field on bit i is the signal (N-1)/N plus a crosstalk
that is approximately N(0, (P-1)(N-1)/N^2) (a sum of (P-1)(N-1) independent
+-1/N terms): the bit is unstable when the crosstalk is below minus the signal.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, special


def _scalar_or_array(x):
  x = np.asarray(x, dtype=float)
  return float(x) if x.ndim == 0 else x


def bit_error(N, P):
  """Probability that one bit of a stored pattern is unstable, finite N
  (derived): Phi(-sqrt((N-1)/(P-1))). Tends to Phi(-1/sqrt(alpha))."""
  N, P = np.asarray(N, float), np.asarray(P, float)
  with np.errstate(divide="ignore"):
    return _scalar_or_array(special.ndtr(-np.sqrt((N - 1) / (P - 1))))


def prob_fixed(N, P):
  """Probability that a given stored pattern is an exact fixed point (all N
  bits stable), treating bits as independent (derived):
  Phi(sqrt((N-1)/(P-1)))^N."""
  N, P = np.asarray(N, float), np.asarray(P, float)
  with np.errstate(divide="ignore"):
    log_p = N * special.log_ndtr(np.sqrt((N - 1) / (P - 1)))
  return _scalar_or_array(np.exp(log_p))


def p50(N: float) -> float:
  """The P at which prob_fixed(N, P) = 1/2 (continuous P)."""
  return float(optimize.brentq(lambda P: prob_fixed(N, P) - 0.5, 1.0 + 1e-9,
                               float(N), xtol=1e-10))


def p_max_one(N):
  """P for which one given pattern is a fixed point w.h.p.: N / (2 ln N)
  (McEliece, Posner, Rodemich & Venkatesh 1987)."""
  N = np.asarray(N, float)
  return _scalar_or_array(N / (2 * np.log(N)))


def p_max_all(N):
  """P for which all patterns are fixed points w.h.p.: N / (4 ln N) (ibid.)."""
  N = np.asarray(N, float)
  return _scalar_or_array(N / (4 * np.log(N)))


