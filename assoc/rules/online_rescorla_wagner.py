"""Rescorla-Wagner conditioning (docs/pavlovian.md §1.4, §3.2, §3.4)."""

import jax.numpy as jnp

from assoc.online import Gate, MatrixMemory
from assoc.rules import register


@register("rescorla_wagner", kind="online")
class RescorlaWagner(MatrixMemory):
  """Delta V_X = a_X beta (lambda - sum_{Y present} V_Y) for every CS X
  present (Rescorla and Wagner 1972); in vector form, with CS indicators x_t
  (keys in {0, 1}^{d_k}), the US u_t (values) and saliences a (a key-wise
  gate): S_t = S_{t-1} + beta (u_t - S_{t-1} x_t) (a . x_t)^T. With equal
  saliences it is the delta rule with k = x, v = u and step a beta. The
  associative strength of CS X for US coordinate i is S[i, X].

  Closed forms (derived, theory/rules.py; docs/pavlovian.md §3.4):
  acquisition V_n = lambda (1 - (1 - a beta)^n), extinction V_0 (1 - a
  beta)^n, blocking, overexpectation; a compound is stable iff (a_A + a_B)
  beta < 2.
  """

  gate_spec = {"beta": Gate(0.1, low=0.0, high=2.0, doc="learning rate of the US"),
               "salience": Gate(1.0, low=0.0, high=1.0, shape="key",
                                doc="CS saliences a_X (one per key coordinate)")}
  provenance = "paper"
  citation = ("Rescorla and Wagner 1972, in Classical Conditioning II (Black and Prokasy, "
              "eds.), pp. 64-99")

  def write(self, state, k, v, gates):
    S = state["S"]
    return {"S": S + gates["beta"] * jnp.outer(v - S @ k, gates["salience"] * k)}
