r"""GD, SignGD and Muon on the one-layer softmax memory: exact one-step theory
and the group-symmetric multi-step recursion (Wang et al., "Muon Outperforms
Adam in Tail-End Associative Memory Learning", arXiv 2509.26030 v2, §5;
docs/muon_tail.md §§2-5). Pure NumPy, float64.

The model (docs/muon_tail.md §2): K facts, keys E_k and values Ẽ_k (columns of E, Ẽ with
E^T E = Ẽ^T Ẽ = I_K, Assumption 5.1), W in R^{K x K}, logits of fact k
z = Ẽ^T W E_k, P_k(W) = softmax(z)_k and the population loss
L(W) = -sum_k p_k log P_k(W). Two-level imbalance (Assumption 5.2): mass
alpha on the first L = beta K facts (the head), 1 - alpha on the others.

With V = Ẽ^T W E (the logit matrix, V[j, k] the logit of class j for fact
k) the loss depends on V only, and -grad L(0) = Ẽ X E^T with
X = diag(p) - K^-1 1 p^T (docs/muon_tail.md §4). GD and Muon are equivariant under
W -> Ẽ W E^T, so their logit trajectories do not depend on the embeddings
(coupled = decoupled); SignGD is not.

Group-symmetric matrices. GD, Muon and decoupled SignGD started from V = 0
keep V in the 6-dimensional space of matrices that are invariant under
permutations within the head and within the tail:

    head column k:  V[k, k] = a,  V[j, k] = b (j in head, j != k),  V[j, k] = c (j in tail)
    tail column k:  V[k, k] = e,  V[j, k] = f (j in tail, j != k),  V[j, k] = g (j in head)

stored as the vector v = (a, b, c, e, f, g). Such a matrix acts as the
scalar a - b on head vectors summing to zero (L - 1 dimensions), as e - f on
tail vectors summing to zero (K - L - 1 dimensions), left and right, and as
the 2 x 2 matrix M of `block_2x2` on span{1_H/sqrt(L), 1_T/sqrt(K - L)}. So
any odd function of its singular values (the polar factor, a Newton-Schulz
polynomial) is again group-symmetric, in closed form. This reduction is
derived here (it is not in the paper); it makes the one-step Muon and
Newton-Schulz directions and every multi-step trajectory of GD, Muon and
decoupled SignGD O(1) per step, exactly.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

L_ROUNDINGS = ("round", "floor", "ceil")


# ------------------------------------------------------------------ the model

def head_size(K: int, beta: float, rounding: str = "round") -> int:
  """L = beta K rounded (docs/muon_tail.md §10: L_rounding; 199.8 -> 200 at K = 999)."""
  if rounding not in L_ROUNDINGS:
    raise ValueError(f"unknown rounding {rounding!r}; one of {L_ROUNDINGS}")
  x = beta * K
  # Half-up rounding, robust to beta K landing a hair below an integer.
  L = {"round": math.floor(x + 0.5), "floor": math.floor(x + 1e-9),
       "ceil": math.ceil(x - 1e-9)}[rounding]
  return int(L)


def two_level(K: int, alpha: float, beta: float, rounding: str = "round"
              ) -> tuple[np.ndarray, int]:
  """(p, L): p_k = alpha/L for k < L, (1 - alpha)/(K - L) otherwise
  (Assumption 5.2)."""
  L = head_size(K, beta, rounding)
  if not 1 <= L <= K - 1:
    raise ValueError(f"L = {L} head items of K = {K}: need 1 <= L <= K - 1")
  p = np.empty(K)
  p[:L] = alpha / L
  p[L:] = (1.0 - alpha) / (K - L)
  return p, L


def level_probabilities(K: int, L: int, alpha: float) -> tuple[float, float]:
  """(p_head, p_tail) = (alpha/L, (1 - alpha)/(K - L))."""
  return alpha / L, (1.0 - alpha) / (K - L)


def gradient_matrix(p: np.ndarray) -> np.ndarray:
  """X = diag(p) - K^-1 1 p^T, with -grad L(0) = Ẽ X E^T (docs/muon_tail.md §4)."""
  K = len(p)
  return np.diag(p) - np.outer(np.ones(K), p) / K


def rate_exponent(p_head: float, p_tail: float) -> float:
  """r = (smaller class probability)/(larger), Theorem 5.3 (docs/muon_tail.md §3)."""
  return min(p_head, p_tail) / max(p_head, p_tail)


def singular_values_X(K: int, L: int, alpha: float) -> np.ndarray:
  """The singular values of X, in decreasing order (docs/muon_tail.md §4): p_head (L - 1
  times), p_tail (K - L - 1 times), sigma_3 from span{1_H, 1_T} and 0, where
  sigma_3^2 = p_h^2 + p_t^2 - (alpha p_h + (1 - alpha) p_t)/K (the trace of the
  2 x 2 block of X^T X, whose determinant vanishes)."""
  ph, pt = level_probabilities(K, L, alpha)
  s3 = math.sqrt(ph**2 + pt**2 - (alpha * ph + (1 - alpha) * pt) / K)
  s = np.concatenate([np.full(L - 1, ph), np.full(K - L - 1, pt), [s3, 0.0]])
  return np.sort(s)[::-1]


# ------------------------------------------- correct-class probabilities and Δ

def column_probabilities(S: np.ndarray, eta: float) -> np.ndarray:
  """P_k = softmax(eta S[:, k])_k for every k (log-sum-exp, float64)."""
  Z = eta * np.asarray(S, float)
  m = Z.max(axis=0)
  lse = m + np.log(np.exp(Z - m).sum(axis=0))
  return np.exp(np.diagonal(Z) - lse)


def loss_and_gap(P: np.ndarray, p: np.ndarray) -> tuple[float, float]:
  """(L = -sum p_k log P_k, Delta = max P - min P) for probabilities P."""
  P = np.asarray(P, float)
  return float(-np.sum(p * np.log(P))), float(P.max() - P.min())


def balance(prob_fn: Callable[[float], np.ndarray], eps: float,
            eta_grid: Sequence[float], bisect_steps: int = 60
            ) -> tuple[float, float]:
  """(eta*, rho^eps): the smallest eta with max_k P_k(eta) >= 1 - eps and
  min_k P_k there (docs/muon_tail.md §2, project definition). `prob_fn(eta)` returns the
  P_k (or their distinct values). The first bracket of the increasing
  `eta_grid` that crosses 1 - eps is bisected `bisect_steps` times in log eta
  (docs/muon_tail.md §9); (nan, nan) if the grid never crosses."""
  grid = np.asarray(eta_grid, float)
  lo = 0.0
  for eta in grid:
    if np.max(prob_fn(eta)) >= 1.0 - eps:
      hi = eta
      break
    lo = eta
  else:
    return float("nan"), float("nan")
  if lo > 0:
    a, b = math.log(lo), math.log(hi)
    for _ in range(bisect_steps):
      mid = 0.5 * (a + b)
      if np.max(prob_fn(math.exp(mid))) >= 1.0 - eps:
        b = mid
      else:
        a = mid
    hi = math.exp(b)
  return float(hi), float(np.min(prob_fn(hi)))


# ----------------------------------------------------------------------- GD

def gd_probabilities(eta, p_head: float, p_tail: float, K: int
                     ) -> tuple[np.ndarray, np.ndarray]:
  """One GD step from 0: P_k(eta) = e^{eta p_k}/(e^{eta p_k} + K - 1) for
  the head and the tail (docs/muon_tail.md §4; S = X, embedding-independent)."""
  eta = np.asarray(eta, float)

  def P(pk):
    return 1.0 / (1.0 + (K - 1) * np.exp(-eta * pk))

  return P(p_head), P(p_tail)


def gd_eta_star(K: int, L: int, alpha: float, eps: float) -> float:
  """eta* = log A / max(p_head, p_tail), A = (1 - eps)(K - 1)/eps."""
  ph, pt = level_probabilities(K, L, alpha)
  return math.log((1 - eps) * (K - 1) / eps) / max(ph, pt)


def rho_gd(K: int, L: int, alpha: float, eps: float) -> float:
  """rho_GD = A^r/(A^r + K - 1), r = p_tail/p_head (closed form, docs/muon_tail.md §4)."""
  ph, pt = level_probabilities(K, L, alpha)
  A = (1 - eps) * (K - 1) / eps
  Ar = A ** rate_exponent(ph, pt)
  return Ar / (Ar + K - 1)


def rho_gd_rate(K: int, L: int, alpha: float, eps: float) -> float:
  """The rate eps^-r K^(r - 1) of Theorem 5.3 (GD), r = p_tail/p_head."""
  r = rate_exponent(*level_probabilities(K, L, alpha))
  return eps ** -r * K ** (r - 1)


def gd_path(eta, K: int, L: int, alpha: float) -> tuple[np.ndarray, np.ndarray]:
  """(L(eta), Delta(eta)) along the one-step GD path: L = -alpha log P_head -
  (1 - alpha) log P_tail, Delta = |P_head - P_tail| (docs/muon_tail.md §4)."""
  ph, pt = level_probabilities(K, L, alpha)
  Ph, Pt = gd_probabilities(eta, ph, pt, K)
  return -alpha * np.log(Ph) - (1 - alpha) * np.log(Pt), np.abs(Ph - Pt)


# ------------------------------------------------ group-symmetric matrices

def to_dense(v: Sequence[float], K: int, L: int) -> np.ndarray:
  """The K x K matrix of the group-symmetric vector v = (a, b, c, e, f, g)."""
  a, b, c, e, f, g = v
  V = np.empty((K, K))
  V[:L, :L] = b
  V[L:, :L] = c
  V[L:, L:] = f
  V[:L, L:] = g
  idx = np.arange(K)
  V[idx[:L], idx[:L]] = a
  V[idx[L:], idx[L:]] = e
  return V


def from_X(K: int, L: int, alpha: float) -> np.ndarray:
  """X = diag(p) - K^-1 1 p^T as a group-symmetric vector."""
  ph, pt = level_probabilities(K, L, alpha)
  return np.array([ph * (1 - 1 / K), -ph / K, -ph / K,
                   pt * (1 - 1 / K), -pt / K, -pt / K])


def probabilities(v: Sequence[float], K: int, L: int) -> np.ndarray:
  """(P_head, P_tail): the correct-class probabilities of the logit matrix
  v (softmax over each column, log-sum-exp)."""
  a, b, c, e, f, g = (float(x) for x in v)

  def p_correct(own, same, n_same, other, n_other):
    logits = np.array([own, same, other])
    counts = np.array([1.0, n_same, n_other])
    keep = counts > 0
    m = logits[keep].max()
    return math.exp(own - m - math.log(np.sum(counts[keep] * np.exp(logits[keep] - m))))

  return np.array([p_correct(a, b, L - 1, c, K - L),
                   p_correct(e, f, K - L - 1, g, L)])


def gradient(v: Sequence[float], K: int, L: int, alpha: float) -> np.ndarray:
  """grad_V L at the group-symmetric V (column k: p_k (softmax - e_k))."""
  a, b, c, e, f, g = (float(x) for x in v)
  ph, pt = level_probabilities(K, L, alpha)

  def column(own, same, n_same, other, n_other, pk):
    logits = np.array([own, same, other])
    m = logits.max()
    w = np.exp(logits - m)
    Z = w[0] + n_same * w[1] + n_other * w[2]
    q = w / Z
    return pk * (q[0] - 1.0), pk * q[1], pk * q[2]

  ga, gb, gc = column(a, b, L - 1, c, K - L, ph)
  ge, gf, gg = column(e, f, K - L - 1, g, L, pt)
  return np.array([ga, gb, gc, ge, gf, gg])


def block_2x2(v: Sequence[float], K: int, L: int) -> np.ndarray:
  """M with V [h t] = [h t] M on the orthonormal pair h = 1_H/sqrt(L),
  t = 1_T/sqrt(K - L) (columns: images of h and t)."""
  a, b, c, e, f, g = (float(x) for x in v)
  s = math.sqrt(L * (K - L))
  return np.array([[a + (L - 1) * b, s * g],
                   [s * c, e + (K - L - 1) * f]])


def singular_values(v: Sequence[float], K: int, L: int) -> dict[str, np.ndarray]:
  """Singular values of the group-symmetric matrix with multiplicities:
  |a - b| (L - 1 times), |e - f| (K - L - 1 times) and those of M."""
  a, b, c, e, f, g = (float(x) for x in v)
  return {"head": np.array(abs(a - b)), "tail": np.array(abs(e - f)),
          "block": np.linalg.svd(block_2x2(v, K, L), compute_uv=False)}


def frobenius_norm(v: Sequence[float], K: int, L: int) -> float:
  s = singular_values(v, K, L)
  return math.sqrt((L - 1) * s["head"] ** 2 + (K - L - 1) * s["tail"] ** 2
                   + np.sum(s["block"] ** 2))


def odd_function(v: Sequence[float], K: int, L: int,
                 fn: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
  """U fn(S) V^T of the group-symmetric V = U S V^T, fn acting on
  singular values (fn(0) = 0 assumed: polar factors, NS polynomials)."""
  a, b, c, e, f, g = (float(x) for x in v)
  # On the zero-sum subspaces V is the scalar s = a - b (e - f): fn acts as
  # sign(s) fn(|s|).
  sH = float(np.sign(a - b) * fn(np.array(abs(a - b))))
  sT = float(np.sign(e - f) * fn(np.array(abs(e - f))))
  U, s, Vt = np.linalg.svd(block_2x2(v, K, L))
  Q = U @ np.diag(fn(s)) @ Vt
  # Back to entries: P_H0 = I_H - h h^T (diagonal 1 - 1/L, off-diagonal -1/L),
  # P_T0 likewise; the block adds Q[i, j] x_i y_j^T with x, y in {h, t}.
  s_ht = math.sqrt(L * (K - L))
  return np.array([
      sH * (1 - 1 / L) + Q[0, 0] / L,
      -sH / L + Q[0, 0] / L,
      Q[1, 0] / s_ht,
      sT * (1 - 1 / (K - L)) + Q[1, 1] / (K - L),
      -sT / (K - L) + Q[1, 1] / (K - L),
      Q[0, 1] / s_ht,
  ])


def polar(v: Sequence[float], K: int, L: int, rtol: float = 1e-10) -> np.ndarray:
  """The polar factor U V^T over the singular values > rtol * sigma_max
  (docs/muon_tail.md §9: the zero singular value of X is dropped)."""
  s = singular_values(v, K, L)
  s_max = max(float(s["head"]), float(s["tail"]), float(s["block"].max()))
  return odd_function(v, K, L, lambda x: (np.asarray(x) > rtol * s_max).astype(float))


def _ns_polynomial(coeffs: Sequence[float], steps: int, scale: float,
                   s_max: float, null_rtol: float) -> Callable[[np.ndarray], np.ndarray]:
  c0, c1, c2 = (float(c) for c in coeffs)

  def fn(x):
    x = np.asarray(x, float)
    x = np.where(x > null_rtol * s_max, x, 0.0) * scale  # exact zeros stay 0
    for _ in range(steps):
      x = c0 * x + c1 * x**3 + c2 * x**5
    return x

  return fn


def newton_schulz(v: Sequence[float], K: int, L: int, coeffs: Sequence[float],
                  steps: int, norm_eps: float = 0.0, null_rtol: float = 1e-10
                  ) -> np.ndarray:
  """The Newton-Schulz iterate of optax's Muon (docs/muon_tail.md §5): X0 = V/(||V||_F +
  norm_eps), then steps x (c0 X + c1 (X X^T) X + c2 (X X^T)^2 X), i.e. the
  polynomial sigma -> c0 sigma + c1 sigma^3 + c2 sigma^5 on each singular
  value. optax adds norm_eps = 1e-8 to the norm. Singular values below
  null_rtol x sigma_max are exact zeros (X's null direction), kept at 0."""
  sv = singular_values(v, K, L)
  s_max = max(float(sv["head"]), float(sv["tail"]), float(sv["block"].max()))
  scale = 1.0 / (frobenius_norm(v, K, L) + norm_eps)
  return odd_function(v, K, L, _ns_polynomial(coeffs, steps, scale, s_max, null_rtol))


def newton_schulz_singular_values(K: int, L: int, alpha: float,
                                  coeffs: Sequence[float], steps: int,
                                  norm_eps: float = 0.0) -> np.ndarray:
  """The singular values of the NS iterate of X on X's K - 1 non-null
  directions, one per distinct value (from p_head, p_tail, sigma_3), in
  decreasing order."""
  X = from_X(K, L, alpha)
  sv = singular_values(X, K, L)
  s_in = np.array([float(sv["head"])] * (L > 1) + [float(sv["tail"])] * (K - L > 1)
                  + [float(sv["block"].max())])
  scale = 1.0 / (frobenius_norm(X, K, L) + norm_eps)
  out = _ns_polynomial(coeffs, steps, scale, s_in.max(), 1e-10)(s_in)
  return np.sort(np.abs(out))[::-1]


# --------------------------------------------------- one step, each method

def one_step_direction(method: str, K: int, L: int, alpha: float, *,
                       ns_coeffs: Sequence[float] | None = None,
                       ns_steps: int = 5, norm_eps: float = 0.0) -> np.ndarray:
  """The logit direction S of one step from 0 (V_eta = eta S), as a
  group-symmetric vector: gd S = X; muon S = polar(X); signgd (decoupled
  embeddings) S = sign(X) = 2I - J; newton_schulz S = NS(X)."""
  X = from_X(K, L, alpha)
  if method == "gd":
    return X
  if method == "muon":
    return polar(X, K, L)
  if method == "signgd":
    return np.sign(X)
  if method == "newton_schulz":
    return newton_schulz(X, K, L, ns_coeffs, ns_steps, norm_eps)
  raise ValueError(f"unknown method {method!r}; one of gd, muon, signgd, newton_schulz")


def one_step_balance(direction: np.ndarray, K: int, L: int, eps: float,
                     eta_grid: Sequence[float], bisect_steps: int = 60
                     ) -> tuple[float, float]:
  """(eta*, rho) for the group-symmetric one-step direction."""
  return balance(lambda eta: probabilities(eta * np.asarray(direction), K, L),
                 eps, eta_grid, bisect_steps)


def one_step_path(direction: np.ndarray, eta, K: int, L: int, alpha: float
                  ) -> tuple[np.ndarray, np.ndarray]:
  """(L(eta), Delta(eta)) along V_eta = eta S for each eta."""
  ph, pt = level_probabilities(K, L, alpha)
  out = np.array([probabilities(x * np.asarray(direction), K, L)
                  for x in np.atleast_1d(eta)])
  loss = -alpha * np.log(out[:, 0]) - (1 - alpha) * np.log(out[:, 1])
  return loss, np.abs(out[:, 0] - out[:, 1])


# ------------------------------------------------------ many steps (exact)

def trajectory(method: str, K: int, L: int, alpha: float, eta: float,
               num_steps: int) -> dict[str, np.ndarray]:
  """V_{t+1} = V_t - eta D(grad L(V_t)) from V_0 = 0 with the full population
  gradient, D = identity (gd), polar (muon) or entry-wise sign (signgd,
  decoupled embeddings only): exact, in the group-symmetric reduction
  (derived). Returns P_head, P_tail, loss and Delta at t = 0..num_steps."""
  v = np.zeros(6)
  ph_tail = []
  for t in range(num_steps + 1):
    ph_tail.append(probabilities(v, K, L))
    if t == num_steps:
      break
    G = gradient(v, K, L, alpha)
    if method == "gd":
      D = G
    elif method == "muon":
      D = polar(G, K, L)
    elif method == "signgd":
      D = np.sign(G)
    else:
      raise ValueError(f"unknown method {method!r}; one of gd, muon, signgd")
    v = v - eta * D
  P = np.array(ph_tail)
  loss = -alpha * np.log(P[:, 0]) - (1 - alpha) * np.log(P[:, 1])
  return {"P_head": P[:, 0], "P_tail": P[:, 1], "loss": loss,
          "delta": np.abs(P[:, 0] - P[:, 1])}


def first_crossing(P_max: np.ndarray, P_min: np.ndarray, eps: float
                   ) -> tuple[int, float]:
  """(t*, rho): the first step with max_k P_k >= 1 - eps and min_k P_k
  there (multi-step balance, docs/muon_tail.md §2); (-1, nan) if none."""
  hit = np.nonzero(np.asarray(P_max) >= 1.0 - eps)[0]
  if not len(hit):
    return -1, float("nan")
  return int(hit[0]), float(np.asarray(P_min)[hit[0]])


# --------------------------------------------- coupled (rotated) embeddings

# Euler angles of the coupled construction (docs/muon_tail.md §4; this assignment, not
# swapped: E from ROTATION_E, Ẽ from ROTATION_E_TILDE).
ROTATION_E = (1.715, 0.876, 3.098)
ROTATION_E_TILDE = (3.638, 2.949, 5.218)
# The 3 x 3 check block (docs/muon_tail.md §4): sigma_min/sigma_max = 0.247.
BLOCK_A = np.array([[2.0, 0, 0], [2, 0, 2], [-2, -2, -2]])


def rotation(a: float, b: float, c: float) -> np.ndarray:
  """R(a, b, c) = R_z(a) R_y(b) R_z(c) (docs/muon_tail.md §4)."""
  ca, sa, cb, sb, cc, sc = (math.cos(a), math.sin(a), math.cos(b), math.sin(b),
                            math.cos(c), math.sin(c))
  return np.array([
      [ca * cb * cc - sa * sc, -ca * cb * sc - sa * cc, ca * sb],
      [sa * cb * cc + ca * sc, -sa * cb * sc + ca * cc, sa * sb],
      [-sb * cc, sb * sc, cb]])


def embeddings(K: int, kind: str) -> tuple[np.ndarray, np.ndarray]:
  """(E, Ẽ): decoupled E = Ẽ = I_K; coupled E = I_{K/3} (x) R(ROTATION_E),
  Ẽ = I_{K/3} (x) R(ROTATION_E_TILDE) (K divisible by 3)."""
  if kind == "decoupled":
    return np.eye(K), np.eye(K)
  if kind == "coupled":
    if K % 3:
      raise ValueError(f"the coupled embeddings need K divisible by 3, got {K}")
    eye = np.eye(K // 3)
    return np.kron(eye, rotation(*ROTATION_E)), np.kron(eye, rotation(*ROTATION_E_TILDE))
  raise ValueError(f"unknown embedding {kind!r}; one of decoupled, coupled")


def signgd_scores(p: np.ndarray, E: np.ndarray, E_tilde: np.ndarray) -> np.ndarray:
  """S = Ẽ^T sign(Ẽ X E^T) E: the logit direction of one SignGD step from 0,
  the sign taken in W-space (docs/muon_tail.md §4)."""
  X = gradient_matrix(p)
  return E_tilde.T @ np.sign(E_tilde @ X @ E.T) @ E


def dense_balance(S: np.ndarray, eps: float, eta_grid: Sequence[float],
                  bisect_steps: int = 60) -> tuple[float, float]:
  """(eta*, rho) for a dense K x K score matrix S (V_eta = eta S)."""
  return balance(lambda eta: column_probabilities(S, eta), eps, eta_grid, bisect_steps)


def dense_path(S: np.ndarray, p: np.ndarray, eta) -> tuple[np.ndarray, np.ndarray]:
  """(L(eta), Delta(eta)) along V_eta = eta S for a dense S."""
  out = [loss_and_gap(column_probabilities(S, x), p) for x in np.atleast_1d(eta)]
  return np.array([o[0] for o in out]), np.array([o[1] for o in out])


def muon_lower_bound(K: int, eps: float) -> float:
  """1 - eps: the leading term of Theorem 5.3's Muon bound
  rho >= 1 - eps (1 + O(log K / K))."""
  del K
  return 1.0 - eps


def eta_grid(eta_min: float, eta_max: float, num: int) -> np.ndarray:
  """The log grid of step sizes of the paths (docs/muon_tail.md §8: >= 400 points)."""
  return np.logspace(math.log10(eta_min), math.log10(eta_max), num)
