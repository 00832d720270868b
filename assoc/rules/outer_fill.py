"""Storage scheme "fill": q = 1 on every seen token (docs/outer_product.md §2).

Infinite data (freq = p > 0 everywhere): q = 1. Empirical: q^_0(x) = 1{x seen}.
Stores every seen token with the same weight, so it overflows once about d
tokens are seen (§3.2).
"""


from assoc.rules import register


@register("fill", kind="scheme")
def fill(freq, *, d):
  """q(x) = 1{freq(x) > 0}: every seen token with weight 1 (q = 1 at T = ∞)."""
  del d
  return (freq > 0).astype(freq.dtype)
