"""Dense Hebbian networks that learn archetypes from noisy examples: the
replica-symmetric picture of supervised learning (docs/dense_hebbian.md
§1-§4).

Every equation here is **derived** for this project in the convention of
docs/dense_hebbian.md §1, checked against Monte Carlo where the docs say so;
none is labelled as the equation of Agliari et al. (Physica A 626 (2023)
129076, arXiv 2212.00606), whose forms and prefactors may differ.

Convention. H(sigma) = -(N/P!) sum_mu (x^mu . sigma / N)^P over stored
vectors with E[x^2] = 1; supervised x^mu = hat-eta^mu / sqrt(R), the class
average of M examples eta = xi chi of quality r (Pr(chi = +1) = (1 + r)/2).
The dataset entropy rho = (1 - r^2)/(M r^2) organises everything: y =
chi-bar / r has E[y] = 1 and E[y^2] = 1 + rho. Load: K = alpha N^(P-1)
archetypes; index convention "all_index" (Krotov-Hopfield, what assoc
simulates) or "distinct" (P-spin), as in theory/dense.py.

Order parameters: Mattis m = xi . sigma / N, example magnetisation n =
hat-eta . sigma / (N r (1 + rho)), q = (1/N) sum <sigma>^2. Effective field
on a site of the condensed archetype:

    h = A y + sqrt(V(q)) z,   A = (1 + rho)^((P-2)/2) n^(P-1) / (P-1)!,

with V(q) the crosstalk variance of `crosstalk_variance`, z ~ N(0, 1).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import optimize, special, stats

CONVENTIONS = ("all_index", "distinct")
Y_LAWS = ("gaussian", "binomial")


# ------------------------------------------------------------- the dataset

def r_of_rho(rho, M):
  """Example quality r for dataset entropy rho and M examples: 1/sqrt(1 + rho M)."""
  return 1.0 / np.sqrt(1.0 + np.asarray(rho, float) * M)


def rho_of(r, M):
  """Dataset entropy rho = (1 - r^2)/(M r^2)."""
  r = np.asarray(r, float)
  return (1 - r**2) / (M * r**2)


def _check_rho(rho):
  if not np.all(np.asarray(rho, float) >= 0):
    raise ValueError(f"rho must be >= 0, got {rho!r}")


def _check(P: int, convention: str):
  if convention not in CONVENTIONS:
    raise ValueError(f"unknown convention {convention!r}; known: {', '.join(CONVENTIONS)}")
  if not (isinstance(P, int) and P >= 2):
    raise ValueError(f"P (the interaction order) must be an integer >= 2, got {P!r}")


# ------------------------------------------------------------- the crosstalk

def hermite_coefficients(k: int) -> dict[int, float]:
  """a_j with z^k = sum_j a_j He_j(z): a_j = k! / (j! ((k-j)/2)! 2^((k-j)/2)),
  j = k, k-2, ... (docs/dense_hebbian.md §1)."""
  return {j: math.factorial(k) / (math.factorial(j) * math.factorial((k - j) // 2)
                                  * 2 ** ((k - j) // 2))
          for j in range(k % 2, k + 1, 2)}


def crosstalk_variance(q, alpha: float, P: int, convention: str = "all_index"):
  """V(q) = G'(q), the variance of the crosstalk field at self-overlap q
  (derived, docs/dense_hebbian.md §1): distinct alpha q^(P-1)/(P-1)!;
  all-index alpha/((P-1)!)^2 sum_j a_j^2 j! q^j (P = 4: alpha (q^3/6 + q/4))."""
  _check(P, convention)
  q = np.asarray(q, float)
  if convention == "distinct":
    return alpha * q ** (P - 1) / math.factorial(P - 1)
  a = hermite_coefficients(P - 1)
  return alpha / math.factorial(P - 1) ** 2 * sum(c**2 * math.factorial(j) * q**j
                                                  for j, c in a.items())


def _v1(P: int, convention: str) -> float:
  """V(1)/alpha: (2P-3)!!/((P-1)!)^2 all-index, 1/(P-1)! distinct."""
  return float(crosstalk_variance(1.0, 1.0, P, convention))


def signal(n, rho, P: int):
  """A = (1 + rho)^((P-2)/2) n^(P-1) / (P-1)!: the field of the condensed
  class on a site, per unit y."""
  return (1 + rho) ** ((P - 2) / 2) * np.asarray(n, float) ** (P - 1) / math.factorial(P - 1)


# --------------------------------------------------------------- low load

def m_low_load(rho, M: int | None = None):
  """T = 0 Mattis overlap at low load (K << N^(P-1); derived, checked against
  Monte Carlo, docs/dense_hebbian.md §2): erf(1/sqrt(2 rho)), independent of
  P; with M given, exactly over the binomial class average: Pr(B > M/2) -
  Pr(B < M/2), B ~ Bin(M, (1 + r)/2), r = 1/sqrt(1 + rho M)."""
  _check_rho(rho)
  rho = np.asarray(rho, float)
  if M is None:
    with np.errstate(divide="ignore"):
      return special.erf(1 / np.sqrt(2 * rho))
  if not (isinstance(M, int) and M >= 1):
    raise ValueError(f"M must be an integer >= 1, got {M!r}")
  p = (1 + r_of_rho(rho, M)) / 2
  above = stats.binom.sf(M // 2, M, p)           # B > M/2 (B >= M//2 + 1)
  below = stats.binom.cdf((M - 1) // 2, M, p)    # B < M/2
  return above - below


def n_low_load(rho, M: int | None = None):
  """T = 0 example magnetisation at low load: E|y| / (1 + rho), E|y| =
  sqrt(2 rho/pi) e^(-1/(2 rho)) + erf(1/sqrt(2 rho)) for Gaussian y, or the
  exact binomial mean of |chi-bar|/r with M given (derived)."""
  _check_rho(rho)
  rho = np.asarray(rho, float)
  return mean_abs_y(rho, M) / (1 + rho)


def mean_abs_y(rho, M: int | None = None):
  """E|y|: Gaussian y = 1 + sqrt(rho) Z, or exact with M examples."""
  rho = np.asarray(rho, float)
  if M is None:
    with np.errstate(divide="ignore", invalid="ignore"):
      g = np.sqrt(2 * rho / np.pi) * np.exp(-1 / (2 * rho)) + special.erf(1 / np.sqrt(2 * rho))
    return np.where(rho > 0, g, 1.0)

  def one(rho1):
    r = float(r_of_rho(rho1, M))
    B = np.arange(M + 1)
    return float(np.sum(stats.binom.pmf(B, M, (1 + r) / 2) * np.abs(2 * B - M) / M) / r)

  return np.vectorize(one)(rho) if rho.ndim else one(float(rho))


# ------------------------------------------------------- T = 0, any load

def zero_t_map(n, alpha: float, rho: float, P: int, convention: str = "all_index"):
  """One step of the T = 0 supervised equations (derived, §2): s^2 = A^2 rho
  + V(1), m = erf(A/(sqrt 2 s)), n' = [m + rho A sqrt(2/pi) e^(-A^2/(2 s^2))/s]
  / (1 + rho). Returns (m, n')."""
  A = signal(n, rho, P)
  s = np.sqrt(A**2 * rho + alpha * _v1(P, convention))
  t = A / s
  m = special.erf(t / np.sqrt(2))
  return m, (m + rho * t * np.sqrt(2 / np.pi) * np.exp(-t**2 / 2)) / (1 + rho)


def zero_t_overlaps(alpha: float, rho: float, P: int, convention: str = "all_index",
                    iterations: int = 10_000, tol: float = 1e-12) -> tuple[float, float]:
  """(m, n) of the retrieval state at T = 0, load alpha, entropy rho, by
  iterating `zero_t_map` from n0 = E|y|/(1 + rho) (the state of the sign of
  the class average; docs/dense_hebbian.md §3: starting at 1/(1 + rho)
  misses the retrieval branch at large rho); (0, 0) beyond alpha_c. P = 2:
  the modulated AGS equations of `ags_overlaps` (both conventions agree)."""
  _check(P, convention)
  if P == 2:
    return ags_overlaps(alpha, rho)
  n = float(mean_abs_y(rho)) / (1 + rho)
  m = 0.0
  for _ in range(iterations):
    m, new = zero_t_map(n, alpha, rho, P, convention)
    if abs(new - n) < tol:
      n = new
      break
    n = new
  if n < 1e-6:
    return 0.0, 0.0
  return float(m), float(n)


# ------------------------------------------- P = 2: AGS with modulated patterns

@functools.cache
def _y_nodes(rho: float, M: int | None) -> tuple[np.ndarray, np.ndarray]:
  """Values and weights of y: y = 1 + sqrt(rho) Z on the uniform z-grid
  (erf(a x) is nearly a step in y at large a: Gauss-Hermite misses it), or
  the exact binomial law of the class average of M examples."""
  if M is not None:
    return _binomial_y(rho, M)
  z, w = _z_grid(4001)
  return 1 + math.sqrt(rho) * z, w


def _ags_terms(a, rho: float, M: int | None):
  """(F, G, m) at signal-to-noise a = mu/s of the modulated AGS equations
  (see `ags_overlaps`): F = E[x erf(a x/sqrt 2)], G = sqrt(2/pi) E[e^(-a^2
  x^2/2)], m = E[erf(a x/sqrt 2)], x = y/sqrt(1 + rho)."""
  y, w = _y_nodes(float(rho), M)
  x = y / math.sqrt(1 + rho)
  a = np.asarray(a, float)[..., None]
  e = special.erf(a * x / math.sqrt(2))
  return (np.sum(w * x * e, -1), math.sqrt(2 / math.pi) * np.sum(w * np.exp(-(a * x) ** 2 / 2), -1),
          np.sum(w * e, -1))


def _ags_alpha(a, rho: float, M: int | None):
  """The load at which the retrieval state has signal-to-noise a:
  alpha = (F(a)/a - G(a))^2 (with s(1 - C) = sqrt(alpha))."""
  F, G, _ = _ags_terms(a, rho, M)
  return np.where(F / a > G, (F / a - G) ** 2, 0.0)


@functools.cache
def _ags_fold(rho: float, M: int | None) -> tuple[float, float]:
  """(alpha_c, a at alpha_c): the fold of the P = 2 retrieval branch."""
  a = np.geomspace(1e-3, 100.0, 801)
  i = int(np.argmax(_ags_alpha(a, rho, M)))
  res = optimize.minimize_scalar(lambda t: -float(_ags_alpha(t, rho, M)),
                                 bounds=(a[max(i - 1, 0)], a[min(i + 1, len(a) - 1)]),
                                 method="bounded", options={"xatol": 1e-12})
  return float(-res.fun), float(res.x)


def ags_overlaps(alpha: float, rho: float, M: int | None = None) -> tuple[float, float]:
  """(m, n) of the P = 2 retrieval state at T = 0, K = alpha N class
  averages, entropy rho (derived, docs/dense_hebbian.md §3): the
  Amit-Gutfreund-Sompolinsky T = 0 equations (Ann. Phys. 173 (1987) 30) for
  a Hopfield network whose stored vectors are modulated, x = y/sqrt(1 + rho)
  (y = 1 + sqrt(rho) Z, or the exact binomial class average with M): only
  the condensed signal is modulated, the crosstalk keeps variance alpha r,

    mu = E[x erf(x mu/(sqrt 2 s))],  s^2 = alpha r,  r = (1 - C)^(-2),
    C = sqrt(2/pi)/s E[e^(-x^2 mu^2/(2 s^2))],  m = E[erf(x mu/(sqrt 2 s))],

  with mu = x^1 . sigma/N and n = mu/sqrt(1 + rho). In a = mu/s the branch
  is alpha(a) = (F(a)/a - G(a))^2 (`_ags_terms`); the retrieval state is
  the root above the fold. rho = 0 is AGS: alpha_c = 0.1379. (0, 0) beyond
  the fold."""
  _check_rho(rho)
  if alpha <= 0:
    raise ValueError(f"alpha must be > 0, got {alpha!r}")
  a_max, a_c = _ags_fold(float(rho), M)[0], _ags_fold(float(rho), M)[1]
  if alpha > a_max:
    return 0.0, 0.0
  hi = a_c
  while float(_ags_alpha(hi, rho, M)) > alpha:
    hi *= 2
  a = optimize.brentq(lambda t: float(_ags_alpha(t, rho, M)) - alpha, a_c, hi, xtol=1e-14)
  F, _, m = _ags_terms(a, rho, M)
  return min(float(m), 1.0), min(float(F), 1.0) / math.sqrt(1 + rho)


def _alpha_of_t(t, rho, P, convention):
  """The load alpha at which the T = 0 retrieval state has signal-to-noise
  t = A/s: n (1 + rho) = erf(t/sqrt 2) + rho t sqrt(2/pi) e^(-t^2/2), s = A/t,
  alpha V(1)/alpha = A^2 (1/t^2 - rho)."""
  g = special.erf(t / np.sqrt(2)) + rho * t * np.sqrt(2 / np.pi) * np.exp(-t**2 / 2)
  A = signal(g / (1 + rho), rho, P)
  return A**2 * (1 / t**2 - rho) / _v1(P, convention)


@functools.cache
def _alpha_c(P: int, rho: float, convention: str) -> tuple[float, float]:
  t_max = 1 / math.sqrt(rho) if rho > 0 else 50.0
  f = lambda t: -_alpha_of_t(t, rho, P, convention)  # noqa: E731
  ts = np.linspace(t_max * 1e-3, t_max * (1 - 1e-9), 4001)
  i = int(np.argmin(f(ts)))
  lo, hi = ts[max(i - 1, 0)], ts[min(i + 1, len(ts) - 1)]
  res = optimize.minimize_scalar(f, bounds=(lo, hi), method="bounded",
                                 options={"xatol": 1e-12 * t_max})
  return float(-res.fun), float(res.x)


def alpha_c(P: int, rho: float = 0.0, convention: str = "all_index") -> float:
  """T = 0 supervised capacity alpha_c(rho), K = alpha N^(P-1) (derived, §3),
  for P >= 3: the fold of the retrieval branch, max over the signal-to-noise
  t = A/s in (0, 1/sqrt(rho)) of alpha(t). At rho = 0 it is theory.dense's
  max_y erf(y)^(2(P-1)) / (2 c_P y^2). The ratio alpha_c(rho)/alpha_c(0)
  does not depend on the convention. P = 2 (K = alpha N, both conventions):
  the fold of the modulated AGS equations (`ags_overlaps`; the formula
  above lacks the reaction term): 0.1379 at rho = 0."""
  _check(P, convention)
  _check_rho(rho)
  if P == 2:
    return _ags_fold(float(rho), None)[0]
  return _alpha_c(P, float(rho), convention)[0]


def m_at_alpha_c(P: int, rho: float = 0.0, convention: str = "all_index") -> float:
  """The Mattis overlap of the retrieval state at alpha_c(rho)."""
  alpha_c(P, rho, convention)  # checks the arguments
  if P == 2:
    return float(_ags_terms(_ags_fold(float(rho), None)[1], float(rho), None)[2])
  return float(special.erf(_alpha_c(P, float(rho), convention)[1] / np.sqrt(2)))


def plateau(P: int, convention: str = "all_index") -> tuple[float, float]:
  """The large-rho limit (derived, §3): with u = n sqrt(rho) and w =
  u^(P-1)/(P-1)!, u = sqrt(2/pi) w / sqrt(w^2 + V(1)). Returns (alpha, u) at
  its fold: the largest load at which a dense network keeps an overlap m ~
  u/sqrt(rho) however large rho (P = 4 all-index: 0.00255, u = 0.651); u ->
  sqrt(2/pi) at vanishing load."""
  _check(P, convention)
  c = 2 / np.pi

  def alpha(u):
    w = u ** (P - 1) / math.factorial(P - 1)
    return w**2 * (c / u**2 - 1) / _v1(P, convention)

  res = optimize.minimize_scalar(lambda u: -alpha(u), bounds=(1e-6, math.sqrt(c) - 1e-12),
                                 method="bounded", options={"xatol": 1e-12})
  return float(-res.fun), float(res.x)


# --------------------------------------------------------- finite temperature

@functools.cache
def _z_grid(points: int) -> tuple[np.ndarray, np.ndarray]:
  """A uniform grid on [-10, 10] and its normal weights (docs/dense_hebbian.md
  §4: not Gauss-Hermite, which fails where tanh(beta h) is a step)."""
  z = np.linspace(-10.0, 10.0, points)
  return z, stats.norm.pdf(z) * (z[1] - z[0])


def _binomial_y(rho: float, M: int):
  """The exact law of y = chi-bar / r with M examples: values and weights."""
  r = float(r_of_rho(rho, M))
  B = np.arange(M + 1)
  return (2 * B - M) / (M * r), stats.binom.pmf(B, M, (1 + r) / 2)


def rs_overlaps(beta: float, alpha: float, rho: float, P: int, convention: str = "all_index",
                y_law: str = "gaussian", M: int | None = None, start=(1.0, 1.0),
                iterations: int = 5000, tol: float = 1e-10,
                grid: int = 40_001) -> tuple[float, float, float]:
  """(m, n, q) of the RS retrieval state at inverse temperature beta (derived,
  §2): m = E[tanh(beta h)], q = E[tanh^2(beta h)], n = E[y tanh(beta
  h)]/(1 + rho), h = A y + sqrt(V(q)) z, iterated from (n, q) = `start`.

  Gaussian y = 1 + sqrt(rho) Z: h ~ N(A, A^2 rho + V(q)), and Stein's lemma
  gives n = [m + rho beta A (1 - q)]/(1 + rho); binomial y (`y_law`, with M):
  the exact sum over the M + 1 values of the class average. Expectations
  over the Gaussian part on a uniform grid of `grid` points on [-10, 10]
  (Gauss-Hermite fails at large beta, where tanh(beta h) is a step)."""
  _check(P, convention)
  if y_law not in Y_LAWS:
    raise ValueError(f"unknown y_law {y_law!r}; known: {', '.join(Y_LAWS)}")
  if y_law == "binomial":
    if not (isinstance(M, int) and M >= 1):
      raise ValueError("y_law='binomial' needs M, an integer >= 1")
    ys, wy = _binomial_y(rho, M)
  _Z, _WZ = _z_grid(grid)
  n, q = start
  m = 0.0
  for _ in range(iterations):
    A = float(signal(n, rho, P))
    V = float(crosstalk_variance(q, alpha, P, convention))
    if y_law == "gaussian":
      t = np.tanh(beta * (A + math.sqrt(A * A * rho + V) * _Z))
      m, new_q = float(_WZ @ t), float(_WZ @ (t * t))
      new_n = (m + rho * beta * A * (1 - new_q)) / (1 + rho)
    else:
      t = np.tanh(beta * (A * ys[:, None] + math.sqrt(V) * _Z[None, :]))
      w = wy[:, None] * _WZ[None, :]
      m, new_q = float(np.sum(w * t)), float(np.sum(w * t * t))
      new_n = float(np.sum(w * ys[:, None] * t)) / (1 + rho)
    done = abs(new_n - n) + abs(new_q - q) < tol
    n, q = new_n, new_q
    if done:
      break
  return m, n, q


def spinodal_temperature(P: int) -> tuple[float, float]:
  """(T_s, m at T_s): the largest T with a nonzero root of m = tanh(beta
  m^(P-1)/(P-1)!) (low load, rho = 0; derived, §4): P = 2: (1, 0);
  P = 4: (0.0826, 0.889)."""
  if P == 2:
    return 1.0, 0.0
  if not (isinstance(P, int) and P >= 3):
    raise ValueError(f"P must be an integer >= 2, got {P!r}")
  T = lambda m: m ** (P - 1) / (math.factorial(P - 1) * math.atanh(m))  # noqa: E731
  res = optimize.minimize_scalar(lambda m: -T(m), bounds=(1e-6, 1 - 1e-12), method="bounded",
                                 options={"xatol": 1e-12})
  return float(-res.fun), float(res.x)


def retrieval_temperature(alpha: float, P: int = 4, convention: str = "all_index",
                          rho: float = 0.0, tol: float = 2e-5, grid: int = 4001) -> float:
  """T_M(alpha): the largest T at which the RS retrieval state exists
  (derived, §4), by bisection on T with the finite-T equations iterated from
  the retrieved state (m = q = 1); at these temperatures (beta < 100) a
  grid of 4001 points agrees with 40 001 to 1e-6 in T_M."""
  T_lo, T_hi = 1e-4, spinodal_temperature(P)[0] * (1 + rho) ** (P / 2) * 1.5 + 1e-3

  def retrieves(T):
    m, _, _ = rs_overlaps(1 / T, alpha, rho, P, convention, iterations=20_000, tol=1e-12,
                          grid=grid)
    return m > 0.3

  if not retrieves(T_lo):
    return 0.0
  while T_hi - T_lo > tol:
    mid = (T_lo + T_hi) / 2
    T_lo, T_hi = (mid, T_hi) if retrieves(mid) else (T_lo, mid)
  return (T_lo + T_hi) / 2
