"""Chunkwise parallel forms of the linear online rules (docs/pavlovian.md
§3.3): a sequence in chunks of C tokens, each chunk a few matrix products
from the state at its start, equal to the token-by-token scan (mixer
semantics: token t is written, then q_t is read) to round-off.

With S (d_v x d_k) the state at the chunk's start, K, V, Q the chunk's rows,
M the causal mask (diagonal included) and strictLower the part below the
diagonal:

  hebbian       S_t = S_{t-1} + eta_t v_t k_t^T
                O = Q S^T + ((Q K^T) . M) diag(eta) V,   S <- S + V^T diag(eta) K
  decay         S_t = a_t S_{t-1} + v_t k_t^T, g_r = prod_{i <= r} a_i,
                G_ri = g_r / g_i (r >= i; from cumulative log a)
                O = diag(g) Q S^T + ((Q K^T) . G) V,   S <- g_C S + V^T diag(g_C / g) K
  delta         (Yang et al. 2024, arXiv 2406.06484: the UT / WY transform)
                T = (I + strictLower(diag(beta) K K^T))^-1 diag(beta) (a
                triangular solve), W = T K, U = T V, U~ = U - W S^T
                O = Q S^T + ((Q K^T) . M) U~,   S <- S + U~^T K
  gated delta   (derived; equivalent to Gated DeltaNet, Yang, Kautz and
                Hatamizadeh, ICLR 2025, arXiv 2412.06464, Eqs. 10-11)
                T = (I + strictLower(diag(beta) (G . K K^T)))^-1 diag(beta)
                U~ = T V - T diag(g) K S^T
                O = diag(g) Q S^T + ((Q K^T) . G) U~,   S <- g_C S + U~^T diag(g_C / g) K

A sequence whose length is not a multiple of C is padded with inert tokens
(k = v = q = 0, eta = beta = 0, a = 1), which leave the state unchanged and
whose outputs are dropped; the chunks run in one lax.scan. Cost O(L C d +
L d^2) in matrix products, against L sequential rank-one updates for the
scan.
"""

from __future__ import annotations

from typing import Callable

import jax
import jax.numpy as jnp
from jax.scipy.linalg import solve_triangular


def _run(chunk_fn: Callable, S: jax.Array, seqs: dict[str, jax.Array],
         pads: dict[str, float], chunk_size: int):
  """Runs chunk_fn(S, **chunk) -> (O_chunk, S) over the chunks of `seqs`
  (arrays with a leading token axis), padding each with pads[name]."""
  if chunk_size < 1:
    raise ValueError(f"chunk_size must be >= 1, got {chunk_size}")
  L = next(iter(seqs.values())).shape[0]
  n = -(-L // chunk_size)
  extra = n * chunk_size - L

  def shaped(name, x):
    if extra:
      pad = jnp.full((extra,) + x.shape[1:], pads[name], x.dtype)
      x = jnp.concatenate([x, pad])
    return x.reshape((n, chunk_size) + x.shape[1:])

  blocks = {name: shaped(name, x) for name, x in seqs.items()}
  S, O = jax.lax.scan(lambda S, blk: chunk_fn(S, **blk)[::-1], S, blocks)
  return O.reshape((n * chunk_size,) + O.shape[2:])[:L], S


def _causal(C: int, dtype) -> jax.Array:
  return jnp.tril(jnp.ones((C, C), dtype))


def _decay_matrix(a: jax.Array) -> tuple[jax.Array, jax.Array]:
  """(g, G): g_r = prod_{i<=r} a_i and G_ri = g_r / g_i for r >= i (else 0),
  from cumulative sums of log a (no division by a small g)."""
  log_g = jnp.cumsum(jnp.log(a))
  diff = log_g[:, None] - log_g[None, :]
  C = a.shape[0]
  G = jnp.where(_causal(C, jnp.bool_), jnp.exp(jnp.where(_causal(C, jnp.bool_), diff, 0.0)), 0.0)
  return jnp.exp(log_g), G


def hebbian(S, K, V, Q, eta, chunk_size):
  """The Hebbian (linear attention) rule in chunks; returns (O, S)."""

  def chunk(S, K, V, Q, eta):
    M = _causal(K.shape[0], K.dtype)
    EV = eta[:, None] * V
    return Q @ S.T + ((Q @ K.T) * M) @ EV, S + EV.T @ K

  return _run(chunk, S, dict(K=K, V=V, Q=Q, eta=eta),
              dict(K=0.0, V=0.0, Q=0.0, eta=0.0), chunk_size)


def normalizer(z, K, Q, eta, chunk_size):
  """z_t = z_{t-1} + eta_t k_t in chunks, with the denominators z_t . q_t;
  returns (denominators (L,), z)."""

  def chunk(z, K, Q, eta):
    M = _causal(K.shape[0], K.dtype)
    return Q @ z + ((Q @ K.T) * M) @ eta, z + eta @ K

  return _run(chunk, z, dict(K=K, Q=Q, eta=eta), dict(K=0.0, Q=0.0, eta=0.0), chunk_size)


def decay(S, K, V, Q, alpha, chunk_size):
  """The scalar-decay Hebbian rule (RetNet, Mamba2) in chunks; (O, S)."""

  def chunk(S, K, V, Q, alpha):
    g, G = _decay_matrix(alpha)
    return (g[:, None] * (Q @ S.T) + ((Q @ K.T) * G) @ V,
            g[-1] * S + (V * (g[-1] / g)[:, None]).T @ K)

  return _run(chunk, S, dict(K=K, V=V, Q=Q, alpha=alpha),
              dict(K=0.0, V=0.0, Q=0.0, alpha=1.0), chunk_size)


def delta(S, K, V, Q, beta, chunk_size):
  """The delta rule (DeltaNet) in chunks by the UT transform; (O, S)."""

  def chunk(S, K, V, Q, beta):
    C = K.shape[0]
    A = jnp.tril(beta[:, None] * (K @ K.T), -1)
    T = solve_triangular(jnp.eye(C, dtype=K.dtype) + A, jnp.diag(beta), lower=True,
                         unit_diagonal=True)
    U = T @ V - (T @ K) @ S.T
    return Q @ S.T + ((Q @ K.T) * _causal(C, K.dtype)) @ U, S + U.T @ K

  return _run(chunk, S, dict(K=K, V=V, Q=Q, beta=beta),
              dict(K=0.0, V=0.0, Q=0.0, beta=0.0), chunk_size)


def gated_delta(S, K, V, Q, alpha, beta, chunk_size):
  """The gated delta rule (Gated DeltaNet) in chunks; (O, S)."""

  def chunk(S, K, V, Q, alpha, beta):
    C = K.shape[0]
    g, G = _decay_matrix(alpha)
    A = jnp.tril(beta[:, None] * (G * (K @ K.T)), -1)
    T = solve_triangular(jnp.eye(C, dtype=K.dtype) + A, jnp.diag(beta), lower=True,
                         unit_diagonal=True)
    U = T @ V - T @ (g[:, None] * K) @ S.T
    O = g[:, None] * (Q @ S.T) + ((Q @ K.T) * G) @ U
    return O, g[-1] * S + (U * (g[-1] / g)[:, None]).T @ K

  return _run(chunk, S, dict(K=K, V=V, Q=Q, alpha=alpha, beta=beta),
              dict(K=0.0, V=0.0, Q=0.0, alpha=1.0, beta=0.0), chunk_size)
