"""Trials of dense Hebbian networks that learn archetypes from noisy examples,
and of multitasking networks on diluted patterns (docs/dense_hebbian.md
§1, §5-§7).

A learning trial draws K archetypes (the first `num_classes` of K_max rows;
padding rows are zero and store nothing), M examples of each of quality r
(`assoc.patterns.examples`), stores them

  supervised     one vector per class, the class average normalised to unit
                 mean square, x = hat-eta / rms(hat-eta) (real-valued)
  unsupervised   every example, with weight 1/M (binary)

in a dense memory of order P (`assoc.hopfield.dense.polynomial`: fields from
the overlaps with the stored vectors, O(K) per spin, no tensor), starts at
archetype 1 and runs T = 0 random-sequential dynamics to a fixed point
(ties keep the spin). At M = 1 the two protocols store the same memory.
Example a of class mu does not depend on M_max (`assoc.patterns.examples`),
so one program built for M_max serves every M <= M_max.

A capacity trial stores K ~ alpha N^(P-1) class averages drawn directly
(`assoc.patterns.class_averages`: no K M examples in memory), supervised.

A multitasking trial draws K diluted archetypes (`assoc.patterns.diluted`),
stores them with the Hebbian couplings J = (1/N) sum xi xi (zero diagonal),
starts at a random state and runs the same dynamics.

Random numbers by fold_in from the task key: archetypes 0, examples 1,
dynamics 2, start 3.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from assoc import patterns as pt
from assoc.hopfield import dense, dynamics

PROTOCOLS = ("supervised", "unsupervised")


def stored_vectors(eta: jax.Array, protocol: str, M: jax.Array | int | None = None
                   ) -> tuple[jax.Array, jax.Array | float, bool]:
  """(patterns (rows), weight, binary) of a dense memory that learns from the
  (K, M_max, N) examples `eta` with `protocol`, of which the first M (traced
  allowed; default all) per class are used: the others must be zero."""
  K, M_max, N = eta.shape
  M = M_max if M is None else M
  if protocol == "supervised":
    avg = jnp.sum(eta, axis=1) / M
    rms = jnp.sqrt(jnp.mean(avg * avg, axis=1, keepdims=True))
    # Real-valued rows: the general flip difference (exact for binary ones too).
    return jnp.where(rms > 0, avg / jnp.where(rms > 0, rms, 1.0), 0.0), 1.0, False
  if protocol == "unsupervised":
    return eta.reshape(K * M_max, N), 1.0 / M, True
  raise ValueError(f"unknown protocol {protocol!r}; known: {', '.join(PROTOCOLS)}")


def learning_trial(key: jax.Array, r: jax.Array, M: jax.Array | int,
                   num_classes: jax.Array | int | None = None, *, N: int, K: int, M_max: int,
                   P: int, protocol: str = "supervised", max_sweeps: int = 100,
                   block: int = 32) -> dict[str, jax.Array]:
  """Learns K archetypes (the first num_classes of K rows) from M <= M_max
  examples of quality r each (M and r may be traced), retrieves from
  archetype 1 (see the module docstring). Returns m = xi^1 . sigma / N, n =
  hat-eta^1 . sigma / (N r (1 + rho)), rho = (1 - r^2)/(M r^2) (the example
  magnetisation: 1/(1 + rho) at sigma = xi^1 in expectation), and the sweeps
  and convergence of the dynamics."""
  xi = pt.rademacher(jax.random.fold_in(key, 0), K, N, num_classes)
  eta = pt.examples(jax.random.fold_in(key, 1), xi, M_max, r)
  eta = jnp.where((jnp.arange(M_max) < M)[None, :, None], eta, 0.0)
  rows, weight, binary = stored_vectors(eta, protocol, M)
  model = dense.polynomial(rows, P, weight=weight, binary=binary)
  res = dynamics.zero_t_async(jax.random.fold_in(key, 2), model, xi[0], max_sweeps=max_sweeps,
                              tie="keep", block=block)
  rho = (1 - r * r) / (M * r * r)
  avg = jnp.sum(eta[0], axis=0) / M
  return {"m": jnp.dot(xi[0], res.sigma) / N,
          "n": jnp.dot(avg, res.sigma) / (N * r * (1 + rho)),
          "sweeps": res.sweeps, "converged": res.converged}


def multitask_trial(key: jax.Array, d: jax.Array, *, N: int, K: int, max_sweeps: int = 100,
                    block: int = 32) -> dict[str, jax.Array]:
  """K diluted archetypes (dilution d) in a Hebbian network, T = 0 dynamics
  from a random start. Returns m (the K Mattis overlaps) and m_sorted (their
  absolute values, largest first: the amplitudes of docs/dense_hebbian.md
  §7), and the sweeps and convergence of the dynamics."""
  xi = pt.diluted(jax.random.fold_in(key, 0), K, N, d)
  model = dense.polynomial(xi, 2)
  sigma0 = pt.random_state(jax.random.fold_in(key, 3), N)
  res = dynamics.zero_t_async(jax.random.fold_in(key, 2), model, sigma0, max_sweeps=max_sweeps,
                              tie="keep", block=block)
  m = xi @ res.sigma / N
  return {"m": m, "m_sorted": -jnp.sort(-jnp.abs(m)), "sweeps": res.sweeps,
          "converged": res.converged}


def capacity_trial(key: jax.Array, r: jax.Array, num_classes: jax.Array, *, N: int, K: int,
                   M: int, P: int, max_sweeps: int = 100, block: int = 32) -> dict[str, jax.Array]:
  """Supervised learning at load num_classes (<= K, traced) of order P: the
  class averages of M examples of quality r drawn directly
  (`assoc.patterns.class_averages`), normalised to unit mean square, stored
  in a dense memory; T = 0 dynamics from archetype 1. Returns m, n (as
  `learning_trial`), sweeps and converged."""
  xi = pt.rademacher(jax.random.fold_in(key, 0), K, N, num_classes)
  avg = pt.class_averages(jax.random.fold_in(key, 1), xi, M, r)
  rms = jnp.sqrt(jnp.mean(avg * avg, axis=1, keepdims=True))
  rows = jnp.where(rms > 0, avg / jnp.where(rms > 0, rms, 1.0), 0.0)
  model = dense.polynomial(rows, P, binary=False)
  res = dynamics.zero_t_async(jax.random.fold_in(key, 2), model, xi[0], max_sweeps=max_sweeps,
                              tie="keep", block=block)
  rho = (1 - r * r) / (M * r * r)
  return {"m": jnp.dot(xi[0], res.sigma) / N,
          "n": jnp.dot(avg[0], res.sigma) / (N * r * (1 + rho)),
          "sweeps": res.sweeps, "converged": res.converged}
