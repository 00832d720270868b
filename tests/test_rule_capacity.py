"""End to end: `python -m sims.rule_capacity` and `python -m sims.hopfield_basins`
on their smoke presets (docs/hopfield.md §1.5-§1.6, figures H4-H6)."""

import json

import ml_collections
import pytest

from assoc import experiment
from configs import hopfield_basins as hb_config
from configs import rule_capacity as rc_config
from sims import hopfield_basins as hb
from sims import rule_capacity as rc
from tests.conftest import records
from theory import capacities, snr


@pytest.fixture(scope="module", autouse=True)
def _smoke_runs(smoke_run):
  """This module's smoke runs through their entry points, two at a time."""
  smoke_run.prefetch(("rule_capacity", "hopfield_basins"))


@pytest.fixture(scope="module")
def rule_capacity_smoke(smoke_run):
  return smoke_run("rule_capacity")[0]


def _mean(recs, rule, ratio):
  vals = [r["fraction_fixed"] for r in recs if r["rule"] == rule and r["ratio"] == ratio]
  assert vals
  return sum(vals) / len(vals)


def test_rule_capacity_smoke_numbers(rule_capacity_smoke):
  recs = records(rule_capacity_smoke)
  assert len(recs) == 3 * 2 * 2  # rules x ratios x seeds at N = 200
  P = {(r["rule"], r["ratio"]): r["P"] for r in recs}
  assert P[("hebbian", 0.5)] == round(0.5 * snr.p50(200)) == 14
  assert P[("storkey", 1.0)] == round(capacities.storkey_p_max(200)) == 61
  assert P[("pseudo_inverse", 0.95)] == 190
  # The pseudo-inverse fixes every pattern exactly up to 0.95 N (docs/hopfield.md §6).
  for r in recs:
    if r["rule"] == "pseudo_inverse":
      assert r["fraction_fixed"] == 1.0 and r["min_stability"] > 0
    if r["rule"] == "hebbian":
      assert r["p_fixed_theory"] == pytest.approx(snr.prob_fixed(200, r["P"]), rel=1e-12)
    if r["rule"] == "storkey":
      assert r["p_fixed_theory"] is None
  # Half and 1.5 times the Hebbian P_50 formula lie on either side of 1/2.
  assert _mean(recs, "hebbian", 0.5) > 0.75 and _mean(recs, "hebbian", 1.5) < 0.25
  # Storkey keeps every pattern at N / sqrt(2 ln N) = 61 (reference: P = 60 ->
  # 0.99, docs/hopfield.md §1.6) and loses most at 2.5 times that.
  assert _mean(recs, "storkey", 1.0) > 0.95 and _mean(recs, "storkey", 2.5) < 0.25


def test_rule_capacity_summary(rule_capacity_smoke):
  with open(rule_capacity_smoke / "capacity.jsonl") as f:
    caps = {c["rule"]: c for c in map(json.loads, f)}
  assert 14 < caps["hebbian"]["P50"] < 42
  assert (caps["hebbian"]["P50_lo"], caps["hebbian"]["P50_hi"]) == (14, 42)
  assert 61 < caps["storkey"]["P50"] < 154
  assert caps["pseudo_inverse"]["P50"] is None  # all fixed: the grid gives a lower bound
  assert caps["pseudo_inverse"]["P50_lo"] == 190 and caps["pseudo_inverse"]["P50_hi"] is None
  assert caps["hebbian"]["P50_formula"] == pytest.approx(snr.p50(200))


@pytest.mark.parametrize("overrides,message", [
    ({"ratio_by_rule": {"hebbian": (0.5,), "storkey": (1.0,)}},
     "config.ratio_by_rule has no entry for rule 'pseudo_inverse'"),
    ({"ratio_by_rule": {"hebbian": (0.5,), "storkey": (1.0,), "pseudo_inverse": (1.0,)}},
     "needs P <= 0.95 N"),
    ({"ratio_by_rule": {"hebbian": (-0.5,), "storkey": (1.0,), "pseudo_inverse": (0.5,)}},
     "every ratio must be > 0"),
    # A rule without a theory here runs (P = ratio N, tests/test_new_rule.py);
    # an unknown name is refused with the registered ones.
    ({"rule": ("hebbian", "nope")}, "unknown storage rule 'nope'; registered storage rules:"),
])
def test_rule_capacity_bad_configs(tmp_path, overrides, message):
  c = rc_config.get_config("smoke")
  for k, v in overrides.items():
    c[k] = ml_collections.ConfigDict(v) if isinstance(v, dict) else v
  with pytest.raises(experiment.ConfigError) as e:
    rc.run(c, str(tmp_path / "w"))
  assert message in str(e.value)
  assert not (tmp_path / "w").exists()


def test_basins_smoke_numbers(smoke_run):
  recs = records(smoke_run("hopfield_basins")[0])
  assert len(recs) == 2 * 2 * 4  # rules x m0 x seeds, alpha = 0.05, N = 200
  for r in recs:
    assert r["m0_actual"] == r["m0"]  # (1 - m0) N / 2 flips is an integer here
    assert r["P"] == 10
    if r["m0"] == 0.8:  # deep in the basin at alpha = 0.05: back to the pattern
      assert r["overlap"] == 1.0 and r["retrieved"]
  for rule in ("hebbian", "pseudo_inverse"):
    low = [r["overlap"] for r in recs if r["rule"] == rule and r["m0"] == 0.2]
    # From m0 = 0.2 most runs leave the basin (figure H4, docs/hopfield.md §5:
    # basins shrink with m0).
    assert sum(o < 0.9 for o in low) >= 2


def test_basins_bad_config(tmp_path):
  c = hb_config.get_config("smoke")
  c.m0 = (0.5, 1.5)
  with pytest.raises(experiment.ConfigError) as e:
    hb.run(c, str(tmp_path / "w"))
  assert "initial overlap must be in [-1, 1], got 1.5" in str(e.value)
