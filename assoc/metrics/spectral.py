r"""Spectral isotropy of a weight matrix (docs/muon_tail.md §6; Wang et al.,
arXiv 2509.26030 v2, §4).

For the singular values sigma_1 >= ... >= sigma_n of W above
rtol * sigma_max and q_i = sigma_i^2 / sum_j sigma_j^2:

  entropy  H = -(log n)^-1 sum_i q_i log q_i   (normalised SVD entropy; 0 for n = 1)
  erank    exp(-sum_i q_i log q_i)             (effective rank)
  top10    sum_{i <= min(10, n)} q_i           (energy in the top 10 directions)
  q75_25   Q3({sigma_i^2}) / Q1({sigma_i^2})   (interquartile ratio)

Higher H and eRank, lower TopE_10 and Q_75/25: more isotropic. The
quantiles interpolate as NumPy's `method` (docs/muon_tail.md §10, `quantile_method`) over
the kept values only, so the count n may vary under jit. `rank` is n; for
W = 0 (n = 0) every metric is 0 and rank 0, which callers report as missing.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

QUANTILE_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")
METRICS = ("entropy", "erank", "top10", "q75_25", "rank")


def _quantile(sorted_values: jax.Array, n: jax.Array, q: float, method: str) -> jax.Array:
  """The q-quantile of the first n entries of an ascending array (NumPy's
  definitions with position (n - 1) q)."""
  pos = (n - 1).astype(sorted_values.dtype) * q
  lo = jnp.floor(pos)
  hi = jnp.ceil(pos)
  v_lo = sorted_values[lo.astype(jnp.int32)]
  v_hi = sorted_values[hi.astype(jnp.int32)]
  if method == "linear":
    return v_lo + (pos - lo) * (v_hi - v_lo)
  if method == "lower":
    return v_lo
  if method == "higher":
    return v_hi
  if method == "midpoint":
    return 0.5 * (v_lo + v_hi)
  if method == "nearest":  # round half to even, as NumPy
    return sorted_values[jnp.round(pos).astype(jnp.int32)]
  raise ValueError(f"unknown quantile method {method!r}; one of {QUANTILE_METHODS}")


def from_singular_values(s: jax.Array, rtol: float = 1e-12,
                         quantile_method: str = "linear") -> dict[str, jax.Array]:
  """The metrics from singular values `s` (any order)."""
  s = jnp.sort(s)[::-1]
  keep = s > rtol * s[0]
  n = jnp.sum(keep)
  s2 = jnp.where(keep, s**2, 0.0)
  total = jnp.sum(s2)
  q = s2 / jnp.where(total > 0, total, 1.0)
  plogq = jnp.where(keep, q * jnp.log(jnp.where(keep, q, 1.0)), 0.0)
  neg_entropy = jnp.sum(plogq)
  entropy = jnp.where(n > 1, -neg_entropy / jnp.log(jnp.maximum(n, 2).astype(s.dtype)), 0.0)
  erank = jnp.where(n > 0, jnp.exp(-neg_entropy), 0.0)
  top10 = jnp.sum(q[:10])
  ascending = jnp.sort(jnp.where(keep, s2, jnp.inf))  # kept values first
  q1 = _quantile(ascending, jnp.maximum(n, 1), 0.25, quantile_method)
  q3 = _quantile(ascending, jnp.maximum(n, 1), 0.75, quantile_method)
  q75_25 = jnp.where(n > 0, q3 / jnp.where(n > 0, q1, 1.0), 0.0)
  return {"entropy": entropy, "erank": erank, "top10": jnp.where(n > 0, top10, 0.0),
          "q75_25": q75_25, "rank": n.astype(jnp.int32)}


def spectral_metrics(W: jax.Array, rtol: float = 1e-12,
                     quantile_method: str = "linear") -> dict[str, jax.Array]:
  """H, eRank, TopE_10, Q_75/25 and the rank n of the matrix W."""
  return from_singular_values(jnp.linalg.svd(W, compute_uv=False), rtol, quantile_method)
