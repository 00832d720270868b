"""Zero-temperature dynamics: exact agreement with a spin-by-spin reference,
block invariance, fixed points, 2-cycles, ties."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from assoc import couplings as cp
from assoc import patterns as pt
from assoc import rng
from assoc import rules
from assoc.hopfield import dynamics as dy

# One compilation per (shapes, static options), not one per call.
_async = jax.jit(dy.zero_t_async, static_argnames=("max_sweeps", "tie", "block"))


def _network(rule, P, N, flip_frac, seed=0):
  key = jax.random.key(seed)
  xi = pt.rademacher(jax.random.fold_in(key, 0), P, N)
  sigma0 = pt.flip_fraction(jax.random.fold_in(key, 1), xi[0], flip_frac)
  return rules.get(rule)(xi), xi, sigma0


def _reference_async(J, sigma, key, max_sweeps, tie="keep"):
  """Spin-by-spin random-sequential T = 0 dynamics in NumPy (float64), with
  the orders the JAX code draws: assoc.rng.permutation(fold_in(key, t), N)."""
  sigma = np.array(sigma, np.float64)
  N = len(sigma)
  for t in range(max_sweeps):
    order = np.asarray(rng.permutation(jax.random.fold_in(key, t), N))
    flips = 0
    for i in order:
      h = J[i] @ sigma
      new = 1.0 if h > 0 else -1.0 if h < 0 else (sigma[i] if tie == "keep" else 1.0)
      flips += new != sigma[i]
      sigma[i] = new
    if flips == 0:
      return sigma, t + 1, True
  return sigma, max_sweeps, False


@pytest.mark.parametrize("rule", ["hebbian", "storkey", "pseudo_inverse"])
def test_async_equals_spin_by_spin_reference(rule):
  N, P = 120, 24
  c, xi, sigma0 = _network(rule, P, N, flip_frac=0.25)
  if rule == "hebbian":  # integer couplings: the reference is exact
    J = np.asarray(xi, np.float64).T @ np.asarray(xi, np.float64)
    np.fill_diagonal(J, 0.0)
  else:
    J = np.asarray(cp.materialize(c), np.float64)
  key = jax.random.key(7)
  res = _async(key, c, sigma0, max_sweeps=50)
  sigma, sweeps, converged = _reference_async(J, sigma0, key, 50)
  assert int(res.flips) > 5  # the test exercises real dynamics
  np.testing.assert_array_equal(np.asarray(res.sigma), sigma)
  assert int(res.sweeps) == sweeps and bool(res.converged) == converged


@pytest.mark.parametrize("tie", ["keep", "plus"])
def test_ties_follow_the_rule(tie):
  """A small Hebbian network has many exactly-zero fields: the tie rule
  decides them, as in the spin-by-spin reference. (N odd: with N even and
  these P every field is 2 mod 4, never 0.)"""
  N, P = 25, 5
  xi = pt.rademacher(jax.random.key(4), P, N)
  c = rules.get("hebbian")(xi)
  J = np.asarray(xi, np.float64).T @ np.asarray(xi, np.float64)
  np.fill_diagonal(J, 0.0)
  ties = 0
  for seed in range(20):
    sigma0 = pt.random_state(jax.random.key(100 + seed), N)
    ties += int(np.sum(J @ np.asarray(sigma0) == 0))
    key = jax.random.key(seed)
    res = _async(key, c, sigma0, max_sweeps=50, tie=tie)
    sigma, sweeps, converged = _reference_async(J, sigma0, key, 50, tie=tie)
    np.testing.assert_array_equal(np.asarray(res.sigma), sigma)
    assert int(res.sweeps) == sweeps and bool(res.converged) == converged
  assert ties > 20  # the tie rule was exercised


def test_dense_and_low_rank_storkey_agree():
  """The Dense path with float couplings against the low-rank one."""
  c, _, sigma0 = _network("storkey", 30, 150, flip_frac=0.3, seed=8)
  dense = cp.Dense(J=cp.materialize(c))
  key = jax.random.key(3)
  a = _async(key, c, sigma0, max_sweeps=50)
  b = _async(key, dense, sigma0, max_sweeps=50)
  np.testing.assert_array_equal(np.asarray(a.sigma), np.asarray(b.sigma))
  assert int(a.flips) == int(b.flips) > 0


@pytest.mark.parametrize("rule", ["hebbian", "storkey"])
def test_block_size_changes_nothing(rule):
  N = 150
  c, _, sigma0 = _network(rule, 30, N, flip_frac=0.3, seed=3)
  key = jax.random.key(11)
  runs = [_async(key, c, sigma0, max_sweeps=60, block=b) for b in (1, 5, 32, N)]
  for r in runs[1:]:
    np.testing.assert_array_equal(np.asarray(r.sigma), np.asarray(runs[0].sigma))
    assert int(r.sweeps) == int(runs[0].sweeps) and int(r.flips) == int(runs[0].flips)


def test_low_rank_and_dense_paths_agree():
  """Hebbian overlaps (LowRank) and the explicit integer matrix (Dense)."""
  N, P = 100, 20
  c, xi, sigma0 = _network("hebbian", P, N, flip_frac=0.3, seed=5)
  J = jnp.asarray(xi).T @ jnp.asarray(xi)
  dense = cp.Dense(J=J - jnp.diag(jnp.diag(J)), scale=1.0 / N)
  key = jax.random.key(2)
  a = _async(key, c, sigma0, max_sweeps=50)
  b = _async(key, dense, sigma0, max_sweeps=50)
  np.testing.assert_array_equal(np.asarray(a.sigma), np.asarray(b.sigma))
  assert int(a.sweeps) == int(b.sweeps) and int(a.flips) == int(b.flips) > 0


@pytest.mark.parametrize("rule", ["hebbian", "storkey", "pseudo_inverse"])
def test_async_ends_at_a_fixed_point_and_energy_decreases(rule):
  c, _, sigma0 = _network(rule, 30, 150, flip_frac=0.3, seed=9)
  res = dy.zero_t_async(jax.random.key(1), c, sigma0, max_sweeps=100)
  assert bool(res.converged)
  assert not bool(jnp.any(dy.unstable(c, res.sigma)))
  assert float(cp.energy(c, res.sigma)) < float(cp.energy(c, sigma0))


def test_async_from_a_stored_pattern_at_low_load_does_nothing():
  c, xi, _ = _network("hebbian", 5, 200, 0.0)
  res = dy.zero_t_async(jax.random.key(0), c, xi[0], max_sweeps=10)
  assert int(res.sweeps) == 1 and int(res.flips) == 0 and bool(res.converged)
  np.testing.assert_array_equal(np.asarray(res.sigma), np.asarray(xi[0]))


def test_max_sweeps_caps_the_dynamics():
  c, _, sigma0 = _network("hebbian", 60, 100, flip_frac=0.5, seed=2)
  res = dy.zero_t_async(jax.random.key(0), c, sigma0, max_sweeps=1)
  assert int(res.sweeps) == 1 and not bool(res.converged) and int(res.flips) > 0


def test_sync_detects_a_two_cycle():
  # J = -(ones - I) on two spins: (+,+) -> (-,-) -> (+,+).
  c = cp.Dense(J=jnp.array([[0.0, -1.0], [-1.0, 0.0]]))
  res = dy.zero_t_sync(c, jnp.array([1.0, 1.0]), max_sweeps=10)
  assert bool(res.cycle) and not bool(res.converged)
  assert int(res.sweeps) == 2


def test_sync_reaches_the_stored_pattern():
  c, xi, sigma0 = _network("hebbian", 5, 300, flip_frac=0.1)
  res = dy.zero_t_sync(c, sigma0, max_sweeps=20)
  assert bool(res.converged) and not bool(res.cycle)
  np.testing.assert_array_equal(np.asarray(res.sigma), np.asarray(xi[0]))


def test_tie_rules():
  sigma = jnp.array([-1.0, 1.0, -1.0])
  h = jnp.array([0.0, 0.0, 2.0])
  np.testing.assert_array_equal(dy.sign(h, sigma, "keep"), [-1.0, 1.0, 1.0])
  np.testing.assert_array_equal(dy.sign(h, sigma, "plus"), [1.0, 1.0, 1.0])
  with pytest.raises(ValueError, match="unknown tie rule"):
    dy.sign(h, sigma, "random")


def test_hebbian_fields_are_exact_integers():
  """Unscaled Hebbian fields are integers in float32: decisions are exact."""
  c, xi, sigma0 = _network("hebbian", 40, 301, 0.3)
  h = cp.fields_from_overlaps(c, cp.overlaps(c, sigma0), sigma0)
  np.testing.assert_array_equal(np.asarray(h), np.round(np.asarray(h)))
  J = np.asarray(xi, np.int64).T @ np.asarray(xi, np.int64)
  np.fill_diagonal(J, 0)
  np.testing.assert_array_equal(np.asarray(h, np.int64), J @ np.asarray(sigma0, np.int64))


def test_random_permutations_are_uniform():
  counts = {}
  keys = jax.random.split(jax.random.key(0), 24000)
  perms = np.asarray(jax.vmap(lambda k: rng.permutation(k, 4))(keys))
  for p in map(tuple, perms):
    counts[p] = counts.get(p, 0) + 1
  assert len(counts) == 24
  # chi-square with 23 degrees of freedom: 99.9 % quantile is 49.7.
  chi2 = sum((v - 1000) ** 2 / 1000 for v in counts.values())
  assert chi2 < 49.7
  big = np.asarray(rng.permutation(jax.random.key(1), 5000))
  np.testing.assert_array_equal(np.sort(big), np.arange(5000))


def test_random_permutations_are_uniform_with_two_sort_rounds():
  """n = 1000 takes two rounds (10 index bits, 22 random bits): the position
  of given elements is uniform (chi-square over 10 bins, 4000 permutations)."""
  keys = jax.random.split(jax.random.key(2), 4000)
  perms = np.asarray(jax.jit(jax.vmap(lambda k: rng.permutation(k, 1000)))(keys))
  for element in (0, 1, 500, 999):
    position = np.argmax(perms == element, axis=1)
    counts = np.bincount(position // 100, minlength=10)
    chi2 = np.sum((counts - 400) ** 2 / 400)
    assert chi2 < 27.9, (element, counts)  # 99.9 % quantile, 9 degrees of freedom
  # Adjacent elements are ordered either way with probability 1/2.
  first = np.argmax(perms == 0, axis=1) < np.argmax(perms == 1, axis=1)
  assert abs(first.mean() - 0.5) < 4 * 0.5 / np.sqrt(4000)


def test_flip_fraction_flips_exactly():
  x = jnp.ones(1000)
  y = pt.flip_fraction(jax.random.key(0), x, 0.137)
  assert int(jnp.sum(y < 0)) == 137
