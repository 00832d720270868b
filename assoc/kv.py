"""Key and value ensembles for probing online memories (docs/pavlovian.md §0)
and the measurements of a probe.

Keys (`keys`, rows of an (n, d_k) array):
  sphere        uniform on the unit sphere S^{d_k - 1}
  gaussian      N(0, I/d_k) (E|k|^2 = 1)
  orthogonal    orthonormal rows (n <= d_k)
  cs_indicator  {0, 1}^{d_k}, each coordinate on with probability 1/2
Values (`values`, rows of (n, d_v)), isotropic with E|v|^2 = 1:
  gaussian      N(0, I/d_v)
  sphere        uniform on the unit sphere
  signs         +-1/sqrt(d_v)
Row i of every ensemble is drawn from fold_in(key, i), so the first n rows
do not depend on how many are drawn (a sweep pads n).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

KEYS = ("sphere", "gaussian", "orthogonal", "cs_indicator")
VALUES = ("gaussian", "sphere", "signs")


def _rows(key, n, d, dtype, draw):
  return jax.vmap(lambda i: draw(jax.random.fold_in(key, i), d, dtype))(jnp.arange(n))


def keys(key: jax.Array, n: int, d_k: int, kind: str = "sphere", dtype=jnp.float32):
  """(n, d_k) keys of the ensemble `kind`."""
  if kind == "sphere":
    x = _rows(key, n, d_k, dtype, lambda k, d, t: jax.random.normal(k, (d,), t))
    return x / jnp.linalg.norm(x, axis=1, keepdims=True)
  if kind == "gaussian":
    return _rows(key, n, d_k, dtype, lambda k, d, t: jax.random.normal(k, (d,), t)) / jnp.sqrt(
        jnp.asarray(d_k, dtype))
  if kind == "orthogonal":
    if n > d_k:
      raise ValueError(f"orthogonal keys need n <= d_k, got n={n}, d_k={d_k}")
    q, _ = jnp.linalg.qr(jax.random.normal(key, (d_k, d_k), jnp.promote_types(dtype, jnp.float32)))
    return q.T[:n].astype(dtype)
  if kind == "cs_indicator":
    return _rows(key, n, d_k, dtype, lambda k, d, t: jax.random.bernoulli(k, 0.5, (d,)).astype(t))
  raise ValueError(f"unknown keys {kind!r}; known: {', '.join(KEYS)}")


def values(key: jax.Array, n: int, d_v: int, kind: str = "gaussian", dtype=jnp.float32):
  """(n, d_v) values of the ensemble `kind` (E|v|^2 = 1)."""
  if kind == "gaussian":
    return _rows(key, n, d_v, dtype, lambda k, d, t: jax.random.normal(k, (d,), t)) / jnp.sqrt(
        jnp.asarray(d_v, dtype))
  if kind == "sphere":
    x = _rows(key, n, d_v, dtype, lambda k, d, t: jax.random.normal(k, (d,), t))
    return x / jnp.linalg.norm(x, axis=1, keepdims=True)
  if kind == "signs":
    signs = _rows(key, n, d_v, dtype, lambda k, d, t: jax.random.rademacher(k, (d,), t))
    return signs / jnp.sqrt(jnp.asarray(d_v, dtype))
  raise ValueError(f"unknown values {kind!r}; known: {', '.join(VALUES)}")


def relmse(O: jax.Array, V: jax.Array, mask: jax.Array | None = None) -> jax.Array:
  """sum |o_i - v_i|^2 / sum |v_i|^2 over the rows (where mask)."""
  err = jnp.sum((O - V) ** 2, axis=1)
  norm = jnp.sum(V * V, axis=1)
  if mask is not None:
    err, norm = err * mask, norm * mask
  return jnp.sum(err) / jnp.sum(norm)


def top1(O: jax.Array, V: jax.Array, mask: jax.Array | None = None) -> jax.Array:
  """The fraction of rows i whose answer o_i is closest, by inner product,
  to its own value v_i among the values of the (masked) rows."""
  scores = O @ V.T
  if mask is not None:
    scores = jnp.where(mask[None, :], scores, -jnp.inf)
  right = (jnp.argmax(scores, axis=1) == jnp.arange(O.shape[0])).astype(O.dtype)
  return jnp.mean(right) if mask is None else jnp.sum(right * mask) / jnp.sum(mask)


def bit_error(O: jax.Array, V: jax.Array) -> jax.Array:
  """The fraction of coordinates whose sign differs between o and v."""
  return jnp.mean((jnp.sign(O) != jnp.sign(V)).astype(O.dtype))


def coherence(K: jax.Array) -> jax.Array:
  """mu = max_{i != j} |k_i . k_j|."""
  G = jnp.abs(K @ K.T)
  return jnp.max(jnp.where(jnp.eye(K.shape[0], dtype=bool), 0.0, G))
