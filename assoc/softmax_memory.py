r"""The one-layer softmax associative memory of Wang et al. (arXiv 2509.26030
v2, §5; docs/muon_tail.md §2), in JAX.

K facts with keys E_k and values Ẽ_k (the columns of E, Ẽ in R^{K x K}),
W in R^{K x K}, logits of fact k: z = Ẽ^T W E_k, so the logit matrix is
V = Ẽ^T W E (V[j, k]: class j for fact k), P_k = softmax(V[:, k])_k and the
population loss L(W) = -sum_k p_k log P_k.

Embeddings are block-diagonal orthonormal, E = I_{K/b} (x) R with a b x b
orthogonal block R (`BlockEmbedding`): the decoupled pair is R = I, the
coupled pair (docs/muon_tail.md §4) the two Euler rotations. V is then computed
from the blocks in O(b K^2), never as K x K x K products.

Balance along a direction (docs/muon_tail.md §2, §9): for W_eta = eta U (one step from 0
with update U at unit step size) the logits are eta S with S = Ẽ^T U E;
eta* is the smallest eta with max_k P_k >= 1 - eps, found on a log grid
and bisected in log eta, and rho = min_k P_k(eta*).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np


class BlockEmbedding(NamedTuple):
  """E = I_{K/b} (x) R_key and Ẽ = I_{K/b} (x) R_value."""

  R_key: jax.Array
  R_value: jax.Array

  @property
  def block(self) -> int:
    return self.R_key.shape[0]

  def logits(self, W: jax.Array) -> jax.Array:
    """V = Ẽ^T W E for a K x K matrix W."""
    K, b = W.shape[0], self.block
    n = K // b
    Wr = W.reshape(n, b, n, b)
    V = jnp.einsum("xa,ixjy,yc->iajc", self.R_value, Wr, self.R_key)
    return V.reshape(K, K)

  def dense(self, K: int) -> tuple[jax.Array, jax.Array]:
    """(E, Ẽ) as K x K matrices (for tests)."""
    eye = jnp.eye(K // self.block, dtype=self.R_key.dtype)
    return jnp.kron(eye, self.R_key), jnp.kron(eye, self.R_value)


def rotation(a: float, b: float, c: float) -> np.ndarray:
  """R(a, b, c) = R_z(a) R_y(b) R_z(c) (docs/muon_tail.md §4), float64 NumPy."""
  Rz = lambda t: np.array([[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0],
                           [0, 0, 1.0]])
  Ry = lambda t: np.array([[math.cos(t), 0, math.sin(t)], [0, 1.0, 0],
                           [-math.sin(t), 0, math.cos(t)]])
  return Rz(a) @ Ry(b) @ Rz(c)


# The coupled construction of docs/muon_tail.md §4: E from ROTATION_KEY, Ẽ from
# ROTATION_VALUE (swapping them changes the result).
ROTATION_KEY = (1.715, 0.876, 3.098)
ROTATION_VALUE = (3.638, 2.949, 5.218)
EMBEDDINGS = ("decoupled", "coupled")


def embedding(kind: str, dtype=jnp.float32) -> BlockEmbedding:
  """The decoupled (E = Ẽ = I, block 3) or coupled (Euler rotations) pair."""
  if kind == "decoupled":
    eye = jnp.eye(3, dtype=dtype)
    return BlockEmbedding(eye, eye)
  if kind == "coupled":
    return BlockEmbedding(jnp.asarray(rotation(*ROTATION_KEY), dtype),
                          jnp.asarray(rotation(*ROTATION_VALUE), dtype))
  raise ValueError(f"unknown embedding {kind!r}; one of {', '.join(EMBEDDINGS)}")


def select_embedding(index: jax.Array, dtype) -> BlockEmbedding:
  """EMBEDDINGS[index] for a traced index (one program for both pairs)."""
  pairs = [embedding(kind, dtype) for kind in EMBEDDINGS]
  stack = lambda xs: jnp.stack(xs)[index]
  return BlockEmbedding(stack([p.R_key for p in pairs]), stack([p.R_value for p in pairs]))


def log_correct(V: jax.Array) -> jax.Array:
  """log P_k = V[k, k] - logsumexp_j V[j, k] for every fact k."""
  return jnp.diagonal(V) - jax.nn.logsumexp(V, axis=0)


def population_loss(W: jax.Array, p: jax.Array, emb: BlockEmbedding) -> jax.Array:
  """L(W) = -sum_k p_k log P_k(W)."""
  return -jnp.sum(p * log_correct(emb.logits(W)))


def summary(V: jax.Array, p: jax.Array) -> dict[str, jax.Array]:
  """Loss, Delta = max P - min P, max P and min P of the logit matrix V."""
  lp = log_correct(V)
  P = jnp.exp(lp)
  return {"loss": -jnp.sum(p * lp), "delta": jnp.max(P) - jnp.min(P),
          "P_max": jnp.max(P), "P_min": jnp.min(P)}


def path(S: jax.Array, p: jax.Array, etas: jax.Array) -> dict[str, jax.Array]:
  """`summary` of the logits eta S for each eta (sequentially: K^2 memory)."""
  return jax.lax.map(lambda eta: summary(eta * S, p), etas)


def balance(S: jax.Array, eps: float, etas: jax.Array, bisect_steps: int = 60,
            P_max: jax.Array | None = None) -> dict[str, jax.Array]:
  """eta*, rho = min_k P_k(eta* S) and whether the grid crosses 1 - eps.

  The first grid point with max_k P_k >= 1 - eps brackets eta* with its
  predecessor; `bisect_steps` bisections in log eta follow (docs/muon_tail.md §9). If the
  first grid point already crosses, eta* is that point; if none does,
  `crossed` is False and eta*, rho are 0. `P_max`: max_k P_k on the grid, if
  already computed (`path(...)["P_max"]`).
  """
  def p_max(eta):
    return jnp.max(jnp.exp(log_correct(eta * S)))

  if P_max is None:
    P_max = jax.lax.map(p_max, etas)
  above = P_max >= 1.0 - eps
  crossed = jnp.any(above)
  i = jnp.argmax(above)
  hi0 = jnp.log(etas[i])
  lo0 = jnp.log(etas[jnp.maximum(i - 1, 0)])

  def bisect(_, bracket):
    lo, hi = bracket
    mid = 0.5 * (lo + hi)
    up = p_max(jnp.exp(mid)) >= 1.0 - eps
    return jnp.where(up, lo, mid), jnp.where(up, mid, hi)

  lo, hi = jax.lax.fori_loop(0, bisect_steps, bisect, (lo0, hi0))
  hi = jnp.where(i > 0, hi, hi0)
  eta_star = jnp.exp(hi)
  rho = jnp.min(jnp.exp(log_correct(eta_star * S)))
  zero = jnp.zeros_like(eta_star)
  return {"eta_star": jnp.where(crossed, eta_star, zero),
          "rho": jnp.where(crossed, rho, zero), "crossed": crossed}
