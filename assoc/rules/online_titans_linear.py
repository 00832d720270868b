"""Titans with a linear memory (docs/pavlovian.md §3.2; derived
specialisation of Behrouz, Zhong and Mirrokni 2025, arXiv 2501.00663)."""

import dataclasses

import jax
import jax.numpy as jnp

from assoc import online
from assoc.online import Gate, OnlineRule
from assoc.rules import register

CHUNK_MODES = ("exact", "minibatch")


@register("titans_linear", kind="online")
@dataclasses.dataclass(frozen=True)
class TitansLinear(OnlineRule):
  """Memory M(k) = S k, loss l(S) = |S k - v|^2 (no 1/2: the factor 2 sits in
  theta), momentum Z and forgetting alpha:

      Z_t = eta_t Z_{t-1} - theta_t grad l(S_{t-1}),  grad l = 2 (S_{t-1} k - v) k^T
      S_t = (1 - alpha_t) S_{t-1} + Z_t;               read y = S_t q

  With eta = 0, S_t = S_{t-1}((1 - alpha) I - 2 theta k k^T) + 2 theta v k^T:
  unlike the gated delta rule, the decay does not multiply the erase term;
  alpha = eta = 0 and 2 theta = beta give `delta`. Titans trains in chunks
  with the in-chunk gradients taken at the chunk's initial state, which
  changes the function: `chunk_mode` = "minibatch" does that in
  `chunkwise`; "exact" (default) equals the scan. The linear
  specialisation is derived for this project; the MLP memory of the paper
  is not built.
  """

  chunk_mode: str = "exact"

  gate_spec = {"alpha": Gate(0.0, low=0.0, high=1.0, doc="forgetting"),
               "eta": Gate(0.0, low=0.0, high=1.0, open_high=True, doc="momentum"),
               "theta": Gate(0.5, low=0.0, doc="step (2 theta |k|^2 <= 2 for stability)")}
  provenance = "derived"
  citation = "Behrouz, Zhong and Mirrokni 2025, arXiv 2501.00663 (Titans)"

  def __post_init__(self):
    if self.chunk_mode not in CHUNK_MODES:
      raise ValueError(f"rule 'titans_linear': chunk_mode={self.chunk_mode!r} is not one of "
                       f"{', '.join(CHUNK_MODES)}")

  def init(self, d_k, d_v, dtype=jnp.float32, key=None):
    return {"S": jnp.zeros((d_v, d_k), dtype), "Z": jnp.zeros((d_v, d_k), dtype)}

  def _step(self, state, grad, gates):
    Z = gates["eta"] * state["Z"] - gates["theta"] * grad
    return {"S": (1.0 - gates["alpha"]) * state["S"] + Z, "Z": Z}

  def write(self, state, k, v, gates):
    return self._step(state, 2.0 * jnp.outer(state["S"] @ k - v, k), gates)

  def read(self, state, q):
    return state["S"] @ q

  def objective(self, S, k, v, gates):
    e = S @ k - v
    return e @ e

  def objective_write(self, state, k, v, gates):
    return self._step(state, jax.grad(self.objective)(state["S"], k, v, gates), gates)

  def chunkwise(self, state, K, V, Q, gates, chunk_size):
    """In chunks of `chunk_size`: "exact" takes each gradient at the state
    before its token (the scan); "minibatch" at the chunk's initial state."""
    L = K.shape[0]
    O = []
    for start, stop in online.chunks(L, chunk_size):
      S0 = state["S"]

      def token(st, xs, S0=S0):
        k, v, q, g = xs
        at = st["S"] if self.chunk_mode == "exact" else S0
        st = self._step(st, 2.0 * jnp.outer(at @ k - v, k), g)
        return st, st["S"] @ q

      g = {n: x[start:stop] for n, x in gates.items()}
      state, o = jax.lax.scan(token, state, (K[start:stop], V[start:stop], Q[start:stop], g))
      O.append(o)
    return jnp.concatenate(O), state
