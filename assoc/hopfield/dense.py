"""Dense associative memories (Krotov & Hopfield 2016, arXiv 1606.01164;
Demircigil et al. 2017, arXiv 1702.01929; docs/hopfield.md §2).

Energy E(sigma) = -scale * sum_mu F(S_mu), S_mu = xi^mu . sigma, with
F(S) = S^n ("all-index" convention: the sum over all index tuples, repeated
indices included, which is what powers of overlaps compute; docs/hopfield.md §2.2) or
F(S) = e^S. Flipping spin i changes the energy by

  E(sigma_i = -1) - E(sigma_i = +1) = scale sum_mu [F(S_mu^(i) + xi_i^mu) - F(S_mu^(i) - xi_i^mu)]
                                    = 2 scale sum_mu xi_i^mu g(S_mu^(i)),

S_mu^(i) = S_mu - xi_i^mu sigma_i, with g(S) = sum_{k odd} C(n, k) S^(n-k) for
the polynomial (the odd binomial terms: no cancellation of large powers,
docs/hopfield.md §4.4) and g(S) = sinh(1) e^S for the exponential. So the field is
h_i = scale sum_mu xi_i^mu g(S_mu^(i)), computed from the P overlaps in O(P)
per spin; nothing of size N^n is ever formed.

Scale (any fixed scale only rescales the temperature, docs/hopfield.md §2.1): for the
polynomial scale = N^(1-n) / n!, the normalisation H = -(N/n!) sum_mu m_mu^n
of the RS theory (docs/hopfield.md §2.3), under which n = 2 is exactly the Hebbian
network (h_i = (1/N)[sum_mu xi_i^mu S_mu - P sigma_i]). For the exponential
the fields are only defined up to a positive factor (exponents are shifted by
their maximum, which the sign does not see): it runs at T = 0 only.
"""

from __future__ import annotations

import math

import flax.struct
import jax
import jax.numpy as jnp

from assoc.couplings import HIGHEST, _take, permute_index

EXPONENTIAL = 0  # the degree that stands for F(S) = e^S


def odd_binomial_coefficients(n: int) -> tuple[tuple[int, int], ...]:
  """((C(n, k), n - k) for odd k): g(S) = sum C(n, k) S^(n - k)."""
  return tuple((math.comb(n, k), n - k) for k in range(1, n + 1, 2))


