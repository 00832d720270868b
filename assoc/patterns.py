"""Random patterns and their corruption (docs/hopfield.md §0)."""

import jax
import jax.numpy as jnp


def rademacher(key: jax.Array, P: int, N: int, num_patterns=None,
               dtype=jnp.float32) -> jax.Array:
  """The (P, N) matrix Xi of i.i.d. unbiased +-1 patterns.

  Row mu is drawn from `fold_in(key, mu)`, so a pattern does not depend on how
  many rows are drawn: padding P to a larger compiled size leaves the patterns
  unchanged. Rows mu >= `num_patterns` (a traced integer allowed) are zero:
  that is the padding convention of `assoc.rules`.
  """
  rows = jax.vmap(lambda mu: jax.random.rademacher(
      jax.random.fold_in(key, mu), (N,), dtype=dtype))(jnp.arange(P))
  if num_patterns is None:
    return rows
  keep = jnp.arange(P) < num_patterns
  return jnp.where(keep[:, None], rows, jnp.zeros((), dtype))


def flip_fraction(key: jax.Array, pattern: jax.Array, flip_frac) -> jax.Array:
  """`pattern` with exactly round(flip_frac * N) spins flipped, chosen uniformly."""
  N = pattern.shape[-1]
  num_flips = jnp.round(flip_frac * N).astype(jnp.int32)
  flip = jax.random.permutation(key, N) < num_flips
  return jnp.where(flip, -pattern, pattern)


def random_state(key: jax.Array, N: int, dtype=jnp.float32) -> jax.Array:
  return jax.random.rademacher(key, (N,), dtype=dtype)
