"""The Pavlovian-attention simulations end to end through their entry points
(docs/pavlovian.md §5, figures F1-F7), their numbers at the smoke preset,
every registered online rule by name, and bad input (one-line errors before
anything compiles)."""

import json

import numpy as np
import pytest

from assoc import experiment, rules
from configs import conditioning as cond_config
from configs import pavlovian_capacity as cap_config
from configs import pavlovian_depth as depth_config
from configs import pavlovian_heads as heads_config
from configs import rule_recency as rec_config
from sims import conditioning, pavlovian_capacity, pavlovian_depth, pavlovian_heads, rule_recency
from tests.conftest import finish, records, run_sim, start_sim
from theory import pavlovian as pv
from theory import rules as tr


@pytest.fixture(scope="module", autouse=True)
def _smoke_runs(smoke_run):
  """This module's smoke runs through their entry points, two at a time."""
  smoke_run.prefetch(("pavlovian_capacity", "conditioning", "pavlovian_heads", "pavlovian_coherence",
                      "rule_recency", "pavlovian_depth"))


def records_of(path):
  with open(path) as f:
    return [json.loads(line) for line in f]


def _mean(recs, field, **match):
  vals = [r[field] for r in recs if all(r[k] == v for k, v in match.items())]
  assert vals, match
  return float(np.mean(vals))


def test_capacity_smoke_numbers(smoke_run):
  """d_k = 16, n = 8 and 32 (N/d_k = 1/2, 2), 2 seeds: least squares exact
  below d_k and on its derived curve above; four passes of delta beat one;
  the Hebbian relMSE near (N -+ 1)/d_k; theory columns where they belong."""
  recs = records(smoke_run("pavlovian_capacity")[0])
  assert len(recs) == 2 * 2 * 2 * (1 + 2 + 1)  # seeds x keys x ratios x (rule, passes)
  for keys in ("sphere", "gaussian"):
    assert _mean(recs, "relmse", rule="lsq", n=8, keys=keys) < 1e-4
    assert _mean(recs, "relmse", rule="lsq", n=32, keys=keys) == pytest.approx(0.5, abs=0.06)
    assert (_mean(recs, "relmse", rule="delta", passes=4, n=8, keys=keys)
            < 0.3 * _mean(recs, "relmse", rule="delta", passes=1, n=8, keys=keys))
    for n in (8, 32):
      measured = _mean(recs, "relmse", rule="hebbian", n=n, keys=keys)
      assert measured == pytest.approx(float(pv.relmse(n, 16, keys)), rel=0.3), (keys, n)
  heb = [r for r in recs if r["rule"] == "hebbian" and r["keys"] == "sphere"]
  assert all(r["relmse_theory"] == pytest.approx((r["n"] - 1) / 16) for r in heb)
  assert all(r["top1_theory"] == pytest.approx(pv.top1(r["n"], 16, 16)) for r in heb)
  assert all(r["theory_provenance"] == "derived" for r in recs)
  assert all(r["top1_theory"] is None for r in recs if r["keys"] == "gaussian")
  assert all(r["relmse_theory"] is None for r in recs if r["rule"] == "delta")
  assert all(r["relmse_theory"] == tr.lsq_relmse(r["n"], 16) for r in recs if r["rule"] == "lsq")
  assert _mean(recs, "top1", rule="hebbian", n=8) == 1.0
  # capacity.jsonl: relative RMS error 1/2, Hebbian theory eps^2 d_k +- 1 = 5, 3
  caps = records_of(smoke_run("pavlovian_capacity")[0] / "capacity.jsonl")
  assert len(caps) == 4 * 2 and all(c["metric"] == "relmse" and c["eps"] == 0.5 for c in caps)
  heb = {c["keys"]: c for c in caps if c["rule"] == "hebbian"}
  assert heb["sphere"]["N_max_theory"] == 5.0 and heb["gaussian"]["N_max_theory"] == 3.0
  assert heb["sphere"]["N_max"] is None and heb["sphere"]["N_hi"] == 8  # above budget already
  lsq = {c["keys"]: c for c in caps if c["rule"] == "lsq"}
  assert 8 <= lsq["sphere"]["N_max"] <= 32  # exact at 8, relMSE 1/2 at 32


