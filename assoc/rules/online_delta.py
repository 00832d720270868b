"""The delta rule: Widrow-Hoff LMS, DeltaNet (docs/pavlovian.md §3.2, §3.3).
Rescorla-Wagner conditioning is this rule on CS indicators
(online_rescorla_wagner.py); repeated passes over n <= d_k independent keys
converge to the least-squares memory ("lsq", the online counterpart of the
pseudo-inverse storage rule)."""

import jax.numpy as jnp

from assoc import chunkwise as cw
from assoc.online import Gate, MatrixMemory
from assoc.rules import register


@register("delta", kind="online")
class Delta(MatrixMemory):
  """S_t = S_{t-1} - beta_t (S_{t-1} k_t - v_t) k_t^T = S_{t-1}(I - beta_t k_t
  k_t^T) + beta_t v_t k_t^T: an SGD step of size beta on (1/2)|S k - v|^2
  (Widrow and Hoff 1960; DeltaNet, Schlag et al. 2021 and Yang et al. 2024,
  arXiv 2406.06484). Erase-write: the old value S k becomes (1 - beta) S k +
  beta v. I - beta k k^T has eigenvalues 1 and 1 - beta |k|^2, so the update
  is non-expansive for 0 <= beta |k|^2 <= 2.

  Behaviour (derived, docs/pavlovian.md §3.2): beta = 1 and a unit key
  overwrite exactly; |S|_F^2 -> beta d_k / (2 - beta); recency relMSE(lag)
  ~ 1 + beta/(2 - beta) - 2 beta (1 - beta/d_k)^lag for n >> d_k. Chunkwise
  form: the UT / WY transform (assoc.chunkwise.delta).
  """

  gate_spec = {"beta": Gate(1.0, low=0.0, high=2.0,
                            doc="non-expansive iff 0 <= beta |k|^2 <= 2; unit keys")}
  provenance = "paper"
  citation = ("Widrow and Hoff 1960; Schlag, Irie and Schmidhuber 2021, arXiv 2102.11174; "
              "Yang et al. 2024, arXiv 2406.06484 (DeltaNet, chunkwise form)")

  def write(self, state, k, v, gates):
    S = state["S"]
    return {"S": S - gates["beta"] * jnp.outer(S @ k - v, k)}

  def objective(self, S, k, v, gates):
    e = S @ k - v
    return 0.5 * gates["beta"] * (e @ e)

  def objective_write(self, state, k, v, gates):
    return {"S": self.gradient_step(state["S"], k, v, gates)}

  def chunkwise(self, state, K, V, Q, gates, chunk_size):
    O, S = cw.delta(state["S"], K, V, Q, gates["beta"], chunk_size)
    return O, {"S": S}
