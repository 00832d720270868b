"""Random patterns, their corruption, and noisy examples of them
(docs/hopfield.md §0; docs/dense_hebbian.md §0)."""

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


def diluted(key: jax.Array, K: int, N: int, d, dtype=jnp.float32) -> jax.Array:
  """The (K, N) matrix of diluted archetypes: each entry 0 with probability
  d, else +-1 with equal probability (docs/dense_hebbian.md §0). Row mu is
  drawn from `fold_in(key, mu)`; d may be traced."""
  def row(mu):
    k = jax.random.fold_in(key, mu)
    blank = jax.random.uniform(jax.random.fold_in(k, 0), (N,)) < d
    sign = jax.random.rademacher(jax.random.fold_in(k, 1), (N,), dtype=dtype)
    return jnp.where(blank, jnp.zeros((), dtype), sign)

  return jax.vmap(row)(jnp.arange(K))


def examples(key: jax.Array, xi: jax.Array, M: int, r) -> jax.Array:
  """(K, M, N) noisy examples eta^{mu,a} = xi^mu chi^{mu,a} of quality r:
  chi = +-1 i.i.d. with Pr(chi = +1) = (1 + r)/2; blank entries stay blank
  (docs/dense_hebbian.md §0). Example a of class mu is drawn from
  fold_in(fold_in(key, mu), a), so the first M examples do not depend on M;
  r may be traced."""
  K, N = xi.shape

  def one(mu, a):
    k = jax.random.fold_in(jax.random.fold_in(key, mu), a)
    chi = jnp.where(jax.random.uniform(k, (N,)) < (1 + r) / 2, 1.0, -1.0).astype(xi.dtype)
    return xi[mu] * chi

  return jax.vmap(lambda mu: jax.vmap(lambda a: one(mu, a))(jnp.arange(M)))(jnp.arange(K))


def class_averages(key: jax.Array, xi: jax.Array, M, r) -> jax.Array:
  """(K, N) class averages hat-eta = xi chi-bar of M examples of quality r,
  drawn directly: chi-bar = (2B - M)/M with B ~ Bin(M, (1 + r)/2) per site
  (docs/dense_hebbian.md §0), without forming the K M examples (a capacity
  sweep stores K ~ alpha N^(P-1) classes). Not the average of `examples`
  for the same key. M is static, r may be traced."""
  K, N = xi.shape
  if not isinstance(M, int):
    raise TypeError(f"class_averages needs a static number of examples M, got {M!r}")
  # Inverse-CDF sampling from the M + 1 binomial probabilities: exact, one
  # uniform per site (jax.random.binomial's rejection sampler is far slower).
  b = jnp.arange(M + 1, dtype=jnp.float32)
  p = (1 + jnp.asarray(r, jnp.float32)) / 2
  log_pmf = (jax.scipy.special.gammaln(M + 1.0) - jax.scipy.special.gammaln(b + 1)
             - jax.scipy.special.gammaln(M - b + 1) + b * jnp.log(p) + (M - b) * jnp.log1p(-p))
  cdf = jnp.cumsum(jnp.exp(log_pmf))
  u = jax.vmap(lambda mu: jax.random.uniform(jax.random.fold_in(key, mu), (N,)))(jnp.arange(K))
  B = jnp.minimum(jnp.searchsorted(cdf, u * cdf[-1], side="right"), M).astype(xi.dtype)
  return xi * (2 * B - M) / M
