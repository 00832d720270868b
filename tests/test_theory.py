"""Theory: values from the spec's tables and limits (hopfield.md §1.3, §1.5, §1.6, §6)."""

import math

import numpy as np
import pytest
from scipy import special

from theory import ags, capacities, snr


def test_alpha_c_and_m_c():
  assert ags.alpha_c() == pytest.approx(0.13791, abs=1e-4)
  # The spec quotes m_c = 0.96743; the reduced equation gives 0.967417
  # (checked at 30 digits): within the spec's 1e-4.
  assert ags.m_c() == pytest.approx(0.96743, abs=1e-4)


@pytest.mark.parametrize("alpha,m", [(0.10, 0.99800), (0.12, 0.99322), (0.13, 0.98721)])
def test_overlap_values(alpha, m):
  assert ags.overlap_zero_t(alpha) == pytest.approx(m, abs=1e-4)


def test_solution_satisfies_the_reduced_and_full_equations():
  for alpha in (0.01, 0.05, 0.1, 0.137):
    s = ags.retrieval_zero_t(alpha)
    y = s.y
    lhs = y * (math.sqrt(2 * alpha) + 2 / math.sqrt(math.pi) * math.exp(-y * y))
    assert lhs == pytest.approx(special.erf(y), abs=1e-12)
    # m = erf(m / sqrt(2 alpha r)), C = sqrt(2/(pi alpha r)) e^{-y^2}, r = (1-C)^-2
    assert s.y == pytest.approx(s.m / math.sqrt(2 * alpha * s.r), rel=1e-10)
    assert s.C == pytest.approx(math.sqrt(2 / (math.pi * alpha * s.r)) * math.exp(-y * y),
                                rel=1e-10)
    assert s.r == pytest.approx((1 - s.C) ** -2, rel=1e-12)


def test_limits():
  # alpha -> 0: m -> 1.
  assert ags.overlap_zero_t(0.0) == 1.0
  assert ags.overlap_zero_t(1e-3) > 1 - 1e-3
  assert ags.overlap_zero_t(0.02) > 1 - 1e-6
  # alpha -> alpha_c from below: m -> m_c; above: no retrieval state.
  assert ags.overlap_zero_t(ags.alpha_c() * (1 - 1e-9)) == pytest.approx(ags.m_c(), abs=1e-3)
  assert ags.overlap_zero_t(ags.alpha_c() * (1 + 1e-6)) == 0.0
  assert math.isnan(ags.retrieval_zero_t(0.2).m)
  with pytest.raises(ValueError):
    ags.retrieval_zero_t(-0.1)


def test_overlap_decreases_with_load():
  alphas = np.linspace(0.001, ags.alpha_c() * 0.999, 60)
  m = ags.overlap_zero_t(alphas)
  assert np.all(np.diff(m) <= 0)  # m rounds to 1.0 at the smallest loads
  assert np.all(np.diff(m[m < 0.9999]) < 0) and m[-1] < 0.975


def test_thermodynamic_edge():
  assert ags.alpha_thermodynamic() == pytest.approx(0.0519, abs=5e-4)
  assert ags.free_energy_gap_zero_t(0.03) < 0 < ags.free_energy_gap_zero_t(0.1)


def test_one_step_error():
  assert ags.one_step_error(0.1) == pytest.approx(special.ndtr(-1 / math.sqrt(0.1)))
  assert ags.one_step_error(0.0) == 0.0
  # The finite-N formula tends to it.
  assert snr.bit_error(1e7, 1e6) == pytest.approx(ags.one_step_error(0.1), rel=1e-3)


@pytest.mark.parametrize("N,p50", [(500, 56.7), (1000, 98.7), (2000, 174.7)])
def test_p50_of_the_fixed_point_formula(N, p50):
  assert snr.p50(N) == pytest.approx(p50, rel=1e-2)
  assert snr.prob_fixed(N, snr.p50(N)) == pytest.approx(0.5, abs=1e-9)


def test_signal_to_noise_limits():
  assert snr.prob_fixed(100, 1) == 1.0  # one pattern: no crosstalk
  assert snr.prob_fixed(1000, 999) < 1e-10
  assert snr.p_max_one(1000) == pytest.approx(72.38, abs=0.01)
  assert snr.p_max_all(1000) == pytest.approx(72.38 / 2, abs=0.01)


def test_rule_capacities():
  assert capacities.storkey_p_max(200) == pytest.approx(61.4, abs=0.05)
  assert capacities.storkey_p_max(400) == pytest.approx(115.6, abs=0.05)
  assert capacities.pseudo_inverse_p_max(300) == 300
  assert capacities.hebbian_alpha_c() == ags.alpha_c()
  np.testing.assert_allclose(capacities.gardner_alpha_c([0, 0.25, 0.5, 1, 2]),
                             [2, 1.365, 0.961, 0.520, 0.200], atol=1e-3)
