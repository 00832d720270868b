"""A supervised Oja-like rule: output clamped to the US (docs/pavlovian.md
§3.2; a construction of this project)."""

import jax.numpy as jnp

from assoc.online import Gate, MatrixMemory
from assoc.rules import register


@register("oja_supervised", kind="online")
class OjaSupervised(MatrixMemory):
  """Delta S = eta (v k^T - diag(v . v) S): Oja's rule with the output clamped
  to the US v (a construction, not from a paper; its behaviour is measured,
  not assumed). Its fixed point is S_ij = E[v_i k_j] / E[v_i^2], a bounded,
  normalised Hebbian cross-covariance, so its crosstalk stays Hebbian-like
  (the delta rule uses the pre-synaptic term eta (v k^T - S k k^T) instead).
  An SGD step of size eta on (1/2) sum_ij v_i^2 S_ij^2 - v^T S k.
  """

  gate_spec = {"eta": Gate(0.1, low=0.0, doc="learning rate")}
  provenance = "construction"
  citation = "construction for assoc, after Oja 1982, J. Math. Biol. 15, 267"

  def write(self, state, k, v, gates):
    S = state["S"]
    return {"S": S + gates["eta"] * (jnp.outer(v, k) - (v * v)[:, None] * S)}

  def objective(self, S, k, v, gates):
    return gates["eta"] * (0.5 * jnp.sum((v * v)[:, None] * S * S) - v @ (S @ k))

  def objective_write(self, state, k, v, gates):
    return {"S": self.gradient_step(state["S"], k, v, gates)}
