"""A newly registered storage rule runs in every simulation that takes
`config.rule`, with null theory fields where the project has no theory for
it (the README's promise). The rule is the README's example, clipped
Hebbian synapses (Sompolinsky 1986), registered here and removed after."""

import jax.numpy as jnp
import numpy as np
import pytest

from assoc import rules
from assoc.couplings import Dense
from configs import hopfield_basins as hb_config
from configs import hopfield_capacity as hc_config
from configs import hopfield_glauber as hg_config
from configs import rule_capacity as rc_config
from sims import hopfield_basins, hopfield_capacity, hopfield_glauber, rule_capacity

NAME = "clipped_for_tests"


@pytest.fixture(scope="module")
def clipped():
  @rules.register(NAME)
  def clipped_hebbian(patterns, *, zero_diag: bool = True):
    """J_ij = sgn(sum_mu xi^mu_i xi^mu_j) / sqrt(P)."""
    P = jnp.sum(jnp.any(patterns != 0, axis=1))  # all-zero rows are padding
    J = jnp.sign(patterns.T @ patterns) / jnp.sqrt(P)
    return Dense(J=J - jnp.diag(jnp.diag(J)) if zero_diag else J)

  yield NAME
  rules.unregister(NAME)


def _smoke(config_module, rule, **fields):
  c = config_module.get_config("smoke")
  c.rule = (rule,)
  for k, v in fields.items():
    c[k] = v
  return c


def test_hopfield_capacity_with_a_new_rule(clipped, tmp_path):
  recs = hopfield_capacity.run(_smoke(hc_config, clipped), str(tmp_path))
  assert {r["rule"] for r in recs} == {clipped} and len(recs) == 2 * 8
  for r in recs:
    assert r["overlap_theory"] is None and r["alpha_c_theory"] is None
    assert r["overlap_ags"] is not None  # the Hebbian reference stays
  low = [r for r in recs if r["alpha"] == 0.05]
  high = [r for r in recs if r["alpha"] == 0.3]
  # Clipping costs a factor sqrt(2/pi) in signal-to-noise: alpha = 0.05 is
  # well inside its capacity (about 0.1), alpha = 0.3 far outside.
  assert all(r["retrieved"] and r["stability"] > 0 for r in low)
  assert np.mean([r["overlap"] for r in high]) < 0.6


def test_rule_capacity_with_a_new_rule(clipped, tmp_path):
  recs = rule_capacity.run(_smoke(rc_config, clipped), str(tmp_path))
  assert [r["P"] for r in recs] == [10, 10, 60, 60]  # default ratios 0.05, 0.3 of N = 200
  assert all(r["p_fixed_theory"] is None for r in recs)
  by_P = {P: np.mean([r["fraction_fixed"] for r in recs if r["P"] == P]) for P in (10, 60)}
  assert by_P[10] >= 0.9 and by_P[60] < 0.5


def test_hopfield_basins_with_a_new_rule(clipped, tmp_path):
  recs = hopfield_basins.run(_smoke(hb_config, clipped), str(tmp_path))
  assert {(r["rule"], r["alpha"]) for r in recs} == {(clipped, 0.05)}  # the default alphas
  assert all(r["overlap"] == 1.0 for r in recs if r["m0"] == 0.8)


def test_hopfield_glauber_with_a_new_rule(clipped, tmp_path):
  recs = hopfield_glauber.run(_smoke(hg_config, clipped), str(tmp_path))
  assert recs and all(r["m_theory"] is None and r["T_M_theory"] is not None for r in recs)
  cold = [r["m_mean"] for r in recs if r["T"] == min(x["T"] for x in recs)
          and r["alpha"] == min(x["alpha"] for x in recs)]
  assert np.mean(cold) > 0.9
