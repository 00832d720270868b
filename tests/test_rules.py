"""The memory-rule registry and the contract of every registered storage rule."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from assoc import couplings as cp
from assoc import patterns as pt
from assoc import rules

STORAGE_RULES = rules.names("storage")


def _patterns(P, N, seed=0):
  return pt.rademacher(jax.random.key(seed), P, N)


def test_registry_has_the_classical_rules():
  assert {"hebbian", "storkey", "pseudo_inverse"} <= set(STORAGE_RULES)


def test_unknown_rule_lists_the_registered_ones():
  with pytest.raises(ValueError) as e:
    rules.get("hebbain")
  message = str(e.value)
  assert "hebbain" in message
  for name in STORAGE_RULES:
    assert name in message


def test_unknown_option_lists_the_accepted_ones():
  with pytest.raises(ValueError, match=r"no option\(s\) zero_diagonal.*zero_diag"):
    rules.validate("pseudo_inverse", {"zero_diagonal": False}, N=100, P=10)
  with pytest.raises(ValueError, match="its options: none"):
    rules.validate("hebbian", {"zero_diag": True}, N=100, P=10)


def test_rule_checks_its_parameters():
  with pytest.raises(ValueError, match=r"needs P <= 0.95 N \(rounded up\), got P=96, N=100"):
    rules.validate("pseudo_inverse", None, N=100, P=96)
  assert rules.validate("pseudo_inverse", None, N=100, P=95).name == "pseudo_inverse"


def test_registering_a_name_twice_fails():
  with pytest.raises(ValueError, match="registered twice"):
    rules.register("hebbian")(lambda patterns: None)


# ------------------------------------------------------------ the rule contract

def _states(N, k=3, seed=9):
  return pt.rademacher(jax.random.key(seed), k, N)


def _fields(model, states):
  return jax.vmap(lambda s: cp.fields(model, s))(states)


@pytest.mark.parametrize("name", STORAGE_RULES)
def test_contract_fields_are_finite_and_shaped(name):
  N, P = 64, 8
  h = _fields(rules.get(name)(_patterns(P, N)), _states(N))
  assert h.shape == (3, N)
  assert bool(jnp.all(jnp.isfinite(h)))


@pytest.mark.parametrize("name", STORAGE_RULES)
def test_contract_padding_rows_have_no_influence(name):
  """Zero rows are padding (the sweep pads P): no field may change."""
  N, P = 64, 8
  xi = _patterns(P, N)
  padded = jnp.concatenate([xi, jnp.zeros((5, N))])
  states = jnp.concatenate([xi[:2], _states(N)])
  h = _fields(rules.get(name)(xi), states)
  h_padded = _fields(rules.get(name)(padded), states)
  np.testing.assert_allclose(h_padded, h, rtol=1e-5, atol=1e-6 * float(jnp.abs(h).max()))


@pytest.mark.parametrize("name", STORAGE_RULES)
def test_contract_stores_patterns_at_low_load(name):
  """At P = 4, N = 200 every pattern is a fixed point (the crosstalk of Hebb
  is ~N(0, 0.015), 8 standard deviations below the signal)."""
  xi = _patterns(4, 200)
  h = _fields(rules.get(name)(xi), xi)
  assert bool(jnp.all(h * xi > 0))


@pytest.mark.parametrize("name", STORAGE_RULES)
def test_contract_jit_and_vmap(name):
  """The sweep engine jits and vmaps rules: they must trace."""
  xi = jnp.stack([_patterns(6, 32, seed=s) for s in range(3)])
  states = _states(32)
  batched = jax.jit(jax.vmap(lambda x: _fields(rules.get(name)(x), states)))(xi)
  for s in range(3):
    np.testing.assert_allclose(batched[s], _fields(rules.get(name)(xi[s]), states),
                               rtol=1e-6, atol=1e-6)


# --------------------------------------------------------------- each rule

def test_hebbian_is_the_outer_product_sum_with_zero_diagonal():
  N, P = 50, 7
  xi = np.asarray(_patterns(P, N), np.float64)
  expected = xi.T @ xi / N
  np.fill_diagonal(expected, 0.0)
  np.testing.assert_allclose(cp.materialize(rules.get("hebbian")(jnp.asarray(xi))),
                             expected, atol=1e-7)


def _storkey_elementwise(xi):
  """Storkey (1997) as written, element by element (docs/hopfield.md §1.1), float64."""
  P, N = xi.shape
  W = np.zeros((N, N))
  for x in xi:
    H = W @ x
    # h_ij = sum_{k != i, j} W_ik x_k
    h = H[:, None] - np.diag(W)[:, None] * x[:, None] - W * x[None, :]
    W = W + (np.outer(x, x) - x[:, None] * h.T - h * x[None, :]) / N
    np.fill_diagonal(W, 0.0)
  return W


def test_storkey_low_rank_equals_the_elementwise_rule():
  xi = _patterns(30, 120)
  expected = _storkey_elementwise(np.asarray(xi, np.float64))
  got = np.asarray(cp.materialize(rules.get("storkey")(xi)))
  np.testing.assert_allclose(got, expected, atol=2e-6)
  assert np.abs(expected).max() > 0.1  # not a trivially small matrix


def test_pseudo_inverse_is_the_projector_on_the_patterns():
  N, P = 80, 30
  xi = _patterns(P, N)
  J = np.asarray(cp.materialize(rules.get("pseudo_inverse")(xi, zero_diag=False)),
                 np.float64)
  np.testing.assert_allclose(J @ np.asarray(xi).T, np.asarray(xi).T, atol=1e-4)
  np.testing.assert_allclose(J, J.T, atol=1e-5)
  np.testing.assert_allclose(J @ J, J, atol=1e-4)
  # The diagonal averages alpha; zero_diag removes it.
  assert abs(np.trace(J) / N - P / N) < 1e-4
  J0 = cp.materialize(rules.get("pseudo_inverse")(xi))
  np.testing.assert_allclose(np.diag(J0), 0.0, atol=1e-6)


def test_dense_n2_is_the_hebbian_network():
  """docs/hopfield.md §2.1: (S+x)^2 - (S-x)^2 = 4xS, so n = 2 gives the Hebbian fields
  exactly (same floats)."""
  xi = _patterns(30, 150)
  states = jnp.concatenate([xi[:3], _states(150, 5)])
  np.testing.assert_array_equal(_fields(rules.get("dense")(xi, n=2), states),
                                _fields(rules.get("hebbian")(xi), states))


@pytest.mark.parametrize("n", [3, 4, 6])
def test_dense_fields_are_energy_differences(n):
  """2 h_i = E(sigma_i = -1) - E(sigma_i = +1), against the energy itself
  (float64 reference)."""
  N, P = 40, 7
  xi = np.asarray(_patterns(P, N), np.float64)
  sigma = np.asarray(_states(N, 1)[0], np.float64)
  scale = N ** (1 - n) / __import__("math").factorial(n)

  def E(s):
    return -scale * np.sum((xi @ s) ** n)

  expected = []
  for i in range(N):
    up, down = sigma.copy(), sigma.copy()
    up[i], down[i] = 1, -1
    expected.append((E(down) - E(up)) / 2)
  h = cp.fields(rules.get("dense")(jnp.asarray(xi, jnp.float32), n=n), jnp.asarray(sigma, jnp.float32))
  np.testing.assert_allclose(np.asarray(h), expected, rtol=1e-5, atol=1e-5 * np.abs(expected).max())


def test_dense_degree_is_checked():
  with pytest.raises(ValueError, match="option n .* must be an integer >= 2"):
    rules.validate("dense", {"n": 1}, N=10, P=3)
