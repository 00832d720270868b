"""Modern Hopfield networks: separation, one-step error bounds and limits
(Ramsauer et al. 2021, arXiv 2008.02217; docs/hopfield.md §3).

Only the bounds derived in docs/hopfield.md §3 are drawn: the paper's ball
condition and capacity theorem carry constants that are not checked here
(docs/hopfield.md §8.8).
"""

from __future__ import annotations

import numpy as np


def one_step_bound(beta, separation, P, M):
  """||f(x_i) - x_i|| <= 2 M (P - 1) exp(-beta Delta_i) (derived, docs/hopfield.md §3)."""
  return 2.0 * M * (np.asarray(P, float) - 1) * np.exp(-np.asarray(beta) * np.asarray(separation))


def one_step_bound_exact(weight, M):
  """||f(x_i) - x_i|| <= 2 M (1 - p_i), p_i the softmax weight of x_i
  (derived, exact, docs/hopfield.md §3)."""
  return 2.0 * M * (1.0 - np.asarray(weight, float))


def separation_sphere(d: float, P) -> np.ndarray | float:
  """Heuristic separation of P random patterns on the sphere of radius
  sqrt(d): x_i.x_j ~ N(0, d), so Delta ~ d - sqrt(2 d ln P) (derived)."""
  out = d - np.sqrt(2.0 * d * np.log(np.asarray(P, float)))
  return float(out) if np.ndim(out) == 0 else out
