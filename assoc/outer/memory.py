"""The outer-product memory W_q = sum_x q(x) u_{f*(x)} e_x^T, its scores and
its population error (docs/outer_product.md §1, §8).

E is (N, d) with rows e_x, U is (M, d) with rows u_y, f the (N,) labels f*(x).
Scores S[x, y] = u_y^T W_q e_x are computed for all N tokens at once without
forming W: S = E (E^T (q ⊙ C)) with C = U[f] U^T, i.e.
S[x, y] = sum_x' q(x') (u_y . u_f(x')) (e_x' . e_x), which costs O(N d M)
instead of the O(N d^2) of W itself.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp


def memory_matrix(E: jax.Array, U: jax.Array, f: jax.Array, q: jax.Array) -> jax.Array:
  """W_q = U[f]^T diag(q) E, the (d, d) matrix, in one matmul."""
  return (U[f] * q[:, None]).T @ E


def class_overlaps(U: jax.Array, f: jax.Array) -> jax.Array:
  """C[x, y] = u_f(x) . u_y, (N, M): what `scores` needs of U."""
  return U[f] @ U.T


def scores(E: jax.Array, U: jax.Array, f: jax.Array, q: jax.Array,
           C: jax.Array | None = None) -> jax.Array:
  """S[x, y] = u_y^T W_q e_x for every token and class, (N, M), in O(N d M);
  C = class_overlaps(U, f) may be passed when several q share U."""
  C = class_overlaps(U, f) if C is None else C
  return E @ (E.T @ (q[:, None] * C))


def predictions(S: jax.Array) -> jax.Array:
  """f_W(x) = argmax_y S[x, y]; ties (e.g. W = 0) go to the smallest y."""
  return jnp.argmax(S, axis=-1).astype(jnp.int32)


def population_error(pred: jax.Array, f: jax.Array, p: jax.Array) -> jax.Array:
  """E(f) = sum_x p(x) 1{f(x) != f*(x)}, exact over all N tokens."""
  return jnp.sum(jnp.where(pred != f, p, 0.0))


def head_tail_errors(pred: jax.Array, f: jax.Array, n: int) -> tuple[jax.Array, jax.Array]:
  """Unweighted error rates on the n most frequent and the n least frequent
  tokens (the grid's error_head and error_tail, docs/outer_product.md §4)."""
  wrong = (pred != f).astype(jnp.float32)
  return jnp.mean(wrong[:n]), jnp.mean(wrong[-n:])


def errors(S: jax.Array, f: jax.Array, p: jax.Array, n_head: int) -> dict[str, jax.Array]:
  """error, error_head and error_tail of the scores S."""
  pred = predictions(S)
  head, tail = head_tail_errors(pred, f, n_head)
  return dict(error=population_error(pred, f, p), error_head=head, error_tail=tail)
