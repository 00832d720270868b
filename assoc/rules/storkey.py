"""Storkey storage (Storkey 1997; docs/hopfield.md §1.1), in low-rank form."""

import jax
import jax.numpy as jnp

from assoc.couplings import HIGHEST, LowRank
from assoc.rules import register


@register("storkey")
def storkey(patterns: jax.Array) -> LowRank:
  """Storkey's local, incremental rule, pattern by pattern (nu = 1..P):

    W_ij += (1/N)[xi_i xi_j - xi_i h_ji - h_ij xi_j],  h_ij = sum_{k != i,j} W_ik xi_k,

  with W_ii = 0 throughout. In matrix form (docs/hopfield.md §1.1, derived for symmetric W
  with zero diagonal), with H = W xi:

    W <- Z(W + (1/N)[xi xi^T - xi H^T - H xi^T + 2W]),  Z = zero the diagonal.

  Writing W = L - diag(L), the update of L adds the two rank-one terms
  xi (xi - H)^T / N and -H xi^T / N and scales L by (1 + 2/N). So W after P
  patterns is U V^T - diag(d) with U, V of shape (N, 2P): the memory costs
  O(N P), learning O(N P^2) and a field O(P), against O(N^2), O(P N^2) and
  O(N) for the explicit matrix. The growth factor is carried as a scalar g
  (at most e^{2 alpha}).

  Choices (docs/hopfield.md §8.1): the diagonal is zeroed after every pattern (Storkey's
  weights join distinct units), the exclusion k != i, j and the 1/N scaling are
  as above. A variant that keeps self-couplings is not provided.
  """
  P, N = patterns.shape
  dtype = patterns.dtype

  def step(carry, inputs):
    U, V, diag_l, g = carry
    nu, xi = inputs
    H = g * jnp.matmul(U, jnp.matmul(xi, V, precision=HIGHEST),
                       precision=HIGHEST) - diag_l * xi
    g_new = g * (1.0 + 2.0 / N)
    U_new = jax.lax.dynamic_update_slice(U, jnp.stack([xi, H], axis=1), (0, 2 * nu))
    V_new = jax.lax.dynamic_update_slice(
        V, jnp.stack([xi - H, -xi], axis=1) / (N * g_new), (0, 2 * nu))
    diag_new = (1.0 + 2.0 / N) * diag_l + (1.0 - 2.0 * xi * H) / N
    active = jnp.any(xi != 0)  # all-zero rows are padding: no update
    new = (U_new, V_new, diag_new, g_new)
    return jax.tree.map(lambda a, b: jnp.where(active, a, b), new, carry), None

  init = (jnp.zeros((N, 2 * P), dtype), jnp.zeros((N, 2 * P), dtype),
          jnp.zeros(N, dtype), jnp.ones((), dtype))
  (U, V, diag_l, g), _ = jax.lax.scan(step, init, (jnp.arange(P), patterns))
  return LowRank(U=U, V=g * V, d=diag_l, scale=1.0)
