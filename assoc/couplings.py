"""Coupling matrices J, as storage rules build them and the dynamics read them.

Every network the dynamics run on is a *field model*: a pytree with

  scale                                   fields = scale * unscaled fields (> 0)
  overlaps(sigma) -> aux                  the running state fields are read from
  fields_from_overlaps(aux, sigma)        all unscaled fields h_i / scale
  block_fields(aux, sigma, start, size)   unscaled fields of neurons start..start+size-1
  update_overlaps(aux, i, delta)          aux after sigma_i changes by delta (0, +-2)
  permute(perm, pad)                      neurons reordered (new k = old perm[k]) and
                                          `pad` inert neurons appended
  aux_per_neuron                          whether aux is indexed by neuron (then the
                                          dynamics permute it along with the neurons)

with the convention E(sigma_i = -1) - E(sigma_i = +1) = 2 h_i, so that
zero-temperature dynamics set sigma_i = sgn(h_i) and heat-bath dynamics
Pr(sigma_i = +1) = (1 + tanh(beta h_i)) / 2 for every model. Here:

* `LowRank`: J = scale * (U V^T - diag(d)), U, V of shape (N, R). Every rule in
  `assoc.rules` is of this form: Hebbian (R = P, U = V = Xi^T), pseudo-inverse
  (R = P) and Storkey (R = 2P). A field costs O(R) given the R "overlaps"
  S = V^T sigma, and J (N x N) is never formed (docs/hopfield.md §4.1). `d` is
  the removed diagonal: d_i = (U V^T)_ii gives h_i = sum_{j != i} J_ij sigma_j.
* `Dense`: J as an (N, N) array, for rules without low-rank structure.
* `assoc.hopfield.dense.DenseMemory`: dense associative memories (n-body).

The zero-temperature dynamics never apply `scale` (a sign does not depend on
it), which keeps the Hebbian fields exact integers in float32.
"""

from __future__ import annotations

from typing import Any, Union

import flax.struct
import jax
import jax.numpy as jnp

# Fields must be computed at full float32 precision on every backend (the TPU
# default for float32 matmuls is a bfloat16 pass, which would break the exact
# integer arithmetic of the Hebbian fields).
HIGHEST = jax.lax.Precision.HIGHEST


def _take(a: jax.Array, index: jax.Array, axis: int = 0) -> jax.Array:
  """Rows `index` of `a`; out-of-range indices (padding) give zeros."""
  return jnp.take(a, index, axis=axis, mode="fill", fill_value=0)


def permute_index(perm: jax.Array, pad: int = 0) -> jax.Array:
  """`perm` followed by `pad` out-of-range indices (which `_take` fills with 0)."""
  N = perm.shape[0]
  return jnp.concatenate([perm, jnp.full((pad,), N, perm.dtype)])


@flax.struct.dataclass
class LowRank:
  """J = scale * (U V^T - diag(d)); U, V: (N, R), d: (N,); V = None means V = U."""

  U: jax.Array
  V: jax.Array | None
  d: jax.Array
  scale: jax.Array | float = 1.0

  aux_per_neuron = False

  @property
  def right(self) -> jax.Array:
    return self.U if self.V is None else self.V

  @property
  def num_neurons(self) -> int:
    return self.U.shape[-2]

  def overlaps(self, sigma):
    return jnp.matmul(sigma, self.right, precision=HIGHEST)

  def fields_from_overlaps(self, aux, sigma):
    return jnp.matmul(self.U, aux, precision=HIGHEST) - self.d * sigma

  def block_fields(self, aux, sigma, start, size):
    rows = jax.lax.dynamic_slice_in_dim(self.U, start, size)
    d = jax.lax.dynamic_slice_in_dim(self.d, start, size)
    s = jax.lax.dynamic_slice_in_dim(sigma, start, size)
    return jnp.matmul(rows, aux, precision=HIGHEST) - d * s

  def update_overlaps(self, aux, i, delta):
    return aux + delta * jax.lax.dynamic_index_in_dim(self.right, i, keepdims=False)

  def permute(self, perm, pad=0):
    index = permute_index(perm, pad)
    return self.replace(U=_take(self.U, index),
                        V=None if self.V is None else _take(self.V, index),
                        d=_take(self.d, index))

  def matrix(self):
    return (jnp.matmul(self.U, self.right.T, precision=HIGHEST) - jnp.diag(self.d)) * self.scale


@flax.struct.dataclass
class Dense:
  """J given explicitly as an (N, N) array (its diagonal is the self-coupling)."""

  J: jax.Array
  scale: jax.Array | float = 1.0

  aux_per_neuron = True

  @property
  def num_neurons(self) -> int:
    return self.J.shape[-1]

  def overlaps(self, sigma):
    return jnp.matmul(self.J, sigma, precision=HIGHEST)

  def fields_from_overlaps(self, aux, sigma):
    return aux

  def block_fields(self, aux, sigma, start, size):
    return jax.lax.dynamic_slice_in_dim(aux, start, size)

  def update_overlaps(self, aux, i, delta):
    return aux + delta * jax.lax.dynamic_index_in_dim(self.J, i, axis=1, keepdims=False)

  def permute(self, perm, pad=0):
    index = permute_index(perm, pad)
    return self.replace(J=_take(_take(self.J, index), index, axis=1))

  def matrix(self):
    return self.J * self.scale


Couplings = Union[LowRank, Dense]
FieldModel = Any  # LowRank, Dense, DenseMemory, or any class with the methods above


def materialize(c: Couplings) -> jax.Array:
  """The (N, N) matrix J. For tests and small N only: it costs O(N^2 R)."""
  return c.matrix()


def overlaps(c: FieldModel, sigma: jax.Array) -> jax.Array:
  return c.overlaps(sigma)


def fields_from_overlaps(c: FieldModel, aux: jax.Array, sigma: jax.Array) -> jax.Array:
  return c.fields_from_overlaps(aux, sigma)


def fields(c: FieldModel, sigma: jax.Array) -> jax.Array:
  """All local fields h (scaled): E(sigma_i = -1) - E(sigma_i = +1) = 2 h_i."""
  return c.fields_from_overlaps(c.overlaps(sigma), sigma) * c.scale


def energy(c: Couplings, sigma: jax.Array) -> jax.Array:
  """E = -1/2 sigma^T J sigma (docs/hopfield.md §1.3)."""
  return -0.5 * jnp.dot(sigma, fields(c, sigma), precision=HIGHEST)
