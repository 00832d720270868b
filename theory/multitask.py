"""Multitasking Hebbian networks on diluted patterns (docs/dense_hebbian.md
§7): the low-load self-consistency, its stability, the T = 0 hierarchy and
its stability edges, the symmetric parallel state, the finite-T phase map
and the signal-to-noise learning thresholds.

Every equation here is **derived** for this project (consistent with the
abstract of Agliari, Alessandrelli, Barra and Ricci-Tersenghi, J. Stat.
Mech. 2023, arXiv 2308.04106; not its equations, whose forms are not
established). Model: K archetypes with Pr(xi = +-1) = (1 - d)/2, Pr(xi = 0)
= d; couplings J = (1/N) sum_mu xi^mu_i xi^mu_j (zero diagonal), so T_c =
1 - d. Low load (K finite): the free energy per spin is

    f(m) = 1/2 sum_mu m_mu^2 - (1/beta) E_xi ln 2 cosh(beta sum_nu xi^nu m_nu),

with E_xi the exact sum over the 3^K site configurations.
"""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
from scipy import optimize

STATES = ("ergodic", "pure", "parallel", "hierarchical")


def _check_d(d: float):
  if not (0 <= d < 1):
    raise ValueError(f"d (the dilution) must be in [0, 1), got {d!r}")


@functools.cache
def _sites(K: int, d: float) -> tuple[np.ndarray, np.ndarray]:
  """The 3^K site configurations xi in {-1, 0, 1}^K and their probabilities."""
  xs = np.array(list(itertools.product((-1.0, 0.0, 1.0), repeat=K)))
  p = np.prod(np.where(xs == 0, d, (1 - d) / 2), axis=1)
  return xs, p


def hierarchy(d: float, K: int) -> np.ndarray:
  """The T = 0 hierarchical amplitudes m_k = (1 - d) d^(k-1), k = 1..K
  (derived, checked against Monte Carlo; §7): pattern k takes the sites
  where the patterns before it are blank."""
  _check_d(d)
  return (1 - d) * d ** np.arange(K)


def stability_edge(K: int) -> float:
  """The largest d at which the T = 0 hierarchical state is stable:
  sum_{k=1}^{K-1} d^k = 1 (m_1 > sum_{k>=2} m_k; derived, §7). K = 2: 1;
  K = 3: 0.6180 (the golden ratio's inverse); K -> infinity: 1/2."""
  if not (isinstance(K, int) and K >= 2):
    raise ValueError(f"K must be an integer >= 2, got {K!r}")
  if K == 2:
    return 1.0
  return float(optimize.brentq(lambda d: sum(d**k for k in range(1, K)) - 1, 0.0, 1.0,
                               xtol=1e-15))


def m_sym(d: float, K: int) -> float:
  """The Mattis overlap of the symmetric parallel state at T = 0, sigma_i =
  sgn(sum_nu xi^nu_i) (random on ties; derived, §7): sum_k C(K-1, k) (1-d)^(k+1)
  d^(K-1-k) C(k, ceil(k/2)) / 2^k. K = 3: (1 - d)[d + (1 - d)^2/2]."""
  _check_d(d)
  return float(sum(math.comb(K - 1, k) * (1 - d) ** (k + 1) * d ** (K - 1 - k)
                   * math.comb(k, math.ceil(k / 2)) / 2**k for k in range(K)))


def critical_temperature(d: float) -> float:
  """T_c = 1 - d: the ergodic state loses stability (derived, §7)."""
  _check_d(d)
  return 1.0 - d


def self_consistency(m, beta: float, d: float) -> np.ndarray:
  """The right-hand side E[xi^mu tanh(beta sum_nu xi^nu m_nu)] (derived,
  §7); beta = inf is the T = 0 sign."""
  m = np.asarray(m, float)
  xs, p = _sites(len(m), d)
  field = xs @ m
  t = np.sign(field) if np.isinf(beta) else np.tanh(beta * field)
  return (p * t) @ xs


def free_energy(m, beta: float, d: float) -> float:
  """f(m) per spin (derived, §7)."""
  m = np.asarray(m, float)
  xs, p = _sites(len(m), d)
  x = beta * (xs @ m)
  log2cosh = np.logaddexp(x, -x)
  return float(0.5 * m @ m - (p @ log2cosh) / beta)


def hessian(m, beta: float, d: float) -> np.ndarray:
  """delta_{mu nu} - beta E[xi^mu xi^nu (1 - tanh^2)]: the state is stable
  iff it is positive definite (derived, §7)."""
  m = np.asarray(m, float)
  xs, p = _sites(len(m), d)
  t = np.tanh(beta * (xs @ m))
  return np.eye(len(m)) - beta * (xs * (p * (1 - t * t))[:, None]).T @ xs


def solve(m0, beta: float, d: float, iterations: int = 20_000,
          tol: float = 1e-13) -> np.ndarray:
  """A solution of the self-consistency from m0 by damped iteration."""
  m = np.asarray(m0, float)
  for _ in range(iterations):
    new = 0.5 * m + 0.5 * self_consistency(m, beta, d)
    if np.max(np.abs(new - m)) < tol:
      return new
    m = new
  return m


def classify(m, tol: float = 2e-3) -> str:
  """The state of amplitudes m (sorted by size): ergodic (all ~0), pure (one
  nonzero), parallel (all equal and nonzero) or hierarchical."""
  a = np.sort(np.abs(np.asarray(m, float)))[::-1]
  if a[0] < tol:
    return "ergodic"
  if len(a) == 1 or a[1] < tol:
    return "pure"
  if a[-1] > tol and a[0] - a[-1] < tol:
    return "parallel"
  return "hierarchical"


def phase(T: float, d: float, K: int = 3) -> tuple[str, np.ndarray]:
  """The equilibrium state at (T, d) (derived, §7): the stable solution of
  lowest f among those reached from the ergodic, pure, hierarchical and
  parallel starts (and positive-amplitude perturbations of them). Returns
  (state, amplitudes sorted by size)."""
  _check_d(d)
  beta = 1.0 / T
  starts = [np.full(K, 1e-3), np.eye(K)[0], hierarchy(d, K) + 1e-3, np.full(K, 1.0),
            np.full(K, m_sym(d, K)), np.linspace(1.0, 0.2, K)]
  best, best_f = np.zeros(K), free_energy(np.zeros(K), beta, d)
  for m0 in starts:
    m = solve(m0, beta, d)
    if np.min(np.linalg.eigvalsh(hessian(m, beta, d))) <= 1e-9:
      continue
    f = free_energy(m, beta, d)
    if f < best_f - 1e-12:
      best, best_f = m, f
  amps = np.sort(np.abs(best))[::-1]
  return classify(amps), amps


def learning_threshold(n, k: int, snr_c: float = 1.5) -> float:
  """rho_k*: the dataset entropy below which level k of the hierarchy is
  learned at T = 0 (derived, signal-to-noise; §7): n_k - sum_{nu>k} n_nu =
  snr_c sqrt(rho) sqrt(sum_{nu>=k} n_nu^2), with n the amplitudes (k from 1);
  infinite when nothing below competes."""
  n = np.asarray(n, float)
  gap = n[k - 1] - n[k:].sum()
  if gap <= 0:
    return 0.0
  return float((gap / (snr_c * np.sqrt(np.sum(n[k - 1:] ** 2)))) ** 2)


def examples_needed(r: float, rho_star: float) -> float:
  """M_k* = (1 - r^2)/(r^2 rho_k*): the examples per class that bring the
  entropy down to rho_k*."""
  return float((1 - r**2) / (r**2 * rho_star)) if rho_star > 0 else float("inf")
