"""Figures: every figure script draws PNG + PDF from a run, and paper_figs.all
(the README's main job) works end to end."""

from paper_figs import all as paper_figs_all
from paper_figs import hopfield_capacity as fig_capacity
from tests.conftest import run_module


def _is_png(path):
  with open(path, "rb") as f:
    return f.read(8) == b"\x89PNG\r\n\x1a\n"


def _is_pdf(path):
  with open(path, "rb") as f:
    return f.read(5) == b"%PDF-"


def test_capacity_figure(capacity_smoke, tmp_path):
  workdir, _ = capacity_smoke
  png, pdf = fig_capacity.make(str(workdir), str(tmp_path))
  assert _is_png(png) and _is_pdf(pdf)


def test_all_runs_every_simulation_and_draws_every_figure(smoke_run, smoke_root, tmp_path):
  """The README's main job at the smoke preset. Its workdir is the session's
  root of smoke runs: the smoke runs no test module made yet are made first
  (or waited for, when another pytest-xdist worker has them under way), so
  that no two processes ever write one workdir; paper_figs.all then resumes
  every simulation (finds it complete) in its worker processes and draws."""
  sims = [sim for _, sim in paper_figs_all.FIGURES]
  smoke_run.prefetch(sims)
  for sim in sims:
    smoke_run(sim)
  with smoke_run.holding(sims):
    proc = run_module("paper_figs.all", "--preset=smoke", f"--workdir={smoke_root}",
                      f"--outdir={tmp_path / 'figs'}")
  for name, sim in paper_figs_all.FIGURES:
    assert (smoke_root / "smoke" / sim / "results.jsonl").stat().st_size > 0
    assert _is_png(tmp_path / "figs" / "smoke" / f"{name}.png")
    assert _is_pdf(tmp_path / "figs" / "smoke" / f"{name}.pdf")
  assert "total" in proc.stdout


def test_all_rejects_unknown_figures(tmp_path):
  proc = run_module("paper_figs.all", "--preset=smoke", "--only=nope", check=False)
  assert proc.returncode != 0 and "unknown figure(s) nope" in proc.stderr


def test_all_in_one_process(tmp_path):
  """--jobs=1: every simulation in this process, its output on the terminal."""
  proc = run_module("paper_figs.all", "--preset=smoke", "--jobs=1", "--only=conditioning",
                    f"--workdir={tmp_path / 'runs'}", f"--outdir={tmp_path / 'figs'}")
  assert _is_png(tmp_path / "figs" / "smoke" / "conditioning.png")
  assert "(--jobs=1)" in proc.stdout and "conditioning" in proc.stdout
