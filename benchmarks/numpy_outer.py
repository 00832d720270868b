"""A straightforward NumPy implementation of the thresholded outer-product
memory (docs/outer_product.md §2, §4), for benchmarks/bench_outer.py."""

from __future__ import annotations

import numpy as np


def threshold_errors(rng: np.random.Generator, N: int, M: int, alpha: float, ds, Ts,
                     P_div: float = 12.0) -> np.ndarray:
  """One trial of the F-a setting: (len(Ts), len(ds)) population errors.

  Nested as the reference figures: one embedding draw at max(d) (E ~ N(0,
  1/d_max), U rows unit-norm), one stream of max(T) tokens; for each T the P =
  ⌊d/P_div⌋ most frequent seen tokens (stable sort) are stored with weight 1
  in W = sum_x q(x) u_f(x) e_x^T, formed as a d x d matrix, and every token is
  read out through it: scores = E W^T U^T, O(N d^2).
  """
  d_max = max(ds)
  p = np.arange(1, N + 1, dtype=np.float64) ** -alpha
  p /= p.sum()
  f = np.arange(N) % M
  E = (rng.standard_normal((N, d_max)) / np.sqrt(d_max)).astype(np.float32)
  U = rng.standard_normal((M, d_max)).astype(np.float32)
  U /= np.linalg.norm(U, axis=1, keepdims=True)
  tokens = rng.choice(N, size=max(Ts), p=p)
  out = np.empty((len(Ts), len(ds)))
  for i, T in enumerate(Ts):
    counts = np.bincount(tokens[:T], minlength=N)
    order = np.argsort(-counts, kind="stable")
    for j, d in enumerate(ds):
      P = int(d // P_div)
      keep = order[:P][counts[order[:P]] > 0]
      Ed, Ud = E[:, :d], U[:, :d]
      W = (Ud[f[keep]]).T @ Ed[keep]          # d x d, q = 1 on the kept tokens
      scores = Ed @ W.T @ Ud.T
      pred = np.argmax(scores, axis=1)
      out[i, j] = p[pred != f].sum()
  return out
