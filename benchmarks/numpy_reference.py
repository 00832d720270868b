"""Straightforward NumPy implementations of the simulated dynamics, for the
benchmarks (speed) and the tests (same statistics as the JAX code)."""

from __future__ import annotations

import math

import numpy as np


def hebbian_async_trial(rng: np.random.Generator, N: int, P: int,
                        flip_frac: float = 0.0, max_sweeps: int = 100):
  """One retrieval trial of the Hebbian network, T = 0 random-sequential
  dynamics, fields from the pattern overlaps (O(P) per spin), a zero field
  keeps the spin. Returns (overlap, sweeps, converged) as the JAX code does."""
  xi = rng.choice(np.array([-1.0, 1.0], np.float32), size=(P, N))
  sigma = xi[0].copy()
  flip = rng.permutation(N)[:int(np.floor(flip_frac * N + 0.5))]
  sigma[flip] *= -1
  xt = np.ascontiguousarray(xi.T)
  S = xi @ sigma
  sweeps, converged = 0, False
  while sweeps < max_sweeps and not converged:
    sweeps += 1
    flips = 0
    for i in rng.permutation(N):
      h = xt[i] @ S - P * sigma[i]
      if h != 0 and (h > 0) != (sigma[i] > 0):
        sigma[i] = -sigma[i]
        S += 2 * sigma[i] * xt[i]
        flips += 1
    converged = flips == 0
  return float(sigma @ xi[0]) / N, sweeps, converged


def hebbian_glauber_trial(rng: np.random.Generator, N: int, P: int, T: float,
                          burn_in: int, measure: int):
  """Heat-bath (Glauber) dynamics of the Hebbian network from pattern 1,
  random-sequential order: spin i is set to +1 with probability
  (1 + tanh(h_i / T)) / 2, h_i = (1/N)(sum_mu xi^mu_i S_mu - P sigma_i) from
  the overlaps S (O(P) per spin). Returns the time-averaged overlap over the
  `measure` sweeps after `burn_in`, as `assoc.hopfield.dynamics.glauber`."""
  xi = rng.choice(np.array([-1.0, 1.0], np.float32), size=(P, N))
  sigma = xi[0].copy()
  xt = np.ascontiguousarray(xi.T)
  S = xi @ sigma
  m_sum = 0.0
  for t in range(burn_in + measure):
    u = rng.uniform(-1.0, 1.0, N)
    for k, i in enumerate(rng.permutation(N)):
      h = (xt[i] @ S - P * sigma[i]) / N
      new = 1.0 if u[k] < np.tanh(h / T) else -1.0
      if new != sigma[i]:
        sigma[i] = new
        S += 2 * new * xt[i]
    if t >= burn_in:
      m_sum += float(sigma @ xi[0]) / N
  return m_sum / max(measure, 1)


def dense_async_trial(rng: np.random.Generator, N: int, P: int, n: int,
                      max_sweeps: int = 100):
  """T = 0 random-sequential dynamics of the dense memory E = -sum_mu
  (xi^mu . sigma)^n (all-index) from pattern 1: spin i follows the sign of
  sum_mu [(S_mu^(i) + xi^mu_i)^n - (S_mu^(i) - xi^mu_i)^n], S^(i) the overlaps
  without spin i (O(P) per spin), a zero difference keeps the spin. Returns
  (overlap, sweeps) as `sims.dense_capacity` does."""
  xi = rng.choice(np.array([-1.0, 1.0]), size=(P, N))
  sigma = xi[0].copy()
  xt = np.ascontiguousarray(xi.T)
  S = xi @ sigma
  sweeps, converged = 0, False
  while sweeps < max_sweeps and not converged:
    sweeps += 1
    flips = 0
    for i in rng.permutation(N):
      Si = S - xt[i] * sigma[i]
      h = np.sum((Si + xt[i]) ** n - (Si - xt[i]) ** n)
      if h != 0 and (h > 0) != (sigma[i] > 0):
        sigma[i] = -sigma[i]
        S += 2 * sigma[i] * xt[i]
        flips += 1
    converged = flips == 0
  return float(sigma @ xi[0]) / N, sweeps


