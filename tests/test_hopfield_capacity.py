"""End to end: `python -m sims.hopfield_capacity` on its smoke preset, resume,
refusal, kill + resume, 1 vs 4 devices, and config errors."""

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from assoc import experiment, rules
from configs import hopfield_capacity as hc_config
from sims import hopfield_capacity as hc
from tests.conftest import ROOT, finish, records, run_sim, start_sim
from theory import ags

KEYS = {"N", "alpha", "rule", "seed", "P", "overlap", "retrieved", "sweeps",
        "converged", "cycle", "flips", "stability", "overlap_theory", "overlap_ags",
        "alpha_c_theory"}


def _by(recs, **match):
  return [r for r in recs if all(r[k] == v for k, v in match.items())]


def test_smoke_numbers(capacity_smoke):
  workdir, proc = capacity_smoke
  recs = records(workdir)
  assert len(recs) == 2 * 3 * 8  # alpha x rule x seeds at N = 200
  assert all(set(r) == KEYS for r in recs)
  assert "48/48 records (100%)" in proc.stderr and "ETA" in proc.stderr
  for r in recs:
    assert r["P"] == round(r["alpha"] * 200)
    assert r["overlap_ags"] == pytest.approx(ags.overlap_zero_t(r["P"] / 200))
    own = {"hebbian": r["overlap_ags"], "pseudo_inverse": 1.0, "storkey": None}
    assert r["overlap_theory"] == own[r["rule"]]
    assert r["retrieved"] == (r["overlap"] > 0.9)
    assert r["converged"] and not r["cycle"]
    # A target that is an exact fixed point is never left (flip_frac = 0).
    if r["stability"] > 0:
      assert r["overlap"] == 1.0 and r["flips"] == 0
  # alpha = 0.05 (P = 10): every rule keeps the pattern exactly.
  for rule in ("hebbian", "storkey", "pseudo_inverse"):
    low = _by(recs, rule=rule, alpha=0.05)
    assert all(r["overlap"] == 1.0 and r["flips"] == 0 for r in low), rule
  # The pseudo-inverse stability is 1 - J_ii ~ 1 - alpha.
  for r in _by(recs, rule="pseudo_inverse"):
    assert abs(r["stability"] - (1 - r["alpha"])) < 0.15
  # alpha = 0.3 (P = 60): Hebb fails (at N = 200 a rare run still ends just
  # above the threshold), the projection rule stores exactly, Storkey still
  # retrieves (its fixed-point capacity at N = 200 is ~60-70).
  hebb = _by(recs, rule="hebbian", alpha=0.3)
  assert sum(r["retrieved"] for r in hebb) <= 2
  assert np.mean([r["overlap"] for r in hebb]) < 0.6
  assert all(r["overlap"] == 1.0 for r in _by(recs, rule="pseudo_inverse", alpha=0.3))
  assert sum(r["retrieved"] for r in _by(recs, rule="storkey", alpha=0.3)) >= 7
  # The capacity summary.
  caps = {c["rule"]: c for c in map(json.loads, open(workdir / "capacity.jsonl"))}
  assert caps["hebbian"]["alpha_50_lo"] == [0.05] and caps["hebbian"]["alpha_50_hi"] == [0.3]
  assert caps["pseudo_inverse"]["alpha_50"] == [None]  # never fails on this grid
  assert caps["storkey"]["alpha_c_theory"][0] == pytest.approx(1 / np.sqrt(2 * np.log(200)))


def test_rerun_resumes_without_recomputing(capacity_smoke, smoke_run):
  workdir, _ = capacity_smoke
  before = (workdir / "results.jsonl").read_bytes()
  proc = smoke_run.rerun("hopfield_capacity")
  assert "all 48 records already" in proc.stderr
  assert (workdir / "results.jsonl").read_bytes() == before


def test_a_different_config_is_refused(smoke_run):
  proc = smoke_run.rerun("hopfield_capacity", "--config.alpha=0.1", "--config.batch_size=3",
                         check=False)
  assert proc.returncode == 2
  assert "different config" in proc.stderr
  assert "alpha: saved [0.05, 0.3], now [0.1]" in proc.stderr
  assert "batch_size" not in proc.stderr  # runtime-only: never a difference


