"""Dense associative memories as storage rules (docs/hopfield.md §2): the
patterns define the energy directly, E = -sum_mu F(xi^mu . sigma)."""

from assoc.hopfield import dense as _dense
from assoc.rules import register


def _check_degree(N, P, n=3):
  del N, P
  if not isinstance(n, int) or n < 2:
    return f"option n (the interaction order) must be an integer >= 2, got {n!r}"
  return None


@register("dense", check=_check_degree)
def dense(patterns, *, n: int = 3):
  """Krotov–Hopfield dense memory, F(S) = S^n, all-index convention (the
  sum over all index tuples, repeated indices included; docs/hopfield.md §2.2). n = 2 is
  the Hebbian network with zero diagonal, field for field."""
  return _dense.polynomial(patterns, n)


@register("dense_exp")
def dense_exp(patterns):
  """Demircigil et al. exponential memory, F(S) = e^S (zero temperature only:
  its fields are defined up to a positive factor)."""
  return _dense.exponential(patterns)