# ------------------------------------------------ trial-vectorised references
#
# What a competent NumPy user writes for a sweep of many trials: every trial
# of one sweep point advances together, one spin position of the (per-trial)
# random order at a time, with the fields from the pattern overlaps (O(P) per
# spin, the overlaps S = xi sigma updated on a flip), and no Python loop over
# trials. Trials that have converged leave the batch.


def _patterns(rng: np.random.Generator, B: int, P: int, N: int, dtype=np.float32):
  """(B, P, N) patterns, and their neuron-major copy (B, N, P)."""
  xi = rng.choice(np.array([-1.0, 1.0], dtype), size=(B, P, N))
  return xi, np.ascontiguousarray(xi.transpose(0, 2, 1))


def _start(rng: np.random.Generator, xi: np.ndarray, flip_frac: float) -> np.ndarray:
  """Pattern 1 of every trial with round(flip_frac N) random spins flipped."""
  B, _, N = xi.shape
  sigma = xi[:, 0].copy()
  n_flip = int(np.floor(flip_frac * N + 0.5))
  if n_flip:
    flip = np.argsort(rng.random((B, N)), axis=1)[:, :n_flip]
    np.put_along_axis(sigma, flip, -np.take_along_axis(sigma, flip, 1), 1)
  return sigma


def _orders(rng: np.random.Generator, B: int, N: int) -> np.ndarray:
  """An independent uniformly random order of the N spins for each of B
  trials, as (N, B): row k holds the k-th spin of every trial's order."""
  return np.ascontiguousarray(rng.permuted(np.broadcast_to(np.arange(N), (B, N)), axis=1).T)


def _zero_t_batch(rng, xt, sigma, field, max_sweeps):
  """T = 0 random-sequential dynamics of B trials together until each has a
  sweep without flips (or max_sweeps). `field(rows, S, s)` gives the unscaled
  fields of one spin per trial from its pattern entries `rows` (A, P), the
  overlaps S (A, P) and its value s (A,). Returns (sigma, sweeps, converged)."""
  B, N, _ = xt.shape
  S = np.einsum("bnp,bn->bp", xt, sigma)
  sweeps = np.zeros(B, np.int64)
  converged = np.zeros(B, bool)
  active = np.arange(B)
  while active.size:
    a = active
    A = a.size
    r = np.arange(A)
    Sa, sa = S[a], sigma[a]
    order = _orders(rng, A, N)
    flips = np.zeros(A, np.int64)
    for k in range(N):
      i = order[k]
      rows = xt[a, i]
      s = sa[r, i]
      h = field(rows, Sa, s)
      flip = h * s < 0  # a nonzero field against the spin (a zero field keeps it)
      if flip.any():
        f = np.flatnonzero(flip)
        sa[f, i[f]] = -s[f]
        Sa[f] -= (2 * s[f])[:, None] * rows[f]
        flips[f] += 1
    S[a], sigma[a] = Sa, sa
    sweeps[a] += 1
    converged[a] = flips == 0
    active = a[(flips > 0) & (sweeps[a] < max_sweeps)]
  return sigma, sweeps, converged


def hebbian_async_batch(rng: np.random.Generator, N: int, P: int, B: int,
                        flip_frac: float = 0.0, max_sweeps: int = 100):
  """B retrieval trials of the Hebbian network at once (T = 0, random
  sequential order, a new order per trial and sweep, fields h_i = sum_mu
  xi_i^mu S_mu - P sigma_i from the overlaps, a zero field keeps the spin;
  exact integers in float32). Returns (overlaps, sweeps, converged), arrays of
  length B, as `hebbian_async_trial` per trial."""
  xi, xt = _patterns(rng, B, P, N)
  sigma = _start(rng, xi, flip_frac)

  def field(rows, S, s):
    return np.einsum("ap,ap->a", rows, S) - P * s

  sigma, sweeps, converged = _zero_t_batch(rng, xt, sigma, field, max_sweeps)
  return np.einsum("bn,bn->b", sigma, xi[:, 0]) / N, sweeps, converged


