"""Hebbian online memory: linear attention, fast weights (docs/pavlovian.md
§1.2, §3.2). The online counterpart of the storage rule "hebbian"
(assoc/rules/hebbian.py, docs/hopfield.md §1.1): with k = v = xi and eta =
1/N it builds the Hopfield couplings one pattern at a time."""

import dataclasses

import jax
import jax.numpy as jnp

from assoc import chunkwise as cw
from assoc.online import Gate, OnlineRule
from assoc.rules import register


@register("hebbian", kind="online")
@dataclasses.dataclass(frozen=True)
class Hebbian(OnlineRule):
  """S_t = S_{t-1} + eta_t v_t k_t^T; read o = S q (post = US x pre = CS).

  With `normalize`, also z_t = z_{t-1} + eta_t k_t and o = S q / (z . q +
  eps): normalised linear attention (Katharopoulos et al. 2020, arXiv
  2006.16236), for non-negative features. An SGD step of size eta on -<S k,
  v> (Yang et al., Gated DeltaNet, Table 1). Behaviour (derived,
  docs/pavlovian.md §1.3): relMSE (n - 1)/d_k for unit random keys,
  unbounded in n; exact for orthogonal keys; a repeated key returns the sum
  of its values; a trial without US (v = 0) writes nothing, so there is no
  extinction.
  """

  normalize: bool = False
  eps: float = 1e-6

  gate_spec = {"eta": Gate(1.0, low=0.0, doc="write strength")}
  provenance = "paper"
  citation = ("Katharopoulos et al. 2020, arXiv 2006.16236; Schlag, Irie and Schmidhuber "
              "2021, arXiv 2102.11174 (linear attention = fast weights)")
  analogue = "hebbian"

  def init(self, d_k, d_v, dtype=jnp.float32, key=None):
    state = {"S": jnp.zeros((d_v, d_k), dtype)}
    if self.normalize:
      state["z"] = jnp.zeros((d_k,), dtype)
    return state

  def write(self, state, k, v, gates):
    eta = gates["eta"]
    out = {"S": state["S"] + eta * jnp.outer(v, k)}
    if self.normalize:
      out["z"] = state["z"] + eta * k
    return out

  def read(self, state, q):
    o = state["S"] @ q
    return o / (state["z"] @ q + self.eps) if self.normalize else o

  def objective(self, S, k, v, gates):
    return -gates["eta"] * (v @ (S @ k))

  def objective_write(self, state, k, v, gates):
    out = dict(state, S=state["S"] - jax.grad(self.objective)(state["S"], k, v, gates))
    if self.normalize:
      out["z"] = state["z"] + gates["eta"] * k
    return out

  def chunkwise(self, state, K, V, Q, gates, chunk_size):
    O, S = cw.hebbian(state["S"], K, V, Q, gates["eta"], chunk_size)
    out = {"S": S}
    if self.normalize:
      den, out["z"] = cw.normalizer(state["z"], K, Q, gates["eta"], chunk_size)
      O = O / (den[:, None] + self.eps)
    return O, out
