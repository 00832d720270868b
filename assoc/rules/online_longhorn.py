"""Longhorn: the implicit (proximal) delta step (docs/pavlovian.md §3.1,
§3.2)."""

import jax
import jax.numpy as jnp

from assoc.online import Gate, MatrixMemory
from assoc.rules import register


@register("longhorn", kind="online")
class Longhorn(MatrixMemory):
  """S_t = argmin_S (1/2)|S - S_{t-1}|^2 + (beta/2)|S k - v|^2 = S_{t-1}(I -
  eps k k^T) + eps v k^T with eps = beta / (1 + beta |k|^2) (Liu et al.
  2024, arXiv 2407.14207; normalised LMS): always stable, eps |k|^2 < 1. The
  scalar closed form; the published layer's per-channel beta and diagonal
  approximation are not built (docs/pavlovian.md §7).
  """

  gate_spec = {"beta": Gate(1.0, low=0.0, doc="proximal step")}
  provenance = "paper"
  citation = "Liu et al. 2024, arXiv 2407.14207 (Longhorn)"

  def write(self, state, k, v, gates):
    S = state["S"]
    eps = gates["beta"] / (1.0 + gates["beta"] * (k @ k))
    return {"S": S - eps * jnp.outer(S @ k - v, k)}

  def objective(self, S, k, v, gates):
    e = S @ k - v
    return 0.5 * gates["beta"] * (e @ e)

  def objective_write(self, state, k, v, gates):
    """The proximal step by Newton's method on the (quadratic) proximal
    objective, with its gradient and Hessian from JAX: exact in one step."""
    S0 = state["S"]

    def prox(flat):
      S = flat.reshape(S0.shape)
      return 0.5 * jnp.sum((S - S0) ** 2) + self.objective(S, k, v, gates)

    x = S0.reshape(-1)
    step = jnp.linalg.solve(jax.hessian(prox)(x), jax.grad(prox)(x))
    return {"S": (x - step).reshape(S0.shape)}
