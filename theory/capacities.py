"""Capacities of the storage rules (docs/hopfield.md §1.1, §1.5, §1.6).

Each function returns P (patterns) at a given N unless its name says alpha.
The criteria differ, and the docstrings say which: AGS alpha_c is the load at
which the retrieval state (m ~ 0.967) disappears; the Storkey and Hebbian
N / sqrt(2 ln N), N / (2 ln N) are for one pattern being an exact fixed point.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from theory import ags, snr


def hebbian_alpha_c() -> float:
  """AGS replica-symmetric capacity, T = 0: 0.1379 (retrieval criterion)."""
  return ags.alpha_c()


def hebbian_p_max(N):
  """Hebbian, one pattern an exact fixed point: N / (2 ln N)."""
  return snr.p_max_one(N)


def storkey_p_max(N):
  """Storkey (1997) absolute capacity N / sqrt(2 ln N) (exact fixed points)."""
  N = np.asarray(N, float)
  out = N / np.sqrt(2 * np.log(N))
  return float(out) if out.ndim == 0 else out


def pseudo_inverse_p_max(N):
  """Pseudo-inverse: every pattern is an exact fixed point for P < N, so
  alpha = 1 (derived, docs/hopfield.md §1.1)."""
  N = np.asarray(N, float)
  return float(N) if N.ndim == 0 else N


def gardner_alpha_c(kappa):
  """Gardner (1988) bound for couplings with stability margin kappa,
  alpha_c = [int_{-kappa}^inf Dt (t + kappa)^2]^{-1}
          = 1 / [(1 + kappa^2) Phi(kappa) + kappa phi(kappa)]
  (standard form, docs/hopfield.md §1.6 and §8.3): 2 at kappa = 0."""
  k = np.asarray(kappa, float)
  phi = np.exp(-k * k / 2) / np.sqrt(2 * np.pi)
  out = 1.0 / ((1 + k * k) * special.ndtr(k) + k * phi)
  return float(out) if out.ndim == 0 else out