def test_same_results_on_1_and_4_devices_and_any_batching(tmp_path):
  """The same sweep (with flipped starts, so every rule's dynamics runs) on 1
  and on 4 CPU devices, with different batch and block sizes: identical
  files. Vmapping tasks (vectorize = 2) runs batched LAPACK kernels, which
  round the pseudo-inverse differently in the last bits: the same
  trajectories, the float `stability` within 1e-5."""
  args = ["--config.flip_frac=0.2", "--config.num_seeds=6"]
  runs = {}
  variants = [("1", "1", ("--config.batch_size=7",)),
              ("4", "4", ("--config.batch_size=5", "--config.block=7")),
              ("1v2", "1", ("--config.vectorize=2",))]
  procs = [start_sim("hopfield_capacity", "smoke", tmp_path / name, *args, *extra,
                     env={"JAX_NUM_CPU_DEVICES": devices})
           for name, devices, extra in variants]  # side by side: they share nothing
  for (name, devices, _), done in zip(variants, finish(*procs)):
    assert f"on {devices} device(s)" in done.stderr
    runs[name] = records(tmp_path / name)
  assert (tmp_path / "1" / "results.jsonl").read_bytes() == \
      (tmp_path / "4" / "results.jsonl").read_bytes()
  assert sum(r["flips"] > 0 for r in runs["4"] if r["rule"] != "hebbian") >= 20
  for a, b in zip(runs["1"], runs["1v2"]):
    assert {k: v for k, v in a.items() if k != "stability"} == \
        {k: v for k, v in b.items() if k != "stability"}
    assert abs(a["stability"] - b["stability"]) < 1e-5


def test_a_point_draws_the_same_numbers_in_any_sweep(capacity_smoke, tmp_path):
  """Random numbers depend on (N, alpha, seed), not on the grid: a sweep of
  alpha = 0.3 alone reproduces the smoke sweep's alpha = 0.3 records."""
  workdir, _ = capacity_smoke
  run_sim("hopfield_capacity", "smoke", tmp_path / "one", "--config.alpha=0.3")
  assert records(tmp_path / "one") == _by(records(workdir), alpha=0.3)


