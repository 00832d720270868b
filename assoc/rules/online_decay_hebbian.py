"""Hebbian memory with decay: RetNet, Mamba2 (scalar retention) and GLA
(key-wise retention) (docs/pavlovian.md §3.2)."""

import dataclasses

import jax.numpy as jnp

from assoc import chunkwise as cw
from assoc.online import Gate, MatrixMemory
from assoc.rules import register


@register("decay_hebbian", kind="online")
@dataclasses.dataclass(frozen=True)
class DecayHebbian(MatrixMemory):
  """S_t = alpha_t S_{t-1} + eta_t v_t k_t^T (scalar alpha: RetNet, fixed
  per head, Sun et al. 2023, arXiv 2307.08621; data-dependent: Mamba2, Dao
  and Gu 2024, arXiv 2405.21060), or with `keywise` S_t = S_{t-1}
  Diag(alpha_t) + eta_t v_t k_t^T (GLA, Yang et al. 2024, arXiv
  2312.06635).

  Recency (derived, docs/pavlovian.md §3.2; constant alpha, unit keys):
  relMSE(lag) = (1 - alpha^lag)^2 + (sum_{m<n} alpha^{2m} - alpha^{2 lag})/d_k;
  half the signal survives to lag ln 2 / ln(1/alpha). The scalar form has a
  chunkwise parallel form (decays from cumulative log alpha).
  """

  keywise: bool = False

  provenance = "paper"
  citation = ("Sun et al. 2023 (RetNet), arXiv 2307.08621; Dao and Gu 2024 (Mamba2), "
              "arXiv 2405.21060; Yang et al. 2024 (GLA), arXiv 2312.06635")

  @property
  def gate_spec(self):
    return {"alpha": Gate(0.99, low=0.0, high=1.0, open_low=True,
                          shape="key" if self.keywise else "scalar", doc="retention"),
            "eta": Gate(1.0, low=0.0, doc="write strength")}

  def _retain(self, S, alpha):
    if self.keywise:  # a scalar alpha retains every key coordinate alike
      return S * jnp.broadcast_to(alpha, S.shape[-1:])[None, :]
    return alpha * S

  def write(self, state, k, v, gates):
    return {"S": self._retain(state["S"], gates["alpha"]) + gates["eta"] * jnp.outer(v, k)}

  def objective(self, S, k, v, gates):
    return -gates["eta"] * (v @ (S @ k))

  def objective_write(self, state, k, v, gates):
    S = self._retain(state["S"], gates["alpha"])
    return {"S": self.gradient_step(S, k, v, gates)}

  @property
  def chunkwise(self):
    return None if self.keywise else self._chunkwise

  def _chunkwise(self, state, K, V, Q, gates, chunk_size):
    O, S = cw.decay(state["S"], K, gates["eta"][:, None] * V, Q, gates["alpha"], chunk_size)
    return O, {"S": S}
