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