def hebbian_glauber_batch(rng: np.random.Generator, N: int, P: int, T: np.ndarray,
                          burn_in: int, measure: int, flip_frac: float = 0.0):
  """len(T) heat-bath trials of the Hebbian network at once, trial b at
  temperature T[b] (> 0): random-sequential order, sigma_i = +1 with
  probability (1 + tanh(h_i / T)) / 2, h_i = (sum_mu xi_i^mu S_mu - P
  sigma_i) / N. Returns the time-averaged overlaps m (B,) over the `measure`
  sweeps after `burn_in`, as `hebbian_glauber_trial` per trial."""
  beta = 1.0 / np.asarray(T, np.float64)
  B = beta.size
  xi, xt = _patterns(rng, B, P, N)
  sigma = _start(rng, xi, flip_frac)
  S = np.einsum("bnp,bn->bp", xt, sigma)
  r = np.arange(B)
  m_sum = np.zeros(B)
  for t in range(burn_in + measure):
    order = _orders(rng, B, N)
    u = rng.uniform(-1.0, 1.0, (N, B))
    for k in range(N):
      i = order[k]
      rows = xt[r, i]
      s = sigma[r, i]
      h = (np.einsum("bp,bp->b", rows, S) - P * s) / N
      new = np.where(u[k] < np.tanh(beta * h), 1.0, -1.0).astype(sigma.dtype)
      f = np.flatnonzero(new != s)
      if f.size:
        sigma[f, i[f]] = new[f]
        S[f] += (2 * new[f])[:, None] * rows[f]
    if t >= burn_in:
      m_sum += np.einsum("bn,bn->b", sigma, xi[:, 0]) / N
  return m_sum / max(measure, 1)


def dense_async_batch(rng: np.random.Generator, N: int, P: int, n: int, B: int,
                      flip_frac: float = 0.0, max_sweeps: int = 100):
  """B trials of the dense memory E = -sum_mu F(xi^mu . sigma) at once, T = 0
  random-sequential dynamics from pattern 1 (round(flip_frac N) spins
  flipped). F(S) = S^n (n >= 2, all-index) or e^S (n = 0). Spin i follows the
  sign of sum_mu [F(S_mu^(i) + xi_i^mu) - F(S_mu^(i) - xi_i^mu)] = 2 sum_mu
  xi_i^mu g(S_mu^(i)), S^(i) the overlaps without spin i (O(P) per spin), with
  g(S) = sum_{k odd} C(n, k) S^(n-k) (Horner) or sinh(1) e^S (exponents
  shifted by their largest, a positive factor the sign does not see); a zero
  field keeps the spin. float64. Returns (overlaps, sweeps, converged) as
  `dense_async_trial` per trial."""
  xi, xt = _patterns(rng, B, P, N, np.float64)
  sigma = _start(rng, xi, flip_frac)
  # g(S) = sum_k c_k S^k over the even (n odd) or odd (n even) powers k < n.
  coefficients = [math.comb(n, n - k) if (n - k) % 2 else 0 for k in range(n)]

  if n == 0:
    def field(rows, S, s):
      Si = S - rows * s[:, None]
      e = np.exp(Si - Si.max(axis=1, keepdims=True))
      return np.einsum("ap,ap->a", rows, e)
  else:
    def field(rows, S, s):
      Si = S - rows * s[:, None]
      g = np.full_like(Si, float(coefficients[-1]))
      for c in coefficients[-2::-1]:
        g *= Si
        if c:
          g += c
      return np.einsum("ap,ap->a", rows, g)

  sigma, sweeps, converged = _zero_t_batch(rng, xt, sigma, field, max_sweeps)
  return np.einsum("bn,bn->b", sigma, xi[:, 0]) / N, sweeps, converged
