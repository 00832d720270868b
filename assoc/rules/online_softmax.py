"""Softmax attention over a key-value buffer: the non-parametric ceiling
(docs/pavlovian.md §3.2). Its read is the modern Hopfield update
(assoc/hopfield/modern.py, docs/hopfield.md §3)."""

import dataclasses

import jax
import jax.numpy as jnp

from assoc.online import OnlineRule
from assoc.rules import register


@register("softmax", kind="online")
@dataclasses.dataclass(frozen=True)
class Softmax(OnlineRule):
  """A buffer of the last `capacity` pairs (a sliding window once full; the
  oldest pair is overwritten), read o = sum_i softmax_i(beta_s q . k_i) v_i
  (Vaswani et al. 2017; the modern Hopfield update of Ramsauer et al. 2021,
  arXiv 2008.02217), beta_s = `beta_s` or 1/sqrt(d_k) if None. Capacity
  exponential in d_k: the no-interference ceiling of the figures. An empty
  buffer reads 0.
  """

  capacity: int = 256
  beta_s: float | None = None

  provenance = "paper"
  citation = "Vaswani et al. 2017, arXiv 1706.03762; Ramsauer et al. 2021, arXiv 2008.02217"

  def __post_init__(self):
    if not (isinstance(self.capacity, int) and self.capacity >= 1):
      raise ValueError(f"rule 'softmax': option capacity must be an integer >= 1, "
                       f"got {self.capacity!r}")

  def init(self, d_k, d_v, dtype=jnp.float32, key=None):
    return {"K": jnp.zeros((self.capacity, d_k), dtype),
            "V": jnp.zeros((self.capacity, d_v), dtype), "count": jnp.zeros((), jnp.int32)}

  def write(self, state, k, v, gates):
    i = state["count"] % self.capacity
    return {"K": state["K"].at[i].set(k), "V": state["V"].at[i].set(v),
            "count": state["count"] + 1}

  def read(self, state, q):
    K = state["K"]
    beta = self.beta_s if self.beta_s is not None else 1.0 / jnp.sqrt(K.shape[1])
    filled = jnp.arange(self.capacity) < state["count"]
    logits = jnp.where(filled, beta * (K @ q), -jnp.inf)
    w = jax.nn.softmax(jnp.where(jnp.any(filled), logits, 0.0))
    return jnp.where(jnp.any(filled), w @ state["V"], jnp.zeros_like(state["V"][0]))
