"""Straightforward NumPy implementations of the simulated dynamics, for the
benchmarks (speed) and the tests (same statistics as the JAX code)."""

from __future__ import annotations

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
