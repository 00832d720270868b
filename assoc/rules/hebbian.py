"""Hebbian storage (Hopfield 1982; docs/hopfield.md §1.1)."""

import jax
import jax.numpy as jnp

from assoc.couplings import LowRank
from assoc.rules import register


@register("hebbian")
def hebbian(patterns: jax.Array) -> LowRank:
  """J_ij = (1/N) sum_mu xi^mu_i xi^mu_j, J_ii = 0.

  Returned as U = V = Xi^T with scale 1/N, so that fields are computed from the
  P pattern overlaps, h_i = (1/N)[sum_mu xi^mu_i m_mu N - P sigma_i], in O(P)
  per spin and exactly (integers in float32). The removed diagonal
  d_i = sum_mu (xi^mu_i)^2 counts the non-padding patterns.
  """
  P, N = patterns.shape
  return LowRank(U=patterns.T, V=None, d=jnp.sum(patterns**2, axis=0),
                 scale=1.0 / N)
