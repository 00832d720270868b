"""Pseudo-inverse (projection) storage (Personnaz, Guyon & Dreyfus 1985;
Kanter & Sompolinsky 1987; docs/hopfield.md §1.1)."""

import math

import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl

from assoc.couplings import HIGHEST, LowRank
from assoc.rules import register


ALPHA_MAX = 0.95


def _check(N, P, zero_diag=True):
  del zero_diag
  if P > math.ceil(ALPHA_MAX * N):
    return (f"needs P <= {ALPHA_MAX} N (rounded up), got P={P}, N={N}: the condition number "
            f"of C grows like ((1 + sqrt(alpha)) / (1 - sqrt(alpha)))^2 (6e3 at "
            f"alpha = 0.95, 1.6e5 at 0.99) and in float32 the fields 1 - J_ii ~ "
            f"1 - alpha drown in rounding beyond alpha = 0.95; P >= N is singular")
  return None


@register("pseudo_inverse", check=_check)
def pseudo_inverse(patterns: jax.Array, *, zero_diag: bool = True) -> LowRank:
  """J = (1/N) Xi^T C^{-1} Xi with C = Xi Xi^T / N (P x P).

  J projects onto span{xi^mu}, so every pattern is a fixed point for P < N
  (float32 keeps that up to P = 0.95 N, checked in tests; beyond it `check`
  refuses, docs/hopfield.md §1.1 asks float64 there).
  Returned as U = Xi^T, V = (C^{-1} Xi / N)^T (rank P); C is solved by its
  Cholesky factor, never inverted. Padding rows (all zero) get a unit diagonal
  in C and so stay zero in V.

  zero_diag: remove the self-coupling J_ii (default; then h_i = (1 - J_ii) xi_i
    at a stored pattern, E[J_ii] = alpha). The papers leave the choice open
    (docs/hopfield.md §8.2); basins differ between the two.
  """
  P, N = patterns.shape
  padding = jnp.sum(patterns**2, axis=1) == 0
  C = jnp.matmul(patterns, patterns.T, precision=HIGHEST) / N
  C = C + jnp.diag(padding.astype(C.dtype))
  V = jsl.cho_solve(jsl.cho_factor(C, lower=True), patterns) / N
  U, V = patterns.T, V.T
  d = jnp.sum(U * V, axis=1) if zero_diag else jnp.zeros(N, patterns.dtype)
  return LowRank(U=U, V=V, d=d, scale=1.0)
