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
starts at a random state and runs the same dynamics; at T > 0 heat-bath
dynamics with time-averaged overlaps (`multitask_glauber_trial`); learned
from examples (`multitask_learning_trial`) the stored vectors are those of
`stored_vectors` with the normalisation N = R of docs/dense_hebbian.md §7.

The heat-bath trials (`capacity_glauber_trial`, `multitask_glauber_trial`)
run `dynamics.glauber` for a fixed `burn_in` then `measure` sweeps and
report the overlaps averaged over the measured sweeps (the stopping rule
of the papers is not established: docs/dense_hebbian.md §11).

Random numbers by fold_in from the task key: archetypes 0, examples 1,
dynamics 2, start 3.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from assoc import patterns as pt
from assoc.hopfield import dense, dynamics

PROTOCOLS = ("supervised", "unsupervised")


def unit_rms(rows: jax.Array) -> jax.Array:
  """Each row divided by its root mean square (all-zero padding rows stay 0)."""
  rms = jnp.sqrt(jnp.mean(rows * rows, axis=1, keepdims=True))
  return jnp.where(rms > 0, rows / jnp.where(rms > 0, rms, 1.0), 0.0)


def _retrieved(xi1, avg1, sigma, r, M, res) -> dict[str, jax.Array]:
  """m and n of the final state (see `learning_trial`), sweeps, converged."""
  N = sigma.shape[-1]
  rho = (1 - r * r) / (M * r * r)
  return {"m": jnp.dot(xi1, sigma) / N, "n": jnp.dot(avg1, sigma) / (N * r * (1 + rho)),
          "sweeps": res.sweeps, "converged": res.converged}


def stored_vectors(eta: jax.Array, protocol: str, M: jax.Array | int | None = None,
                   r: jax.Array | float | None = None
                   ) -> tuple[jax.Array, jax.Array | float, bool]:
  """(patterns (rows), weight, binary) of a dense memory that learns from the
  (K, M_max, N) examples `eta` with `protocol`, of which the first M (traced
  allowed; default all) per class are used: the others must be zero.

  Supervised rows are the class averages divided by their own root mean
  square, or, with the example quality `r` given, by sqrt(R), R = r^2 + (1 -
  r^2)/M, their expected mean square on the informative sites (the
  normalisation N = R of docs/dense_hebbian.md §7: diluted archetypes keep
  their blanks' weight, and at M = 1 the rows are the examples exactly)."""
  K, M_max, N = eta.shape
  M = M_max if M is None else M
  if protocol == "supervised":
    # Real-valued rows: the general flip difference (exact for binary ones too).
    average = jnp.sum(eta, axis=1) / M
    if r is None:
      return unit_rms(average), 1.0, False
    R = (r * r * (M - 1) + 1) / M  # = r^2 + (1 - r^2)/M, exactly 1 at M = 1
    return average / jnp.sqrt(R), 1.0, False
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
  eta, model = _examples_memory(key, xi, r, M, M_max, protocol, P)
  res = dynamics.zero_t_async(jax.random.fold_in(key, 2), model, xi[0], max_sweeps=max_sweeps,
                              tie="keep", block=block)
  return _retrieved(xi[0], jnp.sum(eta[0], axis=0) / M, res.sigma, r, M, res)


def _examples_memory(key, xi, r, M, M_max, protocol, P, norm_r=None):
  """The examples (the first M of M_max per class; key fold 1) of the
  archetypes xi and the dense memory of order P that stores them with
  `protocol` (`stored_vectors`; norm_r: its r)."""
  eta = pt.examples(jax.random.fold_in(key, 1), xi, M_max, r)
  eta = jnp.where((jnp.arange(M_max) < M)[None, :, None], eta, 0.0)
  rows, weight, binary = stored_vectors(eta, protocol, M, norm_r)
  return eta, dense.polynomial(rows, P, weight=weight, binary=binary)


def _from_random_start(key, model, xi, max_sweeps, block) -> dict[str, jax.Array]:
  """T = 0 dynamics from a random start (key folds 3 and 2): the K Mattis
  overlaps with xi, their sorted amplitudes, sweeps and convergence."""
  N = xi.shape[1]
  sigma0 = pt.random_state(jax.random.fold_in(key, 3), N)
  res = dynamics.zero_t_async(jax.random.fold_in(key, 2), model, sigma0, max_sweeps=max_sweeps,
                              tie="keep", block=block)
  m = xi @ res.sigma / N
  return {"m": m, "m_sorted": _sorted_amplitudes(m), "sweeps": res.sweeps,
          "converged": res.converged}


