"""Miras with an l_p attentional bias and a linear memory (docs/pavlovian.md
§3.2; Behrouz, Razaviyayn, Zhong and Mirrokni 2025, arXiv 2504.13173)."""

import dataclasses

import jax.numpy as jnp

from assoc.online import Gate, MatrixMemory
from assoc.rules import register


@register("miras_lp", kind="online")
@dataclasses.dataclass(frozen=True)
class MirasLp(MatrixMemory):
  """S_t = S_{t-1} - eta_t p (sign(e) . |e|^{p-1}) k^T, e = S_{t-1} k - v: an
  SGD step on sum_i |e_i|^p (p = 2 is the delta rule with beta = 2 eta).
  With `surrogate`, the smooth surrogates of the paper: sign(x) ~ tanh(a x),
  |x| ~ sqrt(x^2 + eps) (then no objective is declared). The exponent p
  (3 in Moneta), the slope a and eps are choices (docs/pavlovian.md §7.6):
  provenance "paper-constants-unverified".
  """

  p: float = 3.0
  surrogate: bool = False
  a: float = 10.0
  eps: float = 1e-6

  gate_spec = {"eta": Gate(0.1, low=0.0, doc="step")}
  provenance = "paper-constants-unverified"
  citation = "Behrouz, Razaviyayn, Zhong and Mirrokni 2025, arXiv 2504.13173 (Miras, Moneta)"

  def __post_init__(self):
    if not self.p >= 1:
      raise ValueError(f"rule 'miras_lp': option p must be >= 1, got {self.p}")

  def _grad_e(self, e):
    if self.surrogate:
      return self.p * jnp.tanh(self.a * e) * (e * e + self.eps) ** ((self.p - 1) / 2)
    return self.p * jnp.sign(e) * jnp.abs(e) ** (self.p - 1)

  def write(self, state, k, v, gates):
    S = state["S"]
    return {"S": S - gates["eta"] * jnp.outer(self._grad_e(S @ k - v), k)}

  @property
  def objective(self):
    return None if self.surrogate else self._objective

  def _objective(self, S, k, v, gates):
    return gates["eta"] * jnp.sum(jnp.abs(S @ k - v) ** self.p)

  @property
  def objective_write(self):
    return None if self.surrogate else self._objective_write

  def _objective_write(self, state, k, v, gates):
    return {"S": self.gradient_step(state["S"], k, v, gates)}
