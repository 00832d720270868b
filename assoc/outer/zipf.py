"""Zipf-distributed tokens and their labels (spec outer_product.md §1)."""

from __future__ import annotations

import jax
import jax.numpy as jnp


def probabilities(N: int, alpha, dtype=jnp.float32) -> jax.Array:
  """p(x) = (x+1)^(-alpha) / sum_{x'<N} (x'+1)^(-alpha) for x = 0..N-1;
  alpha may be traced."""
  w = jnp.arange(1, N + 1, dtype=dtype) ** (-jnp.asarray(alpha, dtype))
  return w / jnp.sum(w)


def labels(N: int, M: int) -> jax.Array:
  """f*(x) = x mod M, 0-based tokens (int32)."""
  return jnp.arange(N, dtype=jnp.int32) % M


def sample(key: jax.Array, p: jax.Array, T: int) -> jax.Array:
  """T i.i.d. tokens x_t ~ p, with replacement (int32)."""
  return jax.random.choice(key, p.shape[0], (T,), p=p).astype(jnp.int32)


def counts(tokens: jax.Array, N: int, num=None) -> jax.Array:
  """#{t < num : x_t = x} for x = 0..N-1 (int32); `num` (traced allowed)
  counts only the first `num` tokens (default: all)."""
  if num is None:
    return jnp.bincount(tokens, length=N).astype(jnp.int32)
  weights = (jnp.arange(tokens.shape[0]) < num).astype(jnp.int32)
  return jnp.bincount(tokens, weights=weights, length=N).astype(jnp.int32)
