"""The approximate SGD dynamics of an outer-product memory (Cabannes et al.
2024, Eq. 16; docs/outer_product.md §3.4).

With near-orthogonal embeddings and W_0 = 0 each token's stored weight q(x)
evolves on its own: one occurrence of x maps

    f_γ(q) = q + γ / (1 + e^q / D),      D = M (the paper's map) or M - 1,

and after T samples q_γ(x) ≈ f_γ^{(T p(x))}(0). D = M - 1 is derived: the
correct logit is q and the M - 1 wrong logits are ≈ 0, so 1 - softmax_correct
= 1 / (1 + e^q / (M - 1)). With small γ, f^n(0) ≈ nγ (q ∝ p, ρ ≈ 1); with
large γ, q saturates logarithmically after a few occurrences (ρ → 0: fill).
Pure NumPy, float64.
"""

from __future__ import annotations

import numpy as np

DENOMINATORS = ("M", "M-1")


def _D(M: int, denominator: str) -> float:
  if denominator == "M":
    return float(M)
  if denominator == "M-1":
    return float(M - 1)
  raise ValueError(f"unknown eq16_denominator {denominator!r}; known: {', '.join(DENOMINATORS)}")


def f_gamma(q, gamma: float, M: int, denominator: str = "M"):
  """One occurrence: q + γ / (1 + e^q / D) (Eq. 16)."""
  q = np.asarray(q, float)
  return q + gamma / (1.0 + np.exp(q) / _D(M, denominator))


def iterates(n: int, gamma: float, M: int, denominator: str = "M",
             q0: float = 0.0) -> np.ndarray:
  """f_γ^k(q0) for k = 0..n (n + 1 values; F-g)."""
  out = np.empty(n + 1)
  out[0] = q0
  for k in range(n):
    out[k + 1] = f_gamma(out[k], gamma, M, denominator)
  return out


def q_gamma(counts, gamma: float, M: int, denominator: str = "M") -> np.ndarray:
  """q_γ(x) = f_γ^{(n_x)}(0) for integer counts n_x (docs/outer_product.md §3.4, the map
  applied to actual counts)."""
  counts = np.asarray(counts, int)
  return iterates(int(counts.max(initial=0)), gamma, M, denominator)[counts]


def minibatch_step(q, batch_counts, batch_size: int, gamma: float, M: int,
                   denominator: str = "M-1"):
  """The mini-batch version compared with real SGD (docs/outer_product.md §3.4):
  q(x) <- q(x) + (γ/|B|) n_B(x) / (1 + e^{q(x)} / D)."""
  q = np.asarray(q, float)
  return q + (gamma / batch_size) * np.asarray(batch_counts, float) / (
      1.0 + np.exp(q) / _D(M, denominator))


def fh_counts(num_tokens: int = 100, shift: int = 3, alpha: float = 2.0,
              cap: int = 100) -> tuple[np.ndarray, np.ndarray]:
  """The F-h setting: p(x) ∝ (x + shift)^(-alpha) over `num_tokens` tokens and
  counts n_x = clip(⌊p(x) / min p⌋, 0, cap). Returns (p, counts)."""
  w = (np.arange(num_tokens) + float(shift)) ** (-alpha)
  p = w / w.sum()
  counts = np.clip(np.floor(p / p.min()), 0, cap).astype(int)
  return p, counts


def effective_rho(p, q) -> float:
  """Least-squares slope of log q on log p over the tokens with q > 0: the ρ
  for which q ≈ c p^ρ (docs/outer_product.md §7.5)."""
  p, q = np.asarray(p, float), np.asarray(q, float)
  keep = q > 0
  return float(np.polyfit(np.log(p[keep]), np.log(q[keep]), 1)[0])
