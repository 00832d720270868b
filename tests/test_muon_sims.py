"""End to end: the Muon simulations through their entry points (smoke
presets), resume after a kill for the checkpointed heavy-tailed training,
and config errors."""

import contextlib
import io
import json

import numpy as np
import pytest

from assoc import experiment
from configs import ht_memory as ht_config
from configs import muon_ns as ns_config
from configs import muon_one_step as m1_config
from sims import ht_memory, muon_ns, muon_one_step
from tests.conftest import records, run_sim
from theory import muon_one_step as T


@pytest.fixture(scope="module", autouse=True)
def _smoke_runs(smoke_run):
  """This module's smoke runs through their entry points, two at a time."""
  smoke_run.prefetch(("ht_memory", "muon_one_step", "muon_ns"))


@pytest.fixture(scope="module")
def one_step_smoke(smoke_run):
  return smoke_run("muon_one_step")


def test_one_step_smoke_matches_the_theory(one_step_smoke):
  workdir, proc = one_step_smoke
  recs = {(r["optimizer"], r["embedding"]): r for r in records(workdir)}
  assert len(recs) == 6 and "6/6 records (100%)" in proc.stderr
  for (opt, emb), r in recs.items():
    assert r["K"] == 30 and r["L"] == 6 and r["crossed"]
    assert r["rho"] == pytest.approx(r["rho_theory"], rel=1e-9), (opt, emb)
    assert r["eta_star"] == pytest.approx(r["eta_star_theory"], rel=1e-9), (opt, emb)
    assert len(r["path_loss"]) == len(r["path_delta"]) == 120
    assert len(r["multi_loss"]) == r["n_steps"] + 1 == 201
    if r["rho_multi_theory"] is not None:
      assert r["t_star"] == r["t_star_theory"]
      assert r["rho_multi"] == pytest.approx(r["rho_multi_theory"], rel=1e-9)
  assert recs[("gd", "decoupled")]["rho_theory"] == pytest.approx(
      T.rho_gd(30, 6, 0.8, 0.01), rel=1e-12)
  assert recs[("gd", "decoupled")]["rho_rate"] == pytest.approx(T.rho_gd_rate(30, 6, 0.8, 0.01))
  for opt in ("gd", "muon"):  # equivariant: coupled = decoupled
    a, b = recs[(opt, "decoupled")], recs[(opt, "coupled")]
    assert abs(a["rho"] - b["rho"]) < 1e-9
    assert np.abs(np.subtract(a["multi_delta"], b["multi_delta"])).max() < 1e-9
  assert recs[("signgd", "decoupled")]["delta_max"] < 1e-12  # Delta = 0 exactly
  assert recs[("signgd", "coupled")]["rho"] < 0.5 < recs[("muon", "coupled")]["rho"]
  assert recs[("signgd", "coupled")]["rho_multi_theory"] is None


def test_one_step_rerun_resumes(one_step_smoke, smoke_run):
  workdir, _ = one_step_smoke
  before = (workdir / "results.jsonl").read_bytes()
  proc = smoke_run.rerun("muon_one_step")
  assert "all 6 records already" in proc.stderr
  assert (workdir / "results.jsonl").read_bytes() == before


def test_ns_smoke_matches_the_closed_form(smoke_run):
  recs = {(r["ns_coeffs"], r["ns_steps"]): r for r in records(smoke_run("muon_ns")[0])}
  assert set(recs) == {(c, n) for c in ("quintic", "cubic") for n in (1, 5, 30)}
  for key, r in recs.items():
    assert r["rho"] == pytest.approx(r["rho_theory"], rel=1e-9), key
    assert r["sigma_min"] == pytest.approx(r["sigma_min_theory"], rel=1e-9), key
    assert r["sigma_max"] == pytest.approx(r["sigma_max_theory"], rel=1e-9), key
  polar = recs[("cubic", 30)]["rho_polar"]
  assert recs[("cubic", 30)]["rho"] == pytest.approx(polar, rel=1e-6)
  assert recs[("cubic", 30)]["sigma_min"] == pytest.approx(1.0, abs=1e-9)
  assert recs[("quintic", 30)]["sigma_min"] < 0.9 < 1.1 < recs[("quintic", 30)]["sigma_max"]
  assert recs[("quintic", 30)]["rho"] < polar - 0.01


