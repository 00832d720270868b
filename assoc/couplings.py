"""Coupling matrices J, as storage rules build them and the dynamics read them.

Two representations, both pytrees (so they vmap and shard like arrays):

* `LowRank`: J = scale * (U V^T - diag(d)), with U, V of shape (N, R). Every rule
  in this package is of this form: Hebbian (R = P, U = V = Xi^T), pseudo-inverse
  (R = P) and Storkey (R = 2P). Fields then cost O(N R) for all spins, or O(R)
  for one spin given the R "overlaps" S = V^T sigma, and J (N x N) is never
  formed (spec hopfield.md §4.1).
* `Dense`: J given as an (N, N) array, for rules without low-rank structure.

`d` is the diagonal that is *removed*: a rule with zero self-coupling sets
d_i = (U V^T)_ii, so that h_i = sum_{j != i} J_ij sigma_j.

`scale` is a positive factor that multiplies every field. The zero-temperature
dynamics never apply it (a sign does not depend on it), which keeps the Hebbian
fields exact integers in float32.
"""

from __future__ import annotations

from typing import Union

import flax.struct
import jax
import jax.numpy as jnp

# Fields must be computed at full float32 precision on every backend (the TPU
# default for float32 matmuls is a bfloat16 pass, which would break the exact
# integer arithmetic of the Hebbian fields).
HIGHEST = jax.lax.Precision.HIGHEST


@flax.struct.dataclass
class LowRank:
  """J = scale * (U V^T - diag(d)); U, V: (N, R), d: (N,); V = None means V = U."""

  U: jax.Array
  V: jax.Array | None
  d: jax.Array
  scale: jax.Array | float = 1.0

  @property
  def right(self) -> jax.Array:
    return self.U if self.V is None else self.V


@flax.struct.dataclass
class Dense:
  """J given explicitly as an (N, N) array (its diagonal is the self-coupling)."""

  J: jax.Array
  scale: jax.Array | float = 1.0


Couplings = Union[LowRank, Dense]


def num_neurons(c: Couplings) -> int:
  return c.U.shape[-2] if isinstance(c, LowRank) else c.J.shape[-1]


def materialize(c: Couplings) -> jax.Array:
  """The (N, N) matrix J. For tests and small N only: it costs O(N^2 R)."""
  if isinstance(c, Dense):
    return c.J * c.scale
  J = jnp.matmul(c.U, c.right.T, precision=HIGHEST) - jnp.diag(c.d)
  return J * c.scale


def overlaps(c: Couplings, sigma: jax.Array) -> jax.Array:
  """The running state from which single fields are read.

  LowRank: S = V^T sigma (R,), the generalised pattern overlaps.
  Dense: h = J sigma (N,), all unscaled fields.
  """
  if isinstance(c, LowRank):
    return jnp.matmul(sigma, c.right, precision=HIGHEST)
  return jnp.matmul(c.J, sigma, precision=HIGHEST)


def fields_from_overlaps(c: Couplings, aux: jax.Array, sigma: jax.Array,
                         idx: jax.Array | None = None) -> jax.Array:
  """Unscaled fields h_i / scale of the spins `idx` (all spins if None)."""
  if isinstance(c, LowRank):
    if idx is None:
      return jnp.matmul(c.U, aux, precision=HIGHEST) - c.d * sigma
    return (jnp.matmul(c.U[idx], aux, precision=HIGHEST) - c.d[idx] * sigma[idx])
  return aux if idx is None else aux[idx]


def update_overlaps(c: Couplings, aux: jax.Array, i: jax.Array,
                    delta: jax.Array) -> jax.Array:
  """The running state after sigma_i changes by `delta` (0 or +-2): O(R) or O(N)."""
  if isinstance(c, LowRank):
    col = jax.lax.dynamic_index_in_dim(c.right, i, keepdims=False)
  else:
    col = jax.lax.dynamic_index_in_dim(c.J, i, axis=1, keepdims=False)
  return aux + delta * col


def permute(c: Couplings, perm: jax.Array, pad: int = 0) -> Couplings:
  """The couplings with neurons reordered by `perm` (new neuron k = old
  perm[k]), followed by `pad` dummy neurons with no couplings.

  The overlaps S = V^T sigma of a LowRank do not depend on the order; the
  fields h of a Dense do and must be permuted alongside (`permute_vector`).
  """
  perm = permute_index(perm, pad)
  take = lambda a, axis=0: jnp.take(a, perm, axis=axis, mode="fill", fill_value=0)
  if isinstance(c, LowRank):
    return c.replace(U=take(c.U), V=None if c.V is None else take(c.V), d=take(c.d))
  return c.replace(J=take(take(c.J), axis=1))


def permute_index(perm: jax.Array, pad: int = 0) -> jax.Array:
  """`perm` followed by `pad` out-of-range indices (which `take` fills with 0)."""
  N = perm.shape[0]
  return jnp.concatenate([perm, jnp.full((pad,), N, perm.dtype)])


def block_fields(c: Couplings, aux: jax.Array, sigma: jax.Array, start,
                 size: int) -> jax.Array:
  """Unscaled fields of the neurons start .. start+size-1 (contiguous)."""
  s = jax.lax.dynamic_slice_in_dim(sigma, start, size)
  if isinstance(c, LowRank):
    rows = jax.lax.dynamic_slice_in_dim(c.U, start, size)
    d = jax.lax.dynamic_slice_in_dim(c.d, start, size)
    return jnp.matmul(rows, aux, precision=HIGHEST) - d * s
  return jax.lax.dynamic_slice_in_dim(aux, start, size)


def fields(c: Couplings, sigma: jax.Array) -> jax.Array:
  """All local fields h = J sigma (with the removed diagonal), scaled."""
  return fields_from_overlaps(c, overlaps(c, sigma), sigma) * c.scale


def energy(c: Couplings, sigma: jax.Array) -> jax.Array:
  """E = -1/2 sigma^T J sigma (spec hopfield.md §1.3)."""
  return -0.5 * jnp.dot(sigma, fields(c, sigma), precision=HIGHEST)
