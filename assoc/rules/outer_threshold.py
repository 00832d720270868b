"""Storage scheme "threshold": q_{ρ,[P]} (docs/outer_product.md §2).

Keeps the P = ⌊d / P_div⌋ most frequent *seen* tokens, with weight freq^ρ
(ρ = 0: weight 1), and stores nothing else. Ties in frequency are broken by
token index (a stable sort; the reference code's sort is not stable). At
infinite data this is 1{x < P} over true ranks, and with P ≍ d,
E ≍ d^(-α+1) + T^(-1+1/α) (Proposition 4). The figures (docs/outer_product.md §5) use
P_div = 12 on seen tokens (F-a to F-c) and P_div = 8 at infinite data (F-e).
"""

import jax.numpy as jnp

from assoc.rules import register


def _check(*, P_div: float = 8.0, rho: float = 0.0, **_):
  if not (isinstance(P_div, (int, float)) and P_div > 0):
    return f"option P_div (P = floor(d / P_div) tokens kept) must be > 0, got {P_div!r}"
  if not rho >= 0:
    return f"option rho (the weight freq^rho of kept tokens) must be >= 0, got {rho!r}"
  return None


@register("threshold", kind="scheme", check=_check)
def threshold(freq, *, d, P_div=8.0, rho=0.0):
  """q(x) = freq(x)^rho if x is among the ⌊d/P_div⌋ most frequent seen tokens,
  else 0. `d` and the options may be traced."""
  N = freq.shape[0]
  P = jnp.floor(jnp.asarray(d, jnp.float32) / P_div)
  order = jnp.argsort(-freq, stable=True)
  rank = jnp.zeros((N,), jnp.int32).at[order].set(jnp.arange(N, dtype=jnp.int32))
  seen = freq > 0
  keep = seen & (rank < P)
  return jnp.where(keep, jnp.where(seen, freq, 1.0) ** rho, 0.0).astype(freq.dtype)
