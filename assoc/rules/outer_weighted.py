"""Storage scheme "weighted": q = p (docs/outer_product.md §2).

Infinite data: q = p, E ≍ d^(-(α-1)/(2α)) (derived from Theorem 1). Empirical:
q^ = p^, the frequencies. One gradient step from W = 0 stores q = p (§3.3).
"""

from assoc.rules import register


@register("weighted", kind="scheme")
def weighted(freq, *, d):
  """q(x) = freq(x): each token weighted by its (empirical) frequency."""
  del d
  return freq
