"""Storage scheme "power": q = p^ρ (docs/outer_product.md §2).

ρ = 0 is fill, ρ = 1 is weighted; at infinite data with 2αρ > 1,
E ≍ d^(-(α-1)/(2αρ)) (derived), improving as ρ decreases to 1/(2α).
"""

import jax.numpy as jnp

from assoc.rules import register


def _check(*, rho: float = 1.0, **_):
  if not rho >= 0:
    return f"option rho (the exponent of q = p^rho) must be >= 0, got {rho!r}"
  return None


@register("power", kind="scheme", check=_check)
def power(freq, *, d, rho=1.0):
  """q(x) = freq(x)^rho on seen tokens, 0 on unseen ones (so that 0^0 does not
  store them)."""
  del d
  seen = freq > 0
  return jnp.where(seen, jnp.where(seen, freq, 1.0) ** rho, 0.0)
