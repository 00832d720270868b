"""Modern continuous Hopfield networks (Ramsauer et al., "Hopfield Networks is
All You Need", ICLR 2021, arXiv 2008.02217; docs/hopfield.md §3).

Layout: the stored patterns are the rows of X, shape (P, d) (the transpose of
the paper's d x P matrix, and the same layout as Xi elsewhere in assoc). A
state xi has shape (d,). Every function is pure and vmappable.

  energy   E(xi) = -lse(beta, X xi) + xi.xi/2 + beta^-1 ln P + M^2/2   (paper, Eq. 3)
  update   xi_new = X^T softmax(beta X xi)                                (paper, Eq. 4)

With Q = R W_Q, K = Y W_K, V = Y W_K W_V and beta = 1/sqrt(d_k), one update is
the attention softmax(Q K^T / sqrt(d_k)) V. The update is a concave-convex
procedure: E never increases along iterates, which converge to fixed points
of three kinds (global average, metastable, near a single pattern), told
apart by the softmax weights (`classify`).
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from assoc.couplings import HIGHEST

SINGLE, METASTABLE, GLOBAL = 0, 1, 2
CLASSES = ("single", "metastable", "global")


def lse(beta, z):
  """beta^-1 ln sum_l exp(beta z_l) (beta > 0), stable."""
  return jax.nn.logsumexp(beta * z) / beta


def energy(xi: jax.Array, X: jax.Array, beta) -> jax.Array:
  """E(xi) = -lse(beta, X xi) + xi.xi/2 + beta^-1 ln P + M^2/2, M = max_i |x_i|."""
  P = X.shape[0]
  M = jnp.max(jnp.linalg.norm(X, axis=1))
  return (-lse(beta, jnp.matmul(X, xi, precision=HIGHEST)) + 0.5 * jnp.dot(xi, xi)
          + jnp.log(P) / beta + 0.5 * M * M)


def _valid(X: jax.Array, num_patterns) -> jax.Array | None:
  """Mask of the stored rows (rows >= num_patterns are padding), or None."""
  return None if num_patterns is None else jnp.arange(X.shape[0]) < num_patterns


def weights(xi: jax.Array, X: jax.Array, beta, num_patterns=None) -> jax.Array:
  """softmax(beta X xi): the attention of the state on each pattern. Rows >=
  `num_patterns` (a traced integer allowed) are padding: weight exactly 0."""
  logits = beta * jnp.matmul(X, xi, precision=HIGHEST)
  valid = _valid(X, num_patterns)
  if valid is not None:
    logits = jnp.where(valid, logits, -jnp.inf)
  return jax.nn.softmax(logits)


def update(xi: jax.Array, X: jax.Array, beta) -> jax.Array:
  """One step xi <- X^T softmax(beta X xi). beta = 0 gives the mean pattern."""
  return jnp.matmul(weights(xi, X, beta), X, precision=HIGHEST)


class Retrieval(NamedTuple):
  xi: jax.Array       # final state (d,)
  weights: jax.Array  # softmax weights at the final state (P,)
  steps: jax.Array    # updates applied
  converged: jax.Array  # |xi_new - xi| < tol reached (always True for fixed steps)


def retrieve(xi: jax.Array, X: jax.Array, beta, steps: int = 1,
             tol: float | None = None, max_steps: int = 1000) -> Retrieval:
  """`steps` updates, or (tol given) updates until |xi_new - xi| < tol or
  `max_steps`. Returns the state, its softmax weights and the steps taken."""
  if tol is None:
    xi = jax.lax.fori_loop(0, steps, lambda _, x: update(x, X, beta), xi)
    return Retrieval(xi, weights(xi, X, beta), jnp.int32(steps), jnp.bool_(True))

  def cond(state):
    _, t, done = state
    return (~done) & (t < max_steps)

  def body(state):
    x, t, _ = state
    new = update(x, X, beta)
    return new, t + 1, jnp.linalg.norm(new - x) < tol

  xi, t, done = jax.lax.while_loop(cond, body, (xi, jnp.int32(0), jnp.bool_(False)))
  return Retrieval(xi, weights(xi, X, beta), t, done)


def separation(X: jax.Array, num_patterns=None, rows=None) -> jax.Array:
  """Delta_i = x_i.x_i - max_{j != i} x_i.x_j for every pattern (P,), or for
  the patterns `rows` only (an index array: O(len(rows) P d) instead of
  O(P^2 d)); rows >= `num_patterns` are padding, never the maximising j."""
  index = jnp.arange(X.shape[0]) if rows is None else jnp.asarray(rows)
  G = jnp.matmul(X[index], X.T, precision=HIGHEST)
  diag = jnp.take_along_axis(G, index[:, None], axis=1)[:, 0]
  exclude = index[:, None] == jnp.arange(X.shape[0])[None, :]
  valid = _valid(X, num_patterns)
  if valid is not None:
    exclude = exclude | ~valid[None, :]
  off = jnp.where(exclude, -jnp.inf, G)
  return diag - jnp.max(off, axis=1)


def classify(w: jax.Array, eps: float = 0.1) -> jax.Array:
  """Fixed-point class from the softmax weights (docs/hopfield.md §8.10): SINGLE if the
  largest weight >= 1 - eps; GLOBAL if exp(entropy) >= (1 - eps) P (an
  average over nearly all patterns); METASTABLE otherwise."""
  P = w.shape[0]
  entropy = -jnp.sum(jnp.where(w > 0, w * jnp.log(jnp.where(w > 0, w, 1.0)), 0.0))
  return jnp.where(jnp.max(w) >= 1 - eps, SINGLE,
                   jnp.where(jnp.exp(entropy) >= (1 - eps) * P, GLOBAL, METASTABLE))


def sphere_patterns(key: jax.Array, P: int, d: int, radius=None,
                    num_patterns=None) -> jax.Array:
  """P random patterns uniform on the sphere of radius sqrt(d) (default);
  row mu from fold_in(key, mu); rows >= num_patterns are zero."""
  radius = jnp.sqrt(d) if radius is None else radius
  rows = jax.vmap(lambda mu: jax.random.normal(jax.random.fold_in(key, mu), (d,)))(jnp.arange(P))
  rows = radius * rows / jnp.linalg.norm(rows, axis=1, keepdims=True)
  if num_patterns is None:
    return rows
  return jnp.where((jnp.arange(P) < num_patterns)[:, None], rows, 0.0)


def clustered_patterns(key: jax.Array, P: int, d: int, clusters: int,
                       correlation: float, radius=None) -> jax.Array:
  """P patterns on the sphere of radius sqrt(d), in `clusters` groups
  (pattern mu in group mu % clusters): x = normalise(sqrt(c) g + sqrt(1-c) z)
  with g the group's Gaussian centre and z the pattern's own (norm sqrt(d)),
  so that two patterns of a group have cosine ~ c."""
  radius = jnp.sqrt(d) if radius is None else radius
  centres = jax.random.normal(jax.random.fold_in(key, 1), (clusters, d))
  own = sphere_patterns(jax.random.fold_in(key, 0), P, d, radius=1.0) * jnp.sqrt(d)
  x = jnp.sqrt(correlation) * centres[jnp.arange(P) % clusters] + jnp.sqrt(1 - correlation) * own
  return radius * x / jnp.linalg.norm(x, axis=1, keepdims=True)
