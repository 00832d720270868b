"""Zipf-distributed tokens and their labels (docs/outer_product.md §1)."""

from __future__ import annotations

import jax
import jax.numpy as jnp


def probabilities(N: int, alpha, dtype=jnp.float32, num_tokens=None) -> jax.Array:
  """p(x) = (x+1)^(-alpha) / sum_{x'<N} (x'+1)^(-alpha) for x = 0..N-1;
  alpha may be traced. With `num_tokens` (traced allowed), the law of the
  first num_tokens tokens, padded with p = 0 to length N."""
  w = jnp.arange(1, N + 1, dtype=dtype) ** (-jnp.asarray(alpha, dtype))
  if num_tokens is not None:
    w = jnp.where(jnp.arange(N) < num_tokens, w, 0.0)
  return w / jnp.sum(w)


def labels(N: int, M: int) -> jax.Array:
  """f*(x) = x mod M, 0-based tokens (int32)."""
  return jnp.arange(N, dtype=jnp.int32) % M


def sample(key: jax.Array, p: jax.Array, T: int) -> jax.Array:
  """T i.i.d. tokens x_t ~ p, with replacement (int32), by inverting the
  cumulative distribution at T uniforms, as `jax.random.choice` does. With
  JAX's partitionable threefry (the default, jax_threefry_partitionable) the
  uniforms of a longer draw start with those of a shorter one, so the first
  T' tokens do not depend on T (tests/test_outer_product.py checks it)."""
  return from_uniforms(jax.random.uniform(key, (T,)), p)


def from_uniforms(u: jax.Array, p: jax.Array) -> jax.Array:
  """Tokens x ~ p from uniforms u in [0, 1) (inverse CDF; int32)."""
  cdf = jnp.cumsum(p)
  x = jnp.searchsorted(cdf, cdf[-1] * (1.0 - u))
  return jnp.minimum(x, p.shape[0] - 1).astype(jnp.int32)


def counts(tokens: jax.Array, N: int, num=None) -> jax.Array:
  """#{t < num : x_t = x} for x = 0..N-1 (int32); `num` (traced allowed)
  counts only the first `num` tokens (default: all)."""
  if num is None:
    return jnp.bincount(tokens, length=N).astype(jnp.int32)
  weights = (jnp.arange(tokens.shape[0]) < num).astype(jnp.int32)
  return jnp.bincount(tokens, weights=weights, length=N).astype(jnp.int32)