def multitask_trial(key: jax.Array, d: jax.Array, *, N: int, K: int, max_sweeps: int = 100,
                    block: int = 32) -> dict[str, jax.Array]:
  """K diluted archetypes (dilution d) in a Hebbian network, T = 0 dynamics
  from a random start. Returns m (the K Mattis overlaps) and m_sorted (their
  absolute values, largest first: the amplitudes of docs/dense_hebbian.md
  §7), and the sweeps and convergence of the dynamics."""
  xi = pt.diluted(jax.random.fold_in(key, 0), K, N, d)
  return _from_random_start(key, dense.polynomial(xi, 2), xi, max_sweeps, block)


def _capacity_memory(key, r, num_classes, N, K, M, P):
  """Archetypes, class averages and the dense memory of `capacity_trial`."""
  xi = pt.rademacher(jax.random.fold_in(key, 0), K, N, num_classes)
  avg = pt.class_averages(jax.random.fold_in(key, 1), xi, M, r)
  return xi, avg, dense.polynomial(unit_rms(avg), P, binary=False)


def capacity_trial(key: jax.Array, r: jax.Array, num_classes: jax.Array, *, N: int, K: int,
                   M: int, P: int, max_sweeps: int = 100, block: int = 32) -> dict[str, jax.Array]:
  """Supervised learning at load num_classes (<= K, traced) of order P: the
  class averages of M examples of quality r drawn directly
  (`assoc.patterns.class_averages`), normalised to unit mean square, stored
  in a dense memory; T = 0 dynamics from archetype 1. Returns m, n (as
  `learning_trial`), sweeps and converged."""
  xi, avg, model = _capacity_memory(key, r, num_classes, N, K, M, P)
  res = dynamics.zero_t_async(jax.random.fold_in(key, 2), model, xi[0], max_sweeps=max_sweeps,
                              tie="keep", block=block)
  return _retrieved(xi[0], avg[0], res.sigma, r, M, res)


def capacity_glauber_trial(key: jax.Array, r: jax.Array, num_classes: jax.Array,
                           T: jax.Array, *, N: int, K: int, M: int, P: int, burn_in: int,
                           measure: int, block: int = 8) -> dict[str, jax.Array]:
  """The memory of `capacity_trial` at temperature T (traced; the units of H
  = -(N/P!) sum m^P, docs/dense_hebbian.md §4): heat-bath dynamics from
  archetype 1, `burn_in` then `measure` sweeps. Returns m (the Mattis
  overlap averaged over the measured sweeps) and m_final (of the last
  state)."""
  xi, _, model = _capacity_memory(key, r, num_classes, N, K, M, P)
  res = dynamics.glauber(jax.random.fold_in(key, 2), model, xi[0], xi[0], T=T,
                         burn_in=burn_in, measure=measure, block=block)
  return {"m": res.m_mean, "m_final": jnp.dot(xi[0], res.sigma) / N}


def _sorted_amplitudes(m: jax.Array) -> jax.Array:
  return -jnp.sort(-jnp.abs(m), axis=-1)


def multitask_glauber_trial(key: jax.Array, d: jax.Array, T: jax.Array, *, N: int, K: int,
                            burn_in: int, measure: int, block: int = 8) -> dict[str, jax.Array]:
  """The network of `multitask_trial` (same archetypes and start for the
  same key) at temperature T (traced; H = -(N/2) sum m^2, so T_c = 1 - d):
  heat-bath dynamics, `burn_in` then `measure` sweeps. Returns m (the K
  Mattis overlaps averaged over the measured sweeps) and m_sorted (their
  absolute values, largest first)."""
  xi = pt.diluted(jax.random.fold_in(key, 0), K, N, d)
  model = dense.polynomial(xi, 2)
  sigma0 = pt.random_state(jax.random.fold_in(key, 3), N)
  res = dynamics.glauber(jax.random.fold_in(key, 2), model, sigma0, xi.T, T=T,
                         burn_in=burn_in, measure=measure, block=block)
  return {"m": res.m_mean, "m_sorted": _sorted_amplitudes(res.m_mean)}


