"""One trial of several storage schemes over a whole (d, T) grid
(docs/outer_product.md §4, "theory validation"; the task function of
`sims.outer_product_scaling`).

A trial draws its embeddings once (nested design: at d_max, every d a prefix)
and one stream of T_max tokens; the data of size T are the stream's first T
tokens (so the T of a trial are nested too, as in the reference figures).
For every scheme, d and T it builds W_q with the scheme's q from the
empirical frequencies (the true p for T = None) and measures the population
error: every scheme sees the same embeddings and data (paired comparisons).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import jax
import jax.numpy as jnp

from assoc import rules
from assoc.outer import embeddings, memory, zipf


def frequencies(key: jax.Array, p: jax.Array, Ts: Sequence[int | None]) -> jax.Array:
  """(len(Ts), N): p^ of the first T tokens of one stream, or p for T = None."""
  N = p.shape[0]
  finite = [T for T in Ts if T is not None]
  tokens = zipf.sample(key, p, max(finite)) if finite else None
  rows = []
  for T in Ts:
    if T is None:
      rows.append(p)
    else:
      rows.append(zipf.counts(tokens, N, T).astype(p.dtype) / T)
  return jnp.stack(rows)


def scheme_trial(key: jax.Array, alpha, *, N: int, M: int,
                 schemes: Sequence[tuple[str, Mapping[str, Any]]],
                 ds: Sequence[int], Ts: Sequence[int | None],
                 design: str = "nested", e_dist: str = "gaussian",
                 u_dist: str = "sphere", n_head: int = 30) -> dict[str, jax.Array]:
  """Errors of every (scheme, options) of `schemes` at every (d, T).

  Outputs have a leading axis of len(schemes) * len(ds) * len(Ts) (scheme
  slowest, then d, then T): error, error_head, error_tail (memory.errors),
  num_seen (tokens with freq > 0) and num_stored (tokens with q > 0).
  """
  fns = [(rules.get(name, "scheme"), dict(options)) for name, options in schemes]
  p = zipf.probabilities(N, alpha)
  f = zipf.labels(N, M)
  d_max = max(ds)
  freqs = frequencies(jax.random.fold_in(key, 1), p, Ts)
  ekey = jax.random.fold_in(key, 2)
  full = (embeddings.draw_full(ekey, N=N, M=M, d_max=d_max, e_dist=e_dist, u_dist=u_dist)
          if design == "nested" else None)

  def one_d(d):
    E, U = embeddings.pair(ekey, d, N=N, M=M, d_max=d_max, design=design,
                           e_dist=e_dist, u_dist=u_dist, full=full)
    C = memory.class_overlaps(U, f)

    def one_T(freq, rule, options):
      q = rule(freq, d=d, **options)
      out = memory.errors(memory.scores(E, U, f, q, C), f, p, n_head)
      out.update(num_seen=jnp.sum(freq > 0).astype(jnp.int32),
                 num_stored=jnp.sum(q > 0).astype(jnp.int32))
      return out

    per_scheme = [jax.vmap(lambda fr: one_T(fr, rule, opts))(freqs) for rule, opts in fns]
    return jax.tree.map(lambda *v: jnp.stack(v), *per_scheme)  # (schemes, T)

  out = jax.lax.map(one_d, jnp.asarray(ds, jnp.int32))  # (d, schemes, T)
  size = len(fns) * len(ds) * len(Ts)
  return {k: jnp.swapaxes(v, 0, 1).reshape((size,) + v.shape[3:]) for k, v in out.items()}


def matrix_trial(key: jax.Array, alpha, *, N: int, M: int, d: int, T: int | None,
                 scheme: str, variants: Sequence[Mapping[str, Any]],
                 e_dist: str = "gaussian", u_dist: str = "sphere") -> dict[str, jax.Array]:
  """The memory read out for every token and class (figure F-f): for each
  option set of `variants` (e.g. rho = 0 and 1 of "power"), the scores
  S[x, y] = u_y^T W_q e_x and softmax_y S[x, y], with one embedding draw
  (dimension d) and one data set of size T (None: the true p) per trial.

  Outputs have a leading axis len(variants) * N * M (variant slowest, then x,
  then y): score, prob, and per token count (of x in the data; -1 at T =
  None) and stored (q(x) > 0).
  """
  rule = rules.get(scheme, "scheme")
  p = zipf.probabilities(N, alpha)
  f = zipf.labels(N, M)
  freq = frequencies(jax.random.fold_in(key, 1), p, (T,))[0]
  E, U = embeddings.draw_full(jax.random.fold_in(key, 2), N=N, M=M, d_max=d,
                              e_dist=e_dist, u_dist=u_dist)
  count = (jnp.round(freq * T).astype(jnp.int32) if T is not None
           else jnp.full((N,), -1, jnp.int32))
  outs = []
  for options in variants:
    q = rule(freq, d=d, **options)
    S = memory.scores(E, U, f, q)
    outs.append(dict(score=S, prob=jax.nn.softmax(S, axis=-1),
                     count=jnp.broadcast_to(count[:, None], (N, M)),
                     stored=jnp.broadcast_to((q > 0)[:, None], (N, M))))
  out = jax.tree.map(lambda *v: jnp.stack(v), *outs)
  return {k: v.reshape((-1,)) for k, v in out.items()}
