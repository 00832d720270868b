"""Modern continuous Hopfield networks: limits, energy descent, bounds,
classification, and both sims end to end (docs/hopfield.md §3, §6)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from assoc.hopfield import modern
from tests.conftest import records
from theory import modern as modern_theory


@pytest.fixture(scope="module", autouse=True)
def _smoke_runs(smoke_run):
  """This module's smoke runs through their entry points, two at a time."""
  smoke_run.prefetch(("modern_fixed_points", "modern_retrieval"))


def _patterns(P=16, d=32, seed=0):
  return modern.sphere_patterns(jax.random.key(seed), P, d)


def test_limits_beta_zero_and_infinity():
  X = _patterns()
  xi = X[3] + 0.4 * jax.random.normal(jax.random.key(1), (32,))
  np.testing.assert_allclose(modern.update(xi, X, 0.0), X.mean(axis=0), atol=1e-6)
  nearest = int(jnp.argmax(X @ xi))
  np.testing.assert_allclose(modern.update(xi, X, 1e4), X[nearest], atol=1e-6)


def test_energy_never_increases_along_iterates():
  X = _patterns(64, 32)
  for beta in (0.05, 0.3, 2.0):
    xi = jax.random.normal(jax.random.key(2), (32,)) * 3
    energies = [float(modern.energy(xi, X, beta))]
    for _ in range(30):
      xi = modern.update(xi, X, beta)
      energies.append(float(modern.energy(xi, X, beta)))
    diffs = np.diff(energies)
    assert np.all(diffs <= 1e-6 * np.maximum(1.0, np.abs(energies[:-1])))


def test_update_is_attention():
  """With R the state, Y the patterns, W_K = W_Q = I, W_V = I and
  beta = 1/sqrt(d_k): softmax(Q K^T / sqrt(d_k)) V (docs/hopfield.md §3)."""
  X = _patterns(10, 16)
  Q = jax.random.normal(jax.random.key(3), (4, 16))
  attention = jax.nn.softmax(Q @ X.T / jnp.sqrt(16.0), axis=-1) @ X
  ours = jax.vmap(lambda q: modern.update(q, X, 1 / jnp.sqrt(16.0)))(Q)
  np.testing.assert_allclose(ours, attention, atol=1e-5)


def test_one_step_error_obeys_the_bounds():
  X = _patterns(64, 64)
  sep = np.asarray(modern.separation(X))
  M = float(jnp.max(jnp.linalg.norm(X, axis=1)))
  for beta in (0.05, 0.2):
    for i in range(5):
      err = float(jnp.linalg.norm(modern.update(X[i], X, beta) - X[i]))
      p = float(modern.weights(X[i], X, beta)[i])
      assert err <= modern_theory.one_step_bound_exact(p, M) * (1 + 1e-4) + 1e-5
      assert err <= modern_theory.one_step_bound(beta, sep[i], 64, M) * (1 + 1e-4) + 1e-5


def test_retrieve_and_classify():
  X = _patterns(16, 64)
  res = modern.retrieve(X[2] + 0.1, X, 5.0, tol=1e-6)
  assert bool(res.converged) and int(modern.classify(res.weights)) == modern.SINGLE
  avg = modern.retrieve(X[2], X, 1e-4, tol=1e-6)
  assert int(modern.classify(avg.weights)) == modern.GLOBAL
  w = jnp.array([0.45, 0.45, 0.05, 0.05])
  assert int(modern.classify(w)) == modern.METASTABLE
  fixed = modern.retrieve(X[2], X, 5.0, steps=3)
  assert int(fixed.steps) == 3


def test_separation_heuristic():
  """Random patterns on the sphere: Delta ~ d - sqrt(2 d ln P) (derived),
  within 20 % on average at d = 256, P = 128."""
  X = modern.sphere_patterns(jax.random.key(4), 128, 256)
  measured = float(jnp.mean(modern.separation(X)))
  assert measured == pytest.approx(modern_theory.separation_sphere(256, 128), rel=0.2)


def test_modern_retrieval_smoke(smoke_run):
  workdir = smoke_run("modern_retrieval")[0]
  recs = records(workdir)
  assert len(recs) == 2 * 2 * 3
  for r in recs:
    assert r["error"] <= r["bound_exact"] * (1 + 1e-3) + 1e-30
    assert r["error"] <= r["bound"] * (1 + 1e-3)
    if r["beta"] == 1.0:  # one step lands on the pattern
      assert r["error"] < 1e-6
    else:  # beta = 0.02 averages: the error is of order |x| for P = 64
      assert r["P"] == 2 or r["error"] > 1.0


def test_modern_fixed_points_smoke(smoke_run):
  workdir = smoke_run("modern_fixed_points")[0]
  recs = records(workdir)
  assert len(recs) == 2 * 2 * 3
  for r in recs:
    assert r["energy_drop"] >= -1e-4 and r["converged"]
    if r["beta"] == 0.001:
      assert r["fixed_point"] == "global"
    else:
      assert r["fixed_point"] == "single"
      if r["start"] == "noisy":
        assert r["nearest_is_start"]


def test_padding_rows_have_no_influence():
  """Zero rows past num_patterns (one program for every P) change nothing:
  weights, separation and the one-step trial equal the unpadded ones."""
  from sims import modern_retrieval as mr
  key = jax.random.key(7)
  X = modern.sphere_patterns(key, 20, 16)
  Xp = modern.sphere_patterns(key, 32, 16, num_patterns=20)
  np.testing.assert_array_equal(np.asarray(Xp[:20]), np.asarray(X))
  xi = X[3] + 0.1
  w, wp = modern.weights(xi, X, 0.5), modern.weights(xi, Xp, 0.5, num_patterns=20)
  np.testing.assert_allclose(np.asarray(wp[:20]), np.asarray(w), rtol=1e-6)
  assert float(jnp.max(wp[20:])) == 0.0
  full = modern.separation(X)
  np.testing.assert_allclose(np.asarray(modern.separation(Xp, 20)[:20]), np.asarray(full),
                             rtol=1e-6)
  np.testing.assert_allclose(np.asarray(modern.separation(X, rows=[4, 0])),
                             np.asarray(full[jnp.array([4, 0])]), rtol=1e-6)
  # Compiled, as the sim runs it (op by op, the trial takes seconds to dispatch).
  trial = jax.jit(mr.one_step_trial, static_argnames=("d", "P_max", "num_tested"))
  a = trial(key, 0.3, 20, d=16, P_max=20, num_tested=4)
  b = trial(key, 0.3, 20, d=16, P_max=64, num_tested=4)
  for k in a:
    np.testing.assert_allclose(np.asarray(b[k]), np.asarray(a[k]), rtol=1e-5)
