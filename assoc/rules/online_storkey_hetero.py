"""A hetero-associative Storkey rule (docs/pavlovian.md §3.2; a construction
of this project). The online, hetero-associative counterpart of the storage
rule "storkey" (assoc/rules/storkey.py, docs/hopfield.md §1.1)."""

import jax.numpy as jnp

from assoc.online import MatrixMemory
from assoc.rules import register


@register("storkey_hetero", kind="online")
class StorkeyHetero(MatrixMemory):
  """Delta S = (1/d_k)(v k^T - (S k) k^T - v (S^T v)^T) (a construction, not
  from a paper; its behaviour is measured, not assumed): Storkey's local
  incremental rule (Storkey 1997) up to the excluded-index terms when S is
  symmetric and v = k = xi. An SGD step on (1/d_k)((1/2)|S k|^2 +
  (1/2)|S^T v|^2 - v^T S k).
  """

  provenance = "construction"
  citation = "construction for assoc, after Storkey 1997, ICANN '97, LNCS 1327, 451"
  analogue = "storkey"

  def write(self, state, k, v, gates):
    S = state["S"]
    d_k = k.shape[0]
    return {"S": S + (jnp.outer(v, k) - jnp.outer(S @ k, k) - jnp.outer(v, S.T @ v)) / d_k}

  def objective(self, S, k, v, gates):
    Sk, Stv = S @ k, S.T @ v
    return (0.5 * (Sk @ Sk) + 0.5 * (Stv @ Stv) - v @ Sk) / k.shape[0]

  def objective_write(self, state, k, v, gates):
    return {"S": self.gradient_step(state["S"], k, v, gates)}
