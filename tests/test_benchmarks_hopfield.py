"""The trial-vectorised NumPy references of the Hopfield benchmarks
(benchmarks/numpy_reference.py) compute the dynamics they claim
(docs/hopfield.md §1.2, §2): fixed points at T = 0, the dense field of
degree 2 equal to (twice) the Hebbian one, the heat bath's limits; and the
benchmarks' task interleaving is a permutation. Correctness only: speed lives
in the benchmarks, never in tests."""

import numpy as np

from benchmarks import numpy_reference as ref


def test_zero_t_batch_ends_at_fixed_points():
  N, P, B = 120, 18, 6
  rng = np.random.default_rng(0)
  xi, xt = ref._patterns(rng, B, P, N)
  sigma0 = ref._start(rng, xi, 0.3)
  assert np.all(np.sum(sigma0 != xi[:, 0], axis=1) == 36)

  def field(rows, S, s):
    return np.einsum("ap,ap->a", rows, S) - P * s

  sigma, sweeps, converged = ref._zero_t_batch(rng, xt, sigma0.copy(), field, 100)
  assert converged.all() and np.all(sweeps >= 2)
  h = np.einsum("bnp,bpm,bm->bn", xt, xi, sigma) - P * sigma
  assert np.all(h * sigma >= 0)  # no spin against a nonzero field


def test_dense_degree_2_is_the_hebbian_trajectory():
  """Same seed, same draws: E = -sum (xi . sigma)^2 has twice the Hebbian
  fields, so the same trajectory."""
  a = ref.hebbian_async_batch(np.random.default_rng(3), 100, 15, 8, flip_frac=0.2)
  b = ref.dense_async_batch(np.random.default_rng(3), 100, 15, 2, 8, flip_frac=0.2)
  np.testing.assert_allclose(a[0], b[0], atol=1e-6)  # float32 and float64 overlaps
  np.testing.assert_array_equal(a[1], b[1])
  np.testing.assert_array_equal(a[2], b[2])
  assert np.any(a[1] > 1)  # the dynamics moved


def test_low_load_retrieval_and_heat_bath_limits():
  rng = np.random.default_rng(1)
  m, sweeps, converged = ref.hebbian_async_batch(rng, 200, 4, 4)
  assert np.all(m == 1.0) and np.all(sweeps == 1) and converged.all()
  m_cold = ref.hebbian_glauber_batch(rng, 200, 4, np.full(4, 0.05), 2, 3)
  m_hot = ref.hebbian_glauber_batch(rng, 200, 4, np.full(4, 5.0), 5, 5)
  assert np.all(m_cold > 0.99) and np.all(np.abs(m_hot) < 0.3)
  m, _, converged = ref.dense_async_batch(rng, 40, 30, 3, 4)
  assert converged.all() and np.all(m > 0.9)  # P well below the n = 3 capacity
  m, _, converged = ref.dense_async_batch(rng, 40, 40, 0, 4)
  assert converged.all() and np.all(m == 1.0)
