"""Pavlovian attention: linear attention read as a Hebbian CS -> US memory
(docs/pavlovian.md §1).

Every curve here is **derived** for this project: consistent with the
O(d_k) average-case and O(sqrt(d_k)) error-free claims of Qiao, "Pavlovian
attention" (arXiv 2508.08289, 2025, abstract), and not that paper's theorem,
whose statement, assumptions and constants were not available. Records
carry theory_provenance "derived" and legends say "derived".

Setting (docs/pavlovian.md §1.2-§1.3): M = sum_i v_i k_i^T with N i.i.d.
keys (unit sphere, or N(0, I/d_k) "gaussian") and isotropic values,
E|v|^2 = 1; the probe q = k_j returns (k_j . k_j) v_j + eta_j, the crosstalk
eta_j = sum_{i != j} (k_i . k_j) v_i with E (k_i . k_j)^2 = 1/d_k.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate, optimize, special, stats

KEYS = ("sphere", "gaussian")


def relmse(N, d_k, keys: str = "sphere"):
  """E|o - v_j|^2 / E|v|^2 of a Hebbian probe (derived, §1.3a): (N - 1)/d_k
  for unit keys; (N + 1)/d_k for Gaussian keys, whose |k_j|^2 fluctuation
  adds 2/d_k."""
  N = np.asarray(N, float)
  if keys == "sphere":
    return (N - 1) / d_k
  if keys == "gaussian":
    return (N + 1) / d_k
  raise ValueError(f"unknown keys {keys!r}; known: {', '.join(KEYS)}")


def snr(N, d_k):
  """E|v_j|^2 / E|eta_j|^2 = d_k/(N - 1) (derived, §1.3a)."""
  return d_k / (np.asarray(N, float) - 1)


def capacity(eps: float, d_k: float, keys: str = "sphere") -> float:
  """N_max at relative RMS error eps: eps^2 d_k + 1 (sphere), eps^2 d_k - 1
  (Gaussian) (derived, §1.3a)."""
  return eps**2 * d_k + (1 if keys == "sphere" else -1)


def bit_error(N, d_k):
  """Per-coordinate error of sign decoding of +-1/sqrt(d_v) values:
  Q(sqrt(SNR)) = Q(sqrt(d_k/(N - 1))) (derived, §1.3b; the crosstalk per
  coordinate ~ N(0, (N - 1)/(d_k d_v)))."""
  return stats.norm.sf(np.sqrt(snr(N, d_k)))


def union_bound(N, d_k, d_v):
  """P(any of the N d_v bits wrong) <= N d_v exp(-d_k / (2 (N - 1))), capped
  at 1 (derived, §1.3b)."""
  N = np.asarray(N, float)
  return np.minimum(1.0, N * d_v * np.exp(-d_k / (2 * (N - 1))))


def all_correct_capacity(d_k: float, d_v: float) -> float:
  """The N at which the union bound reaches 1: N = d_k / (2 ln(N d_v)) + 1,
  i.e. every item correct w.h.p. below it (derived, §1.3b)."""
  f = lambda N: N - 1 - d_k / (2 * math.log(N * d_v))  # noqa: E731
  return float(optimize.brentq(f, 1.0 + 1e-9, max(4.0, d_k)))


def coherence_bound(N, d_k):
  """(N - 1) sqrt(4 ln N / d_k): a conservative bound on (N - 1) mu, mu =
  max_{i != j} |k_i . k_j| for N random unit keys (derived, §1.3c); retrieval
  is guaranteed while (N - 1) mu < the margin 1/2."""
  N = np.asarray(N, float)
  return (N - 1) * np.sqrt(4 * np.log(N) / d_k)


def top1(N: int, d_k: int, d_v: int, D: int | None = None) -> float:
  """P(argmax_m v_m . o = j) among the N stored values (derived, §1.3d):

      int phi(z) Phi((1 + s_s z)/s_c)^(N - 1) dz,
      s_s^2 = (N - 1)/(d_k d_v),  s_c^2 = 1/d_v + 1/d_k + (N - 2)/(d_k d_v),

  slightly pessimistic (the N - 1 competitors are treated as independent).
  With a dictionary of D >= N candidates (the MQAR probe), the D - N
  unstored ones add a factor Phi((1 + s_s z)/s_u)^(D - N), s_u^2 = 1/d_v +
  (N - 1)/(d_k d_v)."""
  s_s = math.sqrt((N - 1) / (d_k * d_v))
  s_c = math.sqrt(1 / d_v + 1 / d_k + (N - 2) / (d_k * d_v))
  s_u = math.sqrt(1 / d_v + (N - 1) / (d_k * d_v))
  extra = 0 if D is None else D - N

  def integrand(z):
    t = 1 + s_s * z
    log_p = (N - 1) * special.log_ndtr(t / s_c) + extra * special.log_ndtr(t / s_u)
    return stats.norm.pdf(z) * math.exp(log_p)

  return float(integrate.quad(integrand, -12, 12, limit=200)[0])


def heads_relmse(N, d_model, H=1, per_head: bool = False):
  """H heads at fixed width, d_k = d_model/H, independent key projections
  (derived, §1.3e): each head has relMSE (N - 1) H / d_model; their average
  has (N - 1)/d_model, independent of H."""
  N = np.asarray(N, float)
  return (N - 1) * H / d_model if per_head else (N - 1) / d_model


def vote_error_bound(H, p_head):
  """Majority vote of H heads, each wrong with probability p_head <= 1/2:
  P(wrong) <= exp(-2 H (1/2 - p_head)^2) (Hoeffding; derived, §1.3e); 1 for
  p_head >= 1/2 (voting does not help)."""
  p = np.asarray(p_head, float)
  return np.where(p < 0.5, np.exp(-2 * np.asarray(H) * (0.5 - p) ** 2), 1.0)


def depth_success(p, L):
  """P(L chained retrievals all succeed) = (1 - p)^L for an independent
  per-layer failure p (derived, §1.3f)."""
  return (1 - np.asarray(p, float)) ** np.asarray(L)


def depth_noise(sigma2, gamma, L):
  """Residual noise after L layers, each adding variance sigma2 and
  multiplying the running noise by gain gamma: sigma2 sum_{l<L} gamma^(2l)
  (L sigma2 at gamma = 1; derived, §1.3f)."""
  L = np.asarray(L, float)
  g2 = float(gamma) ** 2
  if g2 == 1.0:
    return sigma2 * L
  return sigma2 * (1 - g2**L) / (1 - g2)


def fast_weight_loss_bound(S, d_dot):
  """(1/2) max(0, 1 - d_dot/S): the least mean loss (1/2)|y - yhat|^2 over
  the S queries of a sequence of S distinct keys with one-hot values
  (Schlag et al. 2021, arXiv 2102.11174, setting 1) for any read yhat(q) = M
  phi(q) through d_dot features (times a scalar per query). The S answers
  form a matrix of rank <= d_dot against the S x S (permuted) identity of
  the targets, whose best rank-d_dot approximation leaves S - d_dot unit
  singular values (Eckart-Young; derived for assoc: the least-squares
  memory of docs/pavlovian.md §3.2). Zero up to S = d_dot, the sum rule's
  capacity."""
  S = np.asarray(S, float)
  return 0.5 * np.maximum(0.0, 1.0 - d_dot / S)


def fast_weight_overwrite_bound(S: int, L: int) -> float:
  """(1/2) (1 - 1/S) E[1 - 1/c | c >= 1], c ~ Binomial(L, 1/S): the least
  expected test loss (1/2)|y - yhat|^2 (pooled over every present key of
  every test sequence; a finite test can fall below it by its sampling
  error) over the present keys of a sequence of L
  pairs drawn with replacement from S keys and S one-hot values, the target
  being the value of the queried key's LAST occurrence (Schlag et al. 2021,
  arXiv 2102.11174, setting 2), for any memory whose read does not depend on
  the order of the pairs (a sum rule with any feature map, gates or
  normaliser, softmax attention without positions). Derived for assoc
  (docs/pavlovian.md §6): such a read of a key stored c times is a symmetric
  function of its c values, while the target is any one of them with
  probability 1/c; the mean of the c one-hot values minimises the expected
  squared error, leaving (1/2)(1 - 1/c)(1 - 1/S) on average (two draws of
  the same value coincide with probability 1/S). About 0.21 for L = 2S (the
  setting's sequences), 0.11 for L = S. Reached by the normalised sum rule
  whose key features are orthogonal (d_dot >= S); an order-sensitive rule
  (delta) can go below it. (Averaging per-sequence means instead, as the
  authors' test does, gives slightly more: 0.111 and 0.114 at S = 20, 40
  for L = S, by Monte Carlo.)"""
  if S < 1 or L < 1:
    raise ValueError(f"fast_weight_overwrite_bound needs S >= 1 and L >= 1, got S={S}, L={L}")
  if S == 1:
    return 0.0  # one key, one value: every read is right
  c = np.arange(L + 1)
  pmf = stats.binom.pmf(c, L, 1.0 / S)
  present = pmf[1:]
  mean = float(np.sum(present * (1.0 - 1.0 / c[1:])) / np.sum(present))
  return 0.5 * (1.0 - 1.0 / S) * mean
