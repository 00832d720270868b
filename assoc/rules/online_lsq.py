"""The least-squares memory: the batch optimum (docs/pavlovian.md §3.2). The
online counterpart of the storage rule "pseudo_inverse"
(assoc/rules/pseudo_inverse.py, docs/hopfield.md §1.1)."""

import dataclasses

import jax.numpy as jnp

from assoc.online import OnlineRule
from assoc.rules import register


@register("lsq", kind="online")
@dataclasses.dataclass(frozen=True)
class LeastSquares(OnlineRule):
  """S = V^T K (K^T K + lambda I)^-1 over the pairs written so far, online via
  A = sum v k^T and B = sum k k^T: S = A (B + lambda I)^-1, or A B^+ (the
  pseudo-inverse) at `ridge` lambda = 0. The oracle that multi-pass delta
  approaches (Kaczmarz): exact on the stored pairs for n <= d_k independent
  keys; stored-item relMSE max(0, 1 - d_k/n) for isotropic keys and values
  (derived, docs/pavlovian.md §3.2). TTT-linear with mini-batch 1 and no
  nonlinearity is `delta`, not this.
  """

  ridge: float = 0.0
  rcond: float | None = None  # pinv cutoff relative to the largest eigenvalue (None: 10 d eps)

  provenance = "construction"
  citation = ("the least-squares (pseudo-inverse) associative memory: Kohonen 1972, IEEE "
              "Trans. Comput. C-21, 353; Personnaz, Guyon and Dreyfus 1985")
  analogue = "pseudo_inverse"

  def __post_init__(self):
    if not self.ridge >= 0:
      raise ValueError(f"rule 'lsq': option ridge must be >= 0, got {self.ridge}")

  def init(self, d_k, d_v, dtype=jnp.float32, key=None):
    return {"A": jnp.zeros((d_v, d_k), dtype), "B": jnp.zeros((d_k, d_k), dtype)}

  def write(self, state, k, v, gates):
    return {"A": state["A"] + jnp.outer(v, k), "B": state["B"] + jnp.outer(k, k)}

  def read(self, state, q):
    dtype = state["A"].dtype
    work = jnp.promote_types(dtype, jnp.float32)  # LAPACK has no half precision
    A, B, q = state["A"].astype(work), state["B"].astype(work), q.astype(work)
    if self.ridge > 0:
      x = jnp.linalg.solve(B + self.ridge * jnp.eye(B.shape[0], dtype=work), q)
    else:
      x = jnp.linalg.pinv(B, rtol=self.rcond, hermitian=True) @ q
    return (A @ x).astype(dtype)