@pytest.fixture(scope="module")
def ht_smoke(smoke_run):
  return smoke_run("ht_memory")


def test_ht_memory_smoke(ht_smoke):
  workdir, proc = ht_smoke
  recs = {r["optimizer"]: r for r in records(workdir)}
  assert set(recs) == {"muon_ns", "adam"}
  assert "segment 2/2" in proc.stderr  # two segments, checkpointed in between
  assert not (workdir / "checkpoints").exists()  # removed once complete
  for name, r in recs.items():
    assert r["steps"] == [1, 2, 3, 5, 9, 16, 29, 50]
    assert len(r["acc_group"]) == 8 and len(r["acc_group"][0]) == 7
    assert r["final_acc_group"][:3] == [1.0, 1.0, 1.0], name  # head groups learnt
    assert r["final_loss"] < r["loss"][0] and 0 < r["auc_tail"] <= 1
    assert all(0 < h <= 1 for h in r["entropy"]) and all(q >= 1 for q in r["q75_25"])
    assert r["rank"][-1] == 32
  selected = {s["optimizer"]: s for s in map(json.loads, open(workdir / "selected.jsonl"))}
  assert selected["adam"]["lr"] == 1.0 and not selected["adam"]["at_grid_edge"]
  assert len(selected["adam"]["muon_ns_auc_ahead"]) == 1


def test_ht_memory_killed_run_resumes_from_its_checkpoint(ht_smoke, tmp_path):
  """A run that dies right after its first checkpoint (mid-task: the smoke
  preset trains in two segments) leaves no record; the rerun restores the
  saved segment and writes the record of the uninterrupted smoke run."""
  workdir, _ = ht_smoke
  killed = tmp_path / "killed"
  proc = run_sim("ht_memory", "smoke", killed, "--config.optimizer=adam", check=False,
                 env={"ASSOC_SEGMENTS_CRASH_AFTER": "1", "JAX_NUM_CPU_DEVICES": "1"})
  assert proc.returncode == 137
  assert not (killed / "results.jsonl").exists()
  assert list((killed / "checkpoints").glob("chunk-*/1"))
  config = ht_config.get_config("smoke")
  config.optimizer = ("adam",)
  log = io.StringIO()  # in-process: one device, the chunk of the killed run
  with contextlib.redirect_stderr(log):
    ht_memory.run(config, str(killed))
  assert "resuming the chunk at segment 1/2" in log.getvalue()
  expected = [line for line in (workdir / "results.jsonl").read_bytes().splitlines(True)
              if b'"optimizer": "adam"' in line]
  assert (killed / "results.jsonl").read_bytes() == b"".join(expected)
  assert not (killed / "checkpoints").exists()


@pytest.mark.parametrize("module,config,overrides,message", [
    (muon_one_step, m1_config, {"optimizer": ("gd", "lion")},
     "config.optimizer='lion' is not one of 'gd', 'signgd', 'muon'"),
    (muon_one_step, m1_config, {"K": (31,)}, "coupled' needs K divisible by 3"),
    (muon_one_step, m1_config, {"alpha": 0.2}, "uniform classes"),
    (muon_one_step, m1_config, {"multi_step_K": (99,)}, "multi_step_K holds K = 99"),
    (muon_ns, ns_config, {"ns_coeffs": ("septic",)}, "config.ns_coeffs='septic'"),
    (muon_ns, ns_config, {"ns_steps": (0,)}, "ns_steps must hold integers in [1, 200]"),
    (ht_memory, ht_config, {"optimizer": ("adam", "lion")}, "config.optimizer='lion'"),
    (ht_memory, ht_config, {"schedule": "step"}, "config.schedule='step'"),
    (ht_memory, ht_config, {"lr": {"adam": (-1.0,)}}, "config.lr.adam must hold step sizes > 0"),
    (ht_memory, ht_config, {"optimizer_options": {"adam": {"beta": 0.9}}},
     "config.optimizer_options.adam: optimizer 'adam' has no option(s) beta"),
])
def test_bad_configs_fail_before_anything_runs(tmp_path, module, config, overrides, message):
  c = config.get_config("smoke")
  c.update(overrides)
  with pytest.raises(experiment.ConfigError) as e:
    module.run(c, str(tmp_path / "w"))
  assert message in str(e.value)
  assert not (tmp_path / "w").exists()
