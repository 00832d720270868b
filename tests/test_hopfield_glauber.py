"""End to end: `python -m sims.hopfield_glauber` on its smoke preset."""

import json

import pytest

from tests.conftest import records, run_sim
from theory import ags


@pytest.fixture(scope="module")
def glauber_smoke(smoke_run):
  return smoke_run("hopfield_glauber")


def test_smoke_numbers(glauber_smoke):
  workdir, proc = glauber_smoke
  recs = records(workdir)
  assert len(recs) == 2 * 2 * 4  # alpha x T x seeds at N = 200
  assert "16/16 records" in proc.stderr
  for r in recs:
    a = r["P"] / 200
    assert r["T_M_theory"] == pytest.approx(ags.t_m(a), abs=1e-9)
    assert r["m_theory"] == pytest.approx(ags.overlap_rs(a, r["T"]), abs=1e-9)
    if r["T"] == 0.3:  # retrieval phase: the runs stay at the pattern
      assert r["retrieving"] and abs(r["m_mean"] - r["m_theory"]) < 0.03
      assert 0.9 < r["q_mean"] <= 1.0
    else:  # T = 1.3 > T_g: paramagnet
      assert not r["retrieving"] and abs(r["m_mean"]) < 0.2 and abs(r["q_mean"]) < 0.2
      assert r["m_theory"] == 0.0
  boundary = [json.loads(l) for l in open(workdir / "boundary.jsonl")]
  assert {(b["alpha"], round(b["T_M_theory"], 3)) for b in boundary} == {
      (0.02, round(ags.t_m(0.02), 3)), (0.05, round(ags.t_m(0.05), 3))}
  assert all(0.3 <= b["T_50"] <= 1.3 for b in boundary)


def test_rerun_resumes(glauber_smoke, smoke_run):
  workdir, _ = glauber_smoke
  before = (workdir / "results.jsonl").read_bytes()
  proc = smoke_run.rerun("hopfield_glauber")
  assert "all 16 records already" in proc.stderr
  assert (workdir / "results.jsonl").read_bytes() == before


def test_bad_temperature(tmp_path):
  proc = run_sim("hopfield_glauber", "smoke", tmp_path / "w", "--config.T=-0.5", check=False)
  assert proc.returncode == 2 and "config.T: every temperature must be >= 0" in proc.stderr
