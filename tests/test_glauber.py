"""Heat-bath dynamics: exact agreement with a spin-by-spin reference chain,
block invariance, limits, and Monte Carlo against the RS theory."""


import jax
import numpy as np
import pytest

from assoc import patterns as pt
from assoc import rng, rules
from assoc.hopfield import dynamics as dy
from theory import ags

_glauber = jax.jit(dy.glauber, static_argnames=("burn_in", "measure", "order",
                                                "replicas", "block"))


def _reference_chain(J, sigma, target, key, T, sweeps):
  """Spin-by-spin random-sequential heat bath in NumPy with the orders and
  uniforms the JAX code draws (replica 0)."""
  sigma = np.array(sigma, np.float64)
  N = len(sigma)
  k0 = jax.random.fold_in(key, 0)
  ms = []
  for t in range(sweeps):
    k = jax.random.fold_in(k0, t)
    order = np.asarray(rng.permutation(jax.random.fold_in(k, 0), N))
    u = np.asarray(jax.random.uniform(jax.random.fold_in(k, 1), (N,), minval=-1.0, maxval=1.0))
    for pos, i in enumerate(order):
      h = J[i] @ sigma
      sigma[i] = 1.0 if u[pos] < np.tanh(h / T) else -1.0
    ms.append(sigma @ target / N)
  return sigma, np.array(ms)


@pytest.mark.parametrize("rule,T", [("hebbian", 0.3), ("hebbian", 1.5), ("storkey", 0.5)])
def test_sequential_heat_bath_equals_the_spin_by_spin_chain(rule, T):
  N, P = 80, 12
  xi = pt.rademacher(jax.random.key(0), P, N)
  c = rules.get(rule)(xi)
  J = np.asarray(c.matrix(), np.float64)
  sigma0 = pt.flip_fraction(jax.random.key(1), xi[0], 0.2)
  key = jax.random.key(5)
  res = _glauber(key, c, sigma0, xi[0], T=T, burn_in=3, measure=4)
  sigma, ms = _reference_chain(J, sigma0, np.asarray(xi[0]), key, T, 7)
  np.testing.assert_array_equal(np.asarray(res.sigma), sigma)
  assert float(res.m_mean) == pytest.approx(ms[3:].mean(), abs=1e-6)
  assert int(res.flips) > 0


def test_block_size_changes_nothing():
  xi = pt.rademacher(jax.random.key(2), 20, 120)
  c = rules.get("hebbian")(xi)
  runs = [_glauber(jax.random.key(3), c, xi[0], xi[0], T=0.6, burn_in=5, measure=5,
                   replicas=2, block=b) for b in (1, 8, 120)]
  for r in runs[1:]:
    np.testing.assert_array_equal(np.asarray(r.sigma), np.asarray(runs[0].sigma))
    assert float(r.q_mean) == float(runs[0].q_mean)


def test_temperature_limits():
  xi = pt.rademacher(jax.random.key(4), 5, 400)
  c = rules.get("hebbian")(xi)
  cold = _glauber(jax.random.key(0), c, xi[0], xi[0], T=0.0, burn_in=3, measure=3)
  assert float(cold.m_mean) == 1.0 and int(cold.flips) == 0
  hot = _glauber(jax.random.key(0), c, xi[0], xi[0], T=3.0, burn_in=30, measure=30,
                 replicas=2)
  assert np.all(np.abs(np.asarray(hot.m_mean)) < 0.1) and abs(float(hot.q_mean)) < 0.1


def test_parallel_order_is_little_dynamics():
  xi = pt.rademacher(jax.random.key(6), 10, 400)
  c = rules.get("hebbian")(xi)
  low = _glauber(jax.random.key(0), c, xi[0], xi[0], T=0.2, burn_in=10, measure=10,
                 order="parallel")
  assert float(low.m_mean) > 0.98
  with pytest.raises(ValueError, match="unknown order"):
    dy.glauber(jax.random.key(0), c, xi[0], xi[0], T=0.2, burn_in=1, measure=1,
               order="random")


def _mc_mean_m(N, alpha, T, seeds, burn_in=60, measure=60):
  P = int(round(alpha * N))

  def one(key):
    xi = pt.rademacher(jax.random.fold_in(key, 0), P, N)
    c = rules.get("hebbian")(xi)
    return dy.glauber(jax.random.fold_in(key, 1), c, xi[0], xi[0], T=T,
                      burn_in=burn_in, measure=measure).m_mean

  keys = jax.random.split(jax.random.key(11), seeds)
  return np.asarray(jax.jit(lambda k: jax.lax.map(one, k))(keys))


@pytest.mark.parametrize("alpha,T", [(0.02, 0.6), (0.05, 0.4)])
def test_monte_carlo_matches_rs(alpha, T):
  """N = 500, 8 runs: the mean time-averaged m of the runs that retrieve is
  within 0.015 of RS m(alpha, T) (target: 0.01 at N = 1000, docs/hopfield.md §6)."""
  m = _mc_mean_m(500, alpha, T, 8)
  retrieving = m[m > 0.5]
  assert len(retrieving) >= 6
  assert retrieving.mean() == pytest.approx(ags.overlap_rs(alpha, T), abs=0.015)


def test_low_temperature_recovers_the_zero_temperature_curve():
  """T -> 0: heat bath at T = 0.02 from the pattern gives the AGS T = 0
  overlap (N = 1000, alpha = 0.1: 0.998) within 0.005."""
  m = _mc_mean_m(1000, 0.10, 0.02, 6, burn_in=20, measure=20)
  assert np.median(m) == pytest.approx(ags.overlap_zero_t(0.10), abs=5e-3)
