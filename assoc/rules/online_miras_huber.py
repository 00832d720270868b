"""Miras with a Huber attentional bias and a linear memory (docs/pavlovian.md
§3.2; Behrouz, Razaviyayn, Zhong and Mirrokni 2025, arXiv 2504.13173)."""

import dataclasses

import jax.numpy as jnp

from assoc.online import Gate, MatrixMemory
from assoc.rules import register

VARIANTS = ("coordinate", "norm", "yaad")


def _huber(x, delta):
  a = jnp.abs(x)
  return jnp.where(a <= delta, 0.5 * x * x, delta * (a - 0.5 * delta))


@register("miras_huber", kind="online")
@dataclasses.dataclass(frozen=True)
class MirasHuber(MatrixMemory):
  """A Huber-robust delta rule, e = S_{t-1} k - v, step eta:

  coordinate  S_t = S_{t-1} - eta clip(e, -delta, delta) k^T (Huber loss per
              coordinate)
  norm        S_t = S_{t-1} - eta g k^T, g = e if |e| <= delta, else delta e/|e|
              (Huber loss of |e|)
  yaad        the switch of Yaad: an l2 step eta e k^T if |e| <= delta, else
              eta delta sign(e) k^T

  The threshold delta is a gate (fixed or data-dependent); the variants'
  constants are choices (docs/pavlovian.md §7.6): provenance
  "paper-constants-unverified". The Yaad memory of the paper (an MLP with l2
  retention) is not built.
  """

  variant: str = "coordinate"

  gate_spec = {"eta": Gate(0.5, low=0.0, doc="step"),
               "delta": Gate(1.0, low=0.0, open_low=True, doc="Huber threshold")}
  provenance = "paper-constants-unverified"
  citation = "Behrouz, Razaviyayn, Zhong and Mirrokni 2025, arXiv 2504.13173 (Miras, Yaad)"

  def __post_init__(self):
    if self.variant not in VARIANTS:
      raise ValueError(f"rule 'miras_huber': variant={self.variant!r} is not one of "
                       f"{', '.join(VARIANTS)}")

  def _g(self, e, delta):
    if self.variant == "coordinate":
      return jnp.clip(e, -delta, delta)
    norm = jnp.sqrt(e @ e)
    if self.variant == "norm":
      return jnp.where(norm <= delta, e, delta * e / jnp.maximum(norm, 1e-30))
    return jnp.where(norm <= delta, e, delta * jnp.sign(e))

  def write(self, state, k, v, gates):
    S = state["S"]
    return {"S": S - gates["eta"] * jnp.outer(self._g(S @ k - v, gates["delta"]), k)}

  def objective(self, S, k, v, gates):
    """The loss whose gradient step `write` is (away from |e| = delta)."""
    e, delta = S @ k - v, gates["delta"]
    if self.variant == "coordinate":
      loss = jnp.sum(_huber(e, delta))
    elif self.variant == "norm":
      loss = _huber(jnp.sqrt(e @ e), delta)
    else:
      loss = jnp.where(jnp.sqrt(e @ e) <= delta, 0.5 * (e @ e), delta * jnp.sum(jnp.abs(e)))
    return gates["eta"] * loss

  def objective_write(self, state, k, v, gates):
    return {"S": self.gradient_step(state["S"], k, v, gates)}