def multitask_learning_trial(key: jax.Array, r: jax.Array, M: jax.Array, *, N: int, K: int,
                             d: float, M_max: int, protocol: str = "supervised",
                             max_sweeps: int = 100, block: int = 32) -> dict[str, jax.Array]:
  """Multitasking learned from examples (docs/dense_hebbian.md §7): K
  diluted archetypes (dilution d), M <= M_max examples of quality r each
  (traced; blanks stay blank), stored (`stored_vectors` with N = R:
  supervised class averages over sqrt(R), or every example with weight 1/M)
  in a Hebbian network (P = 2); T = 0 dynamics from a random start. Returns
  m (the K Mattis overlaps with the archetypes), m_sorted, sweeps and
  converged. At M = 1 the two protocols store the same memory."""
  xi = pt.diluted(jax.random.fold_in(key, 0), K, N, d)
  _, model = _examples_memory(key, xi, r, M, M_max, protocol, 2, norm_r=r)
  return _from_random_start(key, model, xi, max_sweeps, block)


def digits_trial(key: jax.Array, M: jax.Array, *, X, y, P: int,
                 protocol: str = "supervised", M_max: int, n_test: int = 40,
                 num_classes: int = 10, max_sweeps: int = 50,
                 block: int = 32) -> dict[str, jax.Array]:
  """Learning real archetypes from real examples (docs/dense_hebbian.md §8).

  `X` (n, N) are +-1 images and `y` their labels (concrete arrays: they fix
  the shapes; `assoc.digits`). The key permutes each
  class: its first `n_test` images are the test set, the next M (<= M_max,
  traced) the examples, and the whole rest (examples included) the training
  pool. The examples are stored (`stored_vectors`: class averages or every
  example) in a dense memory of order P; each test image is the start of T =
  0 random-sequential dynamics (at most `max_sweeps`; ties keep the spin).
  Read-out: the class whose archetype proxy, the sign of the mean of its
  training pool (0 -> +1), has the largest overlap with the final state.

  Returns accuracy, m (the mean overlap with the proxy of the test image's
  own class), and baseline_accuracy and baseline_m (the same read-out on the
  raw test images)."""
  X, y = jnp.asarray(X), np.asarray(y)  # the labels fix shapes: concrete
  n, N = X.shape
  counts = np.bincount(y, minlength=num_classes)
  size = int(counts.max())
  # Per class: its image indices, padded, in a random order (padding last).
  index = jnp.asarray(np.stack([np.pad(np.nonzero(y == c)[0], (0, size - counts[c]))
                                for c in range(num_classes)]))
  valid = jnp.arange(size)[None, :] < jnp.asarray(counts)[:, None]
  scores = jax.vmap(lambda c: jax.random.uniform(jax.random.fold_in(key, c), (size,)))(
      jnp.arange(num_classes))
  order = jnp.argsort(jnp.where(valid, scores, jnp.inf), axis=1)
  ranked = jnp.take_along_axis(index, order, axis=1)               # (classes, size)
  test = ranked[:, :n_test]
  examples = X[ranked[:, n_test:n_test + M_max]]                    # (classes, M_max, N)
  examples = jnp.where((jnp.arange(M_max) < M)[None, :, None], examples, 0.0)
  pool = jnp.arange(size)[None, :] >= n_test
  pool = pool & jnp.take_along_axis(valid, order, axis=1)
  pool_sum = jnp.einsum("cs,csn->cn", pool.astype(X.dtype), X[ranked])
  proxies = jnp.where(pool_sum >= 0, 1.0, -1.0).astype(X.dtype)      # (classes, N)
  rows, weight, binary = stored_vectors(examples, protocol, M)
  model = dense.polynomial(rows, P, weight=weight, binary=binary)
  starts = X[test.reshape(-1)]                                       # (classes * n_test, N)
  labels = jnp.repeat(jnp.arange(num_classes), n_test)
  finals = jax.vmap(lambda i, s: dynamics.zero_t_async(
      jax.random.fold_in(jax.random.fold_in(key, 10_000), i), model, s,
      max_sweeps=max_sweeps, tie="keep", block=block).sigma)(jnp.arange(len(starts)), starts)

  def read_out(states):
    overlaps = states @ proxies.T / N
    return (jnp.mean(jnp.argmax(overlaps, axis=1) == labels),
            jnp.mean(jnp.take_along_axis(overlaps, labels[:, None], axis=1)))

  accuracy, m = read_out(finals)
  base_accuracy, base_m = read_out(starts)
  return {"accuracy": accuracy, "m": m, "baseline_accuracy": base_accuracy,
          "baseline_m": base_m}
