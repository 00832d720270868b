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

@pytest.mark.parametrize("name", STORAGE_RULES)
def test_contract_shape_and_finiteness(name):
  N, P = 64, 8
  J = cp.materialize(rules.get(name)(_patterns(P, N)))
  assert J.shape == (N, N)
  assert bool(jnp.all(jnp.isfinite(J)))


@pytest.mark.parametrize("name", STORAGE_RULES)
def test_contract_padding_rows_have_no_influence(name):
  """Zero rows are padding (the sweep pads P): J must not change."""
  N, P = 64, 8
  xi = _patterns(P, N)
  padded = jnp.concatenate([xi, jnp.zeros((5, N))])
  J = cp.materialize(rules.get(name)(xi))
  J_padded = cp.materialize(rules.get(name)(padded))
  np.testing.assert_allclose(J_padded, J, atol=1e-6)


@pytest.mark.parametrize("name", STORAGE_RULES)
def test_contract_stores_patterns_at_low_load(name):
  """At P = 4, N = 200 every pattern is a fixed point (the crosstalk of Hebb
  is ~N(0, 0.015), 8 standard deviations below the signal)."""
  xi = _patterns(4, 200)
  c = rules.get(name)(xi)
  h = jax.vmap(lambda s: cp.fields(c, s))(xi)
  assert bool(jnp.all(h * xi > 0))


@pytest.mark.parametrize("name", STORAGE_RULES)
def test_contract_jit_and_vmap(name):
  """The sweep engine jits and vmaps rules: they must trace."""
  xi = jnp.stack([_patterns(6, 32, seed=s) for s in range(3)])
  batched = jax.jit(jax.vmap(lambda x: cp.materialize(rules.get(name)(x))))(xi)
  for s in range(3):
    np.testing.assert_allclose(batched[s], cp.materialize(rules.get(name)(xi[s])),
                               atol=1e-6)


# --------------------------------------------------------------- each rule

def test_hebbian_is_the_outer_product_sum_with_zero_diagonal():
  N, P = 50, 7
  xi = np.asarray(_patterns(P, N), np.float64)
  expected = xi.T @ xi / N
  np.fill_diagonal(expected, 0.0)
  np.testing.assert_allclose(cp.materialize(rules.get("hebbian")(jnp.asarray(xi))),
                             expected, atol=1e-7)


def _storkey_elementwise(xi):
  """Storkey (1997) as written, element by element (spec §1.1), float64."""
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
