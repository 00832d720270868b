r"""Heavy-tailed classes for a linear associative memory (docs/muon_tail.md
§7.1; the group law of Wang et al.'s heavy-tailed QA data, arXiv 2509.26030
v2, §4).

Classes k = 0..K-1 with K = 2^m fall into groups g = 0..m: group 0 is class
0 with n_0 = 2^m samples, group g >= 1 holds the 2^(g-1) classes
2^(g-1)..2^g - 1 with n_g = 2^(m-g) samples each, so every group g >= 1
carries the same total mass and its classes are 2^(g-1) times rarer than
class 0. p_k = n_{g(k)} / sum_j n_{g(j)}.

The memory is a linear map W in R^{d_s x d_o} used as e^T W (axis 0 the
reduction axis), with random keys e_k ~ N(0, I/d_s) (the rows of E) and
values ẽ_k ~ N(0, I/d_o) (the columns of Ẽ): logits z_j = e_k^T W ẽ_j,
i.e. Z = E W Ẽ for all classes at once.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np


def group_law(m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
  """(groups, n, p): the group of each class, its sample count and p_k."""
  if m < 1:
    raise ValueError(f"m must be >= 1, got {m}")
  k = np.arange(2**m)
  groups = np.zeros(2**m, np.int32)
  groups[1:] = np.floor(np.log2(k[1:])).astype(np.int32) + 1
  n = np.where(groups == 0, 2.0**m, 2.0 ** (m - groups))
  return groups, n, n / n.sum()


def embeddings(key: jax.Array, K: int, d_s: int, d_o: int, dtype=jnp.float32
               ) -> tuple[jax.Array, jax.Array]:
  """(E, Ẽ): E (K, d_s) with rows N(0, I/d_s); Ẽ (d_o, K) with columns
  N(0, I/d_o)."""
  k_key, k_value = jax.random.split(key)
  return (jax.random.normal(k_key, (K, d_s), dtype) / np.sqrt(d_s),
          jax.random.normal(k_value, (d_o, K), dtype) / np.sqrt(d_o))


def sample_classes(key: jax.Array, cdf: jax.Array, B: int) -> jax.Array:
  """B classes i.i.d. from p, by inverse transform: the first k with
  u < cdf[k] for u ~ U[0, 1) (cdf = cumsum(p), last entry 1)."""
  u = jax.random.uniform(key, (B,), cdf.dtype)
  return jnp.minimum(jnp.searchsorted(cdf, u, side="right"), cdf.shape[0] - 1)


def logits(W: jax.Array, E_rows: jax.Array, E_tilde: jax.Array) -> jax.Array:
  """z = (e^T W) Ẽ for each key row e of `E_rows`."""
  return (E_rows @ W) @ E_tilde


def batch_loss(params, idx: jax.Array, E: jax.Array, E_tilde: jax.Array) -> jax.Array:
  """Mean cross-entropy of the mini-batch of classes `idx`."""
  z = logits(params["W"], E[idx], E_tilde)
  return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(z), idx[:, None], axis=1))


def population(W: jax.Array, E: jax.Array, E_tilde: jax.Array, p: jax.Array,
               groups: np.ndarray) -> dict[str, jax.Array]:
  """Exact population metrics of W: per-group accuracy acc_g (mean over the
  classes of g of 1{argmax_j z_j = k}), the loss -sum p_k log P_k, the
  p-weighted accuracy, Delta = max P_k - min P_k and min P_k."""
  K = E.shape[0]
  num_groups = int(groups.max()) + 1
  z = logits(W, E, E_tilde)
  lp = jax.nn.log_softmax(z, axis=1)[jnp.arange(K), jnp.arange(K)]
  P = jnp.exp(lp)
  correct = (jnp.argmax(z, axis=1) == jnp.arange(K)).astype(z.dtype)
  sizes = np.bincount(groups, minlength=num_groups)
  acc = jax.ops.segment_sum(correct, jnp.asarray(groups), num_groups) / jnp.asarray(sizes, z.dtype)
  return {"acc_group": acc, "loss": -jnp.sum(p * lp), "acc_weighted": jnp.sum(p * correct),
          "delta": jnp.max(P) - jnp.min(P), "min_P": jnp.min(P)}