def _run_and_kill(workdir, args, at_least):
  """Starts the smoke run and SIGKILLs it once results.jsonl has `at_least` lines."""
  proc = subprocess.Popen(
      [sys.executable, "-m", "sims.hopfield_capacity",
       "--config=configs/hopfield_capacity.py:smoke", f"--workdir={workdir}", *args],
      cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
  results = workdir / "results.jsonl"
  deadline = time.time() + 300
  while time.time() < deadline and proc.poll() is None:
    if results.exists() and results.read_bytes().count(b"\n") >= at_least:
      break
    time.sleep(0.01)
  assert proc.poll() is None, "the run ended before it could be killed"
  os.kill(proc.pid, signal.SIGKILL)
  proc.wait()
  return results.read_bytes()


def test_killed_run_resumes_to_the_uninterrupted_records(tmp_path):
  """Killed in the first compile group, then again in the second (so the
  resumed run starts mid-sweep), with a record cut mid-write: the final file
  equals the uninterrupted run's, byte for byte."""
  args = ["--config.num_seeds=24", "--config.batch_size=8"]
  reference = tmp_path / "reference"
  ref_proc = start_sim("hopfield_capacity", "smoke", reference, "--config.num_seeds=24")
  killed = tmp_path / "killed"
  try:
    first = _run_and_kill(killed, args, at_least=8)  # beside the reference run
  finally:
    finish(ref_proc)
  expected = (reference / "results.jsonl").read_bytes()
  total = expected.count(b"\n")  # 3 groups of 48
  assert 8 <= first.count(b"\n") < total and expected.startswith(first)
  done = _run_and_kill(killed, args, at_least=56)
  assert 56 <= done.count(b"\n") < total and expected.startswith(done)
  with open(killed / "results.jsonl", "ab") as f:  # a write cut short by a kill
    f.write(b'{"N": 200, "alpha": 0.3, "ru')
  run_sim("hopfield_capacity", "smoke", killed, *args)
  assert (killed / "results.jsonl").read_bytes() == expected


def _config(**overrides):
  c = hc_config.get_config("smoke")
  c.update(overrides)
  return c


@pytest.mark.parametrize("overrides,message", [
    ({"rule": ("hebbian", "hopfield")}, "unknown storage rule 'hopfield'; registered "
     f"storage rules: {', '.join(rules.names())}"),
    ({"alpha": (0.1, -0.05)}, "alpha = P/N must be >= 0, got -0.05"),
    ({"N": (1,)}, "integer >= 2"),
    ({"alpha": ()}, "config.alpha is empty"),
    ({"rule": ()}, "config.rule is empty"),
    ({"alpha": (0.001,)}, "stores P = round(alpha N) = 0 patterns"),
    ({"alpha": (0.5, 0.96)}, "needs P <= 0.95 N"),
    ({"vectorize": -1}, "config.vectorize must be an integer >= 0"),
    ({"batch_size": 0}, "config.batch_size must be an integer >= 1"),
    ({"dynamics": "glauber"}, "config.dynamics='glauber' is not one of 'async', 'sync'"),
    ({"flip_frac": 1.5}, "flip_frac must be in [0, 1]"),
    ({"rule_options": {"pseudo_inverse": {"zero_diagonal": False}}}, "no option(s) zero_diagonal"),
])
def test_bad_configs_fail_before_anything_runs(tmp_path, overrides, message):
  with pytest.raises(experiment.ConfigError) as e:
    hc.run(_config(**overrides), str(tmp_path / "w"))
  assert message in str(e.value)
  assert not (tmp_path / "w").exists()


@pytest.mark.parametrize("flag,message", [
    ("--config.rule=hopfield", "unknown storage rule 'hopfield'"),
    ("--config.nope=1", "the config has no field 'nope'"),
    ("--config.vectorize=2", "batched LAPACK calls can deadlock"),  # 2+ CPU devices
])
def test_bad_config_on_the_command_line(tmp_path, flag, message):
  proc = run_sim("hopfield_capacity", "smoke", tmp_path / "w", flag, check=False,
                 env={"JAX_NUM_CPU_DEVICES": "2"})
  assert proc.returncode == 2
  assert message in proc.stderr
  assert "Traceback" not in proc.stderr
  assert not (tmp_path / "w").exists()


def test_non_finite_couplings_fail_and_say_where(tmp_path):
  """A rule that returns NaN (as a singular pseudo-inverse would) is an error
  naming the point, not a run that silently 'retrieves'."""
  import jax.numpy as jnp
  from assoc import rules
  from assoc.couplings import Dense

  @rules.register("nan_for_test")
  def nan_rule(patterns):
    N = patterns.shape[1]
    return Dense(J=jnp.full((N, N), jnp.nan))

  try:
    with pytest.raises(FloatingPointError, match=r"'stability'.*'rule': 'nan_for_test'"):
      hc.run(_config(rule=("nan_for_test",), alpha=(0.05,)), str(tmp_path / "w"))
  finally:
    rules.unregister("nan_for_test")
  assert not (tmp_path / "w" / "results.jsonl").exists()


def test_unknown_preset():
  with pytest.raises(ValueError, match="unknown preset 'fast'; presets: smoke, quick, default"):
    hc_config.get_config("fast")


def test_two_processes_with_jax_distributed(capacity_smoke, tmp_path):
  """The multi-host path on one machine: two processes joined by
  jax.distributed (gloo on CPU), one device each; process 0 alone writes, and
  the records equal the single-process run's."""
  import socket
  with socket.socket() as s:
    s.bind(("localhost", 0))
    port = s.getsockname()[1]
  workdir = tmp_path / "two_processes"
  procs = []
  for rank in (0, 1):
    env = {**os.environ, "JAX_NUM_CPU_DEVICES": "1", "ASSOC_DISTRIBUTED": "1",
           "JAX_COORDINATOR_ADDRESS": f"localhost:{port}",
           "ASSOC_NUM_PROCESSES": "2", "ASSOC_PROCESS_ID": str(rank)}
    procs.append(subprocess.Popen(
        [sys.executable, "-m", "sims.hopfield_capacity",
         "--config=configs/hopfield_capacity.py:smoke", f"--workdir={workdir}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
  outputs = [p.communicate(timeout=300) for p in procs]
  assert [p.returncode for p in procs] == [0, 0], outputs[0][1][-2000:]
  assert "on 2 device(s)" in outputs[0][1]
  assert "records" not in outputs[1][1]  # only process 0 reports and writes
  expected = (capacity_smoke[0] / "results.jsonl").read_bytes()
  assert (workdir / "results.jsonl").read_bytes() == expected


def test_two_runs_started_together_on_one_workdir(capacity_smoke, tmp_path):
  """Two identical commands started at once on one workdir: one runs, the
  other fails at once with a clear error (exit 2) and writes nothing; the
  results file is the single run's, byte for byte, every record once."""
  workdir = tmp_path / "w"
  cmd = [sys.executable, "-m", "sims.hopfield_capacity",
         "--config=configs/hopfield_capacity.py:smoke", f"--workdir={workdir}"]
  procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True) for _ in range(2)]
  outs = [p.communicate(timeout=300) for p in procs]
  codes = sorted(p.returncode for p in procs)
  if codes == [0, 0]:  # only if one started after the other had finished
    assert any("all 48 records already in" in o[1] for o in outs), [o[1][-2000:] for o in outs]
  else:
    assert codes == [0, 2], [o[1][-2000:] for o in outs]
    loser = outs[[p.returncode for p in procs].index(2)][1]
    assert f"{workdir} is in use by another run (pid " in loser
  recs = records(workdir)
  keys = [(r["N"], r["alpha"], r["rule"], r["seed"]) for r in recs]
  assert len(keys) == len(set(keys)) == 2 * 3 * 8  # alphas x rules x seeds, once each
  assert (workdir / "results.jsonl").read_bytes() == \
      (capacity_smoke[0] / "results.jsonl").read_bytes()
