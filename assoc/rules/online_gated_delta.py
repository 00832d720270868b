"""The gated delta rule: Gated DeltaNet (docs/pavlovian.md §3.2, §3.3)."""

import jax.numpy as jnp

from assoc import chunkwise as cw
from assoc.online import Gate, MatrixMemory
from assoc.rules import register


@register("gated_delta", kind="online")
class GatedDelta(MatrixMemory):
  """S_t = alpha_t S_{t-1}(I - beta_t k_t k_t^T) + beta_t v_t k_t^T (Yang,
  Kautz and Hatamizadeh, ICLR 2025, arXiv 2412.06464, Eq. 10): retention
  alpha, then a delta step of size beta from alpha S_{t-1}, i.e. an SGD step
  on (1/2)|S k - v|^2 at the decayed state. alpha = 1 gives `delta`.
  Chunkwise form: assoc.chunkwise.gated_delta (derived; equivalent to the
  paper's Eqs. 10-11).
  """

  gate_spec = {"alpha": Gate(0.99, low=0.0, high=1.0, open_low=True, doc="retention"),
               "beta": Gate(1.0, low=0.0, high=2.0,
                            doc="non-expansive iff 0 <= beta |k|^2 <= 2; unit keys")}
  provenance = "paper"
  citation = "Yang, Kautz and Hatamizadeh, ICLR 2025, arXiv 2412.06464 (Gated DeltaNet)"

  def write(self, state, k, v, gates):
    S = gates["alpha"] * state["S"]
    return {"S": S - gates["beta"] * jnp.outer(S @ k - v, k)}

  def objective(self, S, k, v, gates):
    e = S @ k - v
    return 0.5 * gates["beta"] * (e @ e)

  def objective_write(self, state, k, v, gates):
    S = gates["alpha"] * state["S"]
    return {"S": self.gradient_step(S, k, v, gates)}

  def chunkwise(self, state, K, V, Q, gates, chunk_size):
    O, S = cw.gated_delta(state["S"], K, V, Q, gates["alpha"], gates["beta"], chunk_size)
    return O, {"S": S}