def test_recency_smoke_numbers(smoke_run):
  """d_k = 16, n = 64: delta (beta = 1) recalls the last item exactly and
  forgets old ones; decay alpha = .9 on its derived curve at lag 0."""
  recs = records(smoke_run("rule_recency")[0])
  assert {r["lag"] for r in recs} == {0, 4, 16, 63}
  assert _mean(recs, "relmse", rule="delta", lag=0) < 1e-5
  assert _mean(recs, "relmse", rule="delta", lag=63) > 1.0
  decay = [r for r in recs if r["rule"] == "decay_hebbian"]
  assert all(r["alpha"] == 0.9 and r["beta"] is None for r in decay)
  assert all(r["relmse_theory"] == pytest.approx(float(tr.decay_recency(r["lag"], 64, 16, 0.9)))
             for r in decay)
  assert _mean(decay, "relmse", lag=0) == pytest.approx(decay[0]["relmse_theory"], rel=0.5)


def test_conditioning_reproduces_the_closed_forms(smoke_run):
  """Rescorla-Wagner equals its closed forms (float32 round-off), blocks,
  extinguishes and shares on overexpectation; Hebbian does none of it."""
  recs = records(smoke_run("conditioning")[0])
  for r in recs:
    assert r["V_A"] == pytest.approx(r["V_A_theory"], abs=1e-5 * max(1, abs(r["V_A_theory"])))
    assert r["V_B"] == pytest.approx(r["V_B_theory"], abs=1e-5 * max(1, abs(r["V_B_theory"])))

  def last(protocol, rule):
    return [r for r in recs if r["protocol"] == protocol and r["rule"] == rule][-1]

  assert last("blocking", "rescorla_wagner")["V_B"] < 0.01
  assert last("blocking", "hebbian")["V_B"] == pytest.approx(30 * 0.2, rel=1e-5)
  assert last("acquisition_extinction", "rescorla_wagner")["V_A"] < 0.01
  assert last("acquisition_extinction", "hebbian")["V_A"] == pytest.approx(6.0, rel=1e-5)
  over = last("overexpectation", "rescorla_wagner")
  assert over["V_A"] == pytest.approx(0.5, abs=1e-3) and over["V_B"] == pytest.approx(0.5, abs=1e-3)


def test_coherence_heads_depth_smoke_numbers(smoke_run):
  coh = records(smoke_run("pavlovian_coherence")[0])
  assert {(r["d_k"], r["N"]) for r in coh} == {(64, 4), (64, 8)}
  assert all(0 < r["mu"] < 1 for r in coh)
  for N in (4, 8):  # the mean over draws below the conservative bound
    assert _mean(coh, "crosstalk_bound", N=N) < coh[0 if N == 4 else 1]["bound_theory"]
  heads = records(smoke_run("pavlovian_heads")[0])
  for r in heads:  # every head stores the same values: averaged error near (N - 1)/d_model
    assert r["relmse"] == pytest.approx(r["relmse_theory"], rel=0.5)
    assert r["relmse_head"] == pytest.approx(r["relmse_head_theory"], rel=0.5)
  assert all(r["vote_error"] <= r["error_head"] + 1e-6 for r in heads if r["H"] == 1)
  depth = records(smoke_run("pavlovian_depth")[0])
  assert {r["L"] for r in depth} == {1, 2, 3, 4}
  for seed in (0, 1):  # success can only fall with depth
    s = [r["success"] for r in sorted(depth, key=lambda r: r["L"]) if r["seed"] == seed]
    assert s == sorted(s, reverse=True)
  assert all(r["noise_theory"] == pytest.approx(3 / 16 * r["L"]) for r in depth)  # gamma = 1


def test_every_online_rule_runs_in_the_capacity_and_recency_sims(tmp_path):
  """--config.rule=NAME for every registered online rule: the capacity sim
  runs every one (finite numbers, null theory where the project has none);
  the recency sim, which writes and reads with the same drivers, accepts
  every one (its config is checked for all, and it runs the ones with a
  recency theory and two without)."""
  names = rules.names("online")
  c = cap_config.get_config("smoke")
  c.rule, c.passes, c.gates, c.rule_options = names, {}, {}, {}
  c.d_k, c.n_over_dk, c.num_seeds = (4,), (0.5, 2.0), 1
  recs = pavlovian_capacity.run(c, str(tmp_path / "capacity"))
  assert {r["rule"] for r in recs} == set(names)
  assert all(np.isfinite(r["relmse"]) and 0 <= r["top1"] <= 1 for r in recs), [
      r["rule"] for r in recs if not np.isfinite(r["relmse"])]
  r = rec_config.get_config("smoke")
  r.rule, r.d_k, r.n, r.lags, r.num_seeds = names, (4,), (8,), (0, 7), 1
  assert {p["rule"] for p in rule_recency.validate(r)} == set(names)
  ran = ("hebbian", "decay_hebbian", "delta", "softmax", "miras_huber")
  r.rule = ran
  recs = rule_recency.run(r, str(tmp_path / "recency"))
  assert {x["rule"] for x in recs} == set(ran)
  assert all(np.isfinite(x["relmse"]) for x in recs)
  assert all(x["relmse_theory"] is None for x in recs if tr.get(x["rule"], "recency") is None)


