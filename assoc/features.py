"""Feature maps phi for the keys and queries of linear-attention memories
(Schlag, Irie and Schmidhuber, "Linear Transformers Are Secretly Fast
Weight Programmers", ICML 2021, arXiv 2102.11174, §4; docs/pavlovian.md §3.2).

A memory with a feature map stores v phi(k)^T and reads S phi(q); the
caller applies phi to keys and queries before `write` and `read`, so every
online rule runs on any features (`make(name, d_k, ...)` returns phi and its
output size d_dot):

  identity   phi(x) = x                                         d_dot = d_k
  elu1       phi(x) = ELU(x) + 1 (Katharopoulos et al. 2020)     d_dot = d_k
  dpfp       deterministic parameter-free projection, order nu:
             r(x) = [ReLU(x), ReLU(-x)], phi(x) = concat_{i=1..nu} r(x) . roll(r(x), i)
                                                                d_dot = 2 d_k nu
  favor      FAVOR+ positive random features (Choromanski et al. 2021,
             arXiv 2009.14794) with m features from `key`:
             phi(x) = exp(W x - |x|^2 / 2) and exp(-W x - |x|^2 / 2), / sqrt(2m)
                                                                d_dot = 2 m
`sum_normalize(phi)` divides the features by their sum (Schlag et al.'s
normalisation of phi, used with elu1 and dpfp there).
"""

from __future__ import annotations

from typing import Callable

import jax
import jax.numpy as jnp

NAMES = ("identity", "elu1", "dpfp", "favor")

FeatureMap = Callable[[jax.Array], jax.Array]


def identity(x):
  return x


def elu1(x):
  return jax.nn.elu(x) + 1.0


def dpfp(nu: int = 1) -> FeatureMap:
  """DPFP of order nu (Schlag et al. 2021, Eq. 36)."""
  if nu < 1:
    raise ValueError(f"dpfp order nu must be >= 1, got {nu}")

  def phi(x):
    r = jnp.concatenate([jax.nn.relu(x), jax.nn.relu(-x)], axis=-1)
    return jnp.concatenate([r * jnp.roll(r, i, axis=-1) for i in range(1, nu + 1)], axis=-1)

  return phi


def favor(d_k: int, num_features: int, key: jax.Array) -> FeatureMap:
  """FAVOR+ positive random features with an i.i.d. Gaussian projection
  W (num_features x d_k) drawn from `key` (Choromanski et al. 2021, Lemma 1,
  the hyperbolic variant)."""
  W = jax.random.normal(key, (num_features, d_k))

  def phi(x):
    wx = x @ W.T.astype(x.dtype)
    h = -0.5 * jnp.sum(x * x, axis=-1, keepdims=True)
    return jnp.concatenate([jnp.exp(wx + h), jnp.exp(-wx + h)], axis=-1) / jnp.sqrt(
        2.0 * num_features)

  return phi


def sum_normalize(phi: FeatureMap) -> FeatureMap:
  """phi(x) / sum_i phi(x)_i (for non-negative features)."""
  return lambda x: phi(x) / jnp.sum(phi(x), axis=-1, keepdims=True)


def make(name: str, d_k: int, *, nu: int = 1, num_features: int = 64,
         key: jax.Array | None = None, normalize: bool = False) -> tuple[FeatureMap, int]:
  """(phi, d_dot) of the feature map `name` on keys of size d_k."""
  if name == "identity":
    phi, d_dot = identity, d_k
  elif name == "elu1":
    phi, d_dot = elu1, d_k
  elif name == "dpfp":
    phi, d_dot = dpfp(nu), 2 * d_k * nu
  elif name == "favor":
    if key is None:
      raise ValueError("feature map 'favor' draws random features: give it a key")
    phi, d_dot = favor(d_k, num_features, key), 2 * num_features
  else:
    raise ValueError(f"unknown feature map {name!r}; known: {', '.join(NAMES)}")
  return (sum_normalize(phi) if normalize else phi), d_dot
