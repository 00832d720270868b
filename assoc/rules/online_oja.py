"""Oja's rule: a key encoder that learns the principal key subspace
(docs/pavlovian.md §1.4, §3.2)."""

import jax
import jax.numpy as jnp

from assoc.online import Gate, OnlineRule
from assoc.rules import register


@register("oja", kind="online")
class Oja(OnlineRule):
  """Delta S = eta (y k^T - y y^T S), y = S k (Oja 1982, J. Math. Biol. 15,
  267; the subspace rule, Oja 1989, Int. J. Neural Syst. 1, 61): the d_v rows
  of S converge to an orthonormal basis of the principal subspace of the
  keys. Unsupervised: v is ignored; read o = S q projects a query on the
  learned subspace. S starts at random orthonormal rows from `key` (or the
  first d_v coordinate axes), since S = 0 is a fixed point.
  """

  gate_spec = {"eta": Gate(0.01, low=0.0, doc="learning rate")}
  provenance = "paper"
  citation = "Oja 1982, J. Math. Biol. 15, 267; Oja 1989, Int. J. Neural Syst. 1, 61"

  def init(self, d_k, d_v, dtype=jnp.float32, key=None):
    if d_v > d_k:
      raise ValueError(f"rule 'oja' learns d_v <= d_k orthonormal rows, got d_v={d_v}, d_k={d_k}")
    if key is None:
      return {"S": jnp.eye(d_v, d_k, dtype=dtype)}
    Q, _ = jnp.linalg.qr(jax.random.normal(key, (d_k, d_v), jnp.promote_types(dtype, jnp.float32)))
    return {"S": Q.T.astype(dtype)}  # (LAPACK has no half precision)

  def write(self, state, k, v, gates):
    S = state["S"]
    y = S @ k
    return {"S": S + gates["eta"] * (jnp.outer(y, k) - jnp.outer(y, y) @ S)}

  def read(self, state, q):
    return state["S"] @ q