@flax.struct.dataclass
class DenseMemory:
  """E = -scale sum_mu F(xi^mu . sigma); xi_T: (N, P) patterns, neuron-major
  (all-zero columns are padding); n >= 2 (F = S^n) or EXPONENTIAL.

  `binary`: the stored entries are in {-1, 0, +1}, so x^k = x for odd k and
  the field is x g(S^(i)). Real-valued stored vectors (class averages,
  docs/dense_hebbian.md §1) set it False: the exact flip difference is then
  [F(S^(i) + x) - F(S^(i) - x)]/2 = sum_{k odd} C(n, k) x^k (S^(i))^(n-k).

  `real` (P,) marks the stored patterns (1) and the padding columns (0), and
  `full` says that no stored pattern has a zero entry; `polynomial` and
  `exponential` set both for binary memories (`_binary_fields` uses them)."""

  xi_T: jax.Array
  n: int = flax.struct.field(pytree_node=False)
  scale: jax.Array | float = 1.0
  binary: bool = flax.struct.field(pytree_node=False, default=True)
  real: jax.Array | None = None
  full: jax.Array | None = None

  aux_per_neuron = False

  @property
  def num_neurons(self) -> int:
    return self.xi_T.shape[-2]

  def _g(self, S):
    if self.n == EXPONENTIAL:
      # Shift every exponent by the largest overlap: a positive factor per
      # state, invisible to a sign (T = 0), and no overflow.
      return jnp.exp(S - jax.lax.stop_gradient(jnp.max(S)))
    out = jnp.zeros_like(S)
    for coefficient, power in odd_binomial_coefficients(self.n):
      out = out + coefficient * S**power
    return out

  def overlaps(self, sigma):
    return jnp.matmul(sigma, self.xi_T, precision=HIGHEST)

  def _fields(self, rows, s, aux):
    S_without = aux[None, :] - rows * s[:, None]  # S_mu^(i), one row per spin
    if self.binary or self.n == EXPONENTIAL:
      return jnp.sum(rows * self._g(S_without), axis=-1)
    out = jnp.zeros_like(S_without)
    for coefficient, power in odd_binomial_coefficients(self.n):
      out = out + coefficient * rows ** (self.n - power) * S_without**power
    return jnp.sum(out, axis=-1)

  def fields_from_overlaps(self, aux, sigma):
    return self._fields(self.xi_T, sigma, aux)

  def block_fields(self, aux, sigma, start, size):
    rows = jax.lax.dynamic_slice_in_dim(self.xi_T, start, size)
    s = jax.lax.dynamic_slice_in_dim(sigma, start, size)
    if self.binary:  # the same fields up to rounding, in one matrix-vector product
      return self._binary_fields(rows, s, aux)
    return self._fields(rows, s, aux)

  def _binary_fields(self, rows, s, aux):
    """`_fields` of a binary memory as a matrix-vector product (the dynamics'
    blocks). With x = xi_i^mu in {-1, 0, 1}, S^(i) = S - x s_i is S - 1 or
    S + 1 where x != 0, so

      x g(S^(i)) = x (g(S - 1) + g(S + 1)) / 2 + x^2 s_i (g(S - 1) - g(S + 1)) / 2

    and h_i = rows_i . even + s_i (x_i^2 . odd): two P-vectors per state and
    one matrix-vector product per block, instead of powers of a (block, P)
    array; x_i^2 . odd is real . odd when the memory is `full`, a second
    product otherwise. The same fields as `_fields` up to float rounding
    (exact while the terms are integers below 2^24, e.g. n = 2). For e^S both
    exponents are shifted by max S + 1 (a positive factor per state)."""
    if self.n == EXPONENTIAL:
      shift = jax.lax.stop_gradient(jnp.max(aux)) + 1.0
      g_minus, g_plus = jnp.exp(aux - 1.0 - shift), jnp.exp(aux + 1.0 - shift)
    else:
      g_minus, g_plus = self._g(aux - 1.0), self._g(aux + 1.0)
    even, odd = (g_minus + g_plus) / 2, (g_minus - g_plus) / 2
    squares = lambda: jnp.matmul(rows * rows, odd, precision=HIGHEST)  # noqa: E731
    if self.real is None:
      diagonal = squares()
    else:
      diagonal = jax.lax.cond(
          self.full, lambda: jnp.dot(self.real, odd, precision=HIGHEST) * jnp.ones_like(s),
          squares)
    return jnp.matmul(rows, even, precision=HIGHEST) + s * diagonal

  def update_overlaps(self, aux, i, delta):
    return aux + delta * jax.lax.dynamic_index_in_dim(self.xi_T, i, keepdims=False)

  def permute(self, perm, pad=0):
    return self.replace(xi_T=_take(self.xi_T, permute_index(perm, pad)))

  def energy(self, sigma):
    S = self.overlaps(sigma)
    if self.n == EXPONENTIAL:
      return -jnp.sum(jnp.exp(S))
    return -self.scale * jnp.sum(S**self.n)


def polynomial(patterns: jax.Array, n: int, *, weight: float = 1.0,
               binary: bool = True) -> DenseMemory:
  """F(S) = S^n, scale weight N^(1-n)/n! (`weight`: 1/M for the M examples
  per class of unsupervised learning, docs/dense_hebbian.md §1); `binary`:
  False for real-valued stored vectors (see DenseMemory)."""
  P, N = patterns.shape
  return DenseMemory(xi_T=patterns.T, n=n, binary=binary,
                     scale=weight * float(N) ** (1 - n) / math.factorial(n),
                     **(_columns(patterns) if binary else {}))


def exponential(patterns: jax.Array) -> DenseMemory:
  """F(S) = e^S (T = 0 only)."""
  return DenseMemory(xi_T=patterns.T, n=EXPONENTIAL, scale=1.0, **_columns(patterns))


def _columns(patterns: jax.Array) -> dict[str, jax.Array]:
  """`real` (1 for a stored pattern, 0 for an all-zero padding row) and
  `full` (no stored pattern has a zero entry) of (P, N) patterns."""
  nonzero = patterns != 0
  real = jnp.any(nonzero, axis=1)
  return {"real": real.astype(patterns.dtype),
          "full": jnp.all(nonzero == real[:, None])}