@pytest.mark.parametrize("module,config,overrides,message", [
    (pavlovian_capacity, cap_config, {"rule": ("hebbian", "nope")},
     "unknown online rule 'nope'; registered online rules: "),
    (pavlovian_capacity, cap_config, {"gates": {"delta": {"beta": 3.0}}},
     "config.gates.delta: rule 'delta': gate beta=3.0 is outside [0, 2]"),
    (pavlovian_capacity, cap_config, {"gates": {"delta": {"gamma": 1.0}}},
     "rule 'delta' has no gate(s) gamma; its gates: beta"),
    (pavlovian_capacity, cap_config, {"keys": ("sphere", "orthogonal")}, "config.keys="),
    (pavlovian_capacity, cap_config, {"rule_options": {"lsq": {"ridge": -1.0}}},
     "option ridge must be >= 0"),
    (rule_recency, rec_config, {"alpha": (0.9, 1.5)}, "gate alpha=1.5 is outside (0, 1]"),
    (rule_recency, rec_config, {"rule": ("nope",)}, "unknown online rule 'nope'"),
    (rule_recency, rec_config, {"lags": (100,)}, "no lag is below n=64"),
    (conditioning, cond_config, {"protocol": ("latent_inhibition",)}, "config.protocol="),
    (conditioning, cond_config, {"beta": 3.0}, "gate beta=3.0 is outside [0, 2]"),
    (pavlovian_heads, heads_config, {"H": (1, 3)}, "dividing d_model=32"),
    (pavlovian_depth, depth_config, {"gamma": (0.0,)}, "every gain must be > 0"),
])
def test_bad_configs_are_one_line_errors_before_compiling(tmp_path, module, config, overrides,
                                                          message):
  c = config.get_config("smoke")
  for k, v in overrides.items():
    setattr(c, k, v)
  with pytest.raises(experiment.ConfigError) as e:
    module.run(c, str(tmp_path))
  assert message in str(e.value) and "\n" not in str(e.value)
  assert not (tmp_path / "config.json").exists()  # refused before anything was written


def test_capacity_entry_point_refuses_unknown_rule(tmp_path):
  proc = run_sim("pavlovian_capacity", "smoke", tmp_path, "--config.rule=nope", check=False)
  assert proc.returncode == 2
  assert "unknown online rule 'nope'" in proc.stderr and "Traceback" not in proc.stderr


def test_capacity_records_do_not_depend_on_devices_or_batches(smoke_run, tmp_path):
  """The traced n (a loop bound per task) and the blocked top-1 give the same
  bytes as the shared smoke run (every core, chunks of 128 tasks) on 1
  device with chunks of 5 tasks."""
  workdir = smoke_run("pavlovian_capacity")[0]
  run_sim("pavlovian_capacity", "smoke", tmp_path, "--config.batch_size=5",
          env={"JAX_NUM_CPU_DEVICES": "1"})
  assert (tmp_path / "results.jsonl").read_bytes() == (workdir / "results.jsonl").read_bytes()


def test_float_records_are_identical_on_2_and_4_devices_and_any_batch(tmp_path):
  """rule_recency computes in float32 (not integer-exact as the Hopfield
  sims): the same bytes on 2 devices and on 4 with chunks of 7 tasks. (One
  device compiles another program, whose float records can differ at
  rounding: CONTRIBUTING.md, "Random numbers belong to a task".)"""
  two, four = tmp_path / "two", tmp_path / "four"
  cpu = {"JAX_PLATFORMS": "cpu"}
  procs = finish(start_sim("rule_recency", "smoke", two, env={**cpu, "JAX_NUM_CPU_DEVICES": "2"}),
                 start_sim("rule_recency", "smoke", four, "--config.batch_size=7",
                           env={**cpu, "JAX_NUM_CPU_DEVICES": "4"}))
  assert "on 2 device(s)" in procs[0].stderr and "on 4 device(s)" in procs[1].stderr
  data = (two / "results.jsonl").read_bytes()
  assert data.count(b"\n") > 10 and data == (four / "results.jsonl").read_bytes()
