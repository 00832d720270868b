"""Theory: values from the tables and limits of docs/hopfield.md §1.3, §1.5, §1.6, §6."""

import math

import numpy as np
import pytest
from scipy import special

from theory import ags, capacities, snr


def test_alpha_c_and_m_c():
  assert ags.alpha_c() == pytest.approx(0.13791, abs=1e-4)
  # docs/hopfield.md §6 quotes m_c = 0.96743; the reduced equation gives
  # 0.967417 (checked at 30 digits): within its tolerance of 1e-4.
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


# ------------------------------------------------------------ finite T (§1.3)

# The table of docs/hopfield.md §1.3, tolerance 0.005 (docs/hopfield.md §6).
_TABLE = {0.001: (1.032, 0.938, 0.916), 0.005: (1.071, 0.860, 0.807),
          0.01: (1.100, 0.801, 0.722), 0.02: (1.141, 0.717, 0.591),
          0.03: (1.173, 0.650, 0.479), 0.04: (1.200, 0.594, 0.365),
          0.05: (1.224, 0.542, 0.216), 0.07: (1.265, 0.449, None),
          0.10: (1.316, 0.315, None), 0.12: (1.346, 0.215, None),
          0.13: (1.361, 0.149, None), 0.135: (1.367, 0.101, None)}


@pytest.mark.parametrize("alpha", sorted(_TABLE))
def test_phase_diagram_lines(alpha):
  T_g, T_M, T_c = _TABLE[alpha]
  assert ags.t_g(alpha) == pytest.approx(T_g, abs=5e-3)
  assert ags.t_m(alpha) == pytest.approx(T_M, abs=5e-3)
  if T_c is None:
    assert math.isnan(ags.t_c(alpha))
  else:
    assert ags.t_c(alpha) == pytest.approx(T_c, abs=5e-3)


@pytest.mark.parametrize("alpha,T,m", [(0.02, 0.60, 0.879), (0.02, 0.65, 0.828),
                                       (0.05, 0.40, 0.966), (0.05, 0.45, 0.942),
                                       (0.10, 0.25, 0.978)])
def test_rs_overlap_values(alpha, T, m):
  assert ags.overlap_rs(alpha, T) == pytest.approx(m, abs=2e-3)


def test_rs_solution_satisfies_the_equations():
  alpha, T = 0.05, 0.4
  s = ags.retrieval_rs(alpha, T)
  z = np.linspace(-10, 10, 400_001)
  w = np.exp(-z * z / 2) / np.sqrt(2 * np.pi) * (z[1] - z[0])
  t = np.tanh((s.m + np.sqrt(alpha * s.r) * z) / T)
  assert w @ t == pytest.approx(s.m, abs=1e-8)
  assert w @ t**2 == pytest.approx(s.q, abs=1e-8)
  assert s.r == pytest.approx(s.q / (1 - (1 - s.q) / T) ** 2, rel=1e-10)


def test_finite_t_limits():
  # T -> 0 recovers the T = 0 closed form.
  for alpha in (0.05, 0.10, 0.13):
    assert ags.overlap_rs(alpha, 0.01) == pytest.approx(ags.overlap_zero_t(alpha), abs=1e-3)
  # alpha -> 0: Curie–Weiss, m = tanh(m / T), and T_M -> 1.
  from scipy import optimize
  m_cw = optimize.brentq(lambda m: m - np.tanh(m / 0.5), 0.1, 1.0)
  assert ags.overlap_rs(1e-9, 0.5) == pytest.approx(m_cw, abs=1e-4)
  assert ags.t_m(1e-6) == pytest.approx(1.0, abs=5e-3)
  assert ags.t_m(0.0) == 1.0 and ags.t_m(0.2) == 0.0
  # T_M ~ 1 - 1.95 sqrt(alpha) at small alpha (a numerical fit, docs/hopfield.md §8.12).
  assert ags.t_m(0.001) == pytest.approx(1 - 1.95 * np.sqrt(0.001), abs=0.01)
  # Above T_M no retrieval state; the spin glass melts into the paramagnet at T_g.
  assert ags.overlap_rs(0.05, 0.6) == 0.0
  assert ags.spin_glass_rs(0.05, 1.3).q == 0.0 and ags.spin_glass_rs(0.05, 1.0).q > 0.05
  # The free energy tends to the ground-state energy.
  s0 = ags.retrieval_zero_t(0.05)
  f0 = ags.free_energy_zero_t(0.05, s0.m, s0.r, s0.C)
  assert ags.free_energy_rs(0.05, 0.01, ags.retrieval_rs(0.05, 0.01)) == pytest.approx(f0, abs=5e-3)
