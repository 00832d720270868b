"""The reproduction report (paper_figs.report): REPORT.md and index.html from
the smoke runs of two families and a synthetic run, every declared quantity
in both, the verdict rules, and `--check` failing on a shifted record with
that quantity's name (and passing where nothing is outside)."""

from __future__ import annotations

import html.parser
import json
import shutil

import pytest

from tests.conftest import run_module
from paper_figs import _report, report
from paper_figs._figures import FIGURES

SMOKE_SIMS = ("hopfield_capacity", "outer_product_scaling")
# A 1x1 PNG: the report inlines OUTDIR/FIGURE.png as a data URI.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


def _write_jsonl(path, rows):
  path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _dense_exp_run(workdir, slope=0.87):
  """A synthetic run of sims.dense_exp_capacity (only the files its headlines
  read), every quantity within tolerance unless `slope` is shifted."""
  workdir.mkdir(parents=True)
  (workdir / "config.json").write_text(json.dumps({"preset": "smoke"}))
  _write_jsonl(workdir / "capacity.jsonl", [{
      "N": [8, 12, 16], "P50": [43.0, 421.0, 5200.0],
      "log2_P50": [5.426, 8.718, 12.344], "log2_P50_stderr": [0.05, 0.05, 0.05],
      "slope": slope, "slope_stderr": 0.01, "P50_gaussian": [60.0, 670.0, 8400.0],
      "slope_gaussian": 0.90, "log2_demircigil": [4.0, 6.0, 8.0], "slope_demircigil": 0.5}])


@pytest.fixture(scope="module")
def runs(smoke_run, tmp_path_factory):
  """WORKDIR/SIM: copies of the smoke runs of SMOKE_SIMS and a synthetic
  dense_exp_capacity run; OUTDIR with a PNG for one figure."""
  smoke_run.prefetch(SMOKE_SIMS)
  sources = {sim: smoke_run(sim)[0] for sim in SMOKE_SIMS}
  root = tmp_path_factory.mktemp("report")
  workdir = root / "runs" / "smoke"
  with smoke_run.holding(SMOKE_SIMS):  # no resume rewrites a summary meanwhile
    for sim, source in sources.items():
      shutil.copytree(source, workdir / sim, ignore=shutil.ignore_patterns("*.lock", "*.tmp.*"))
  _dense_exp_run(workdir / "dense_exp_capacity")
  outdir = root / "figures"
  outdir.mkdir()
  (outdir / "hopfield_capacity.png").write_bytes(PNG)
  return workdir, outdir


class _Parser(html.parser.HTMLParser):
  """Parses index.html, checking that every opened element is closed."""
  VOID = {"meta", "img", "br", "hr", "link", "input"}

  def __init__(self):
    super().__init__()
    self.stack, self.images, self.text, self.errors = [], [], [], []

  def handle_starttag(self, tag, attrs):
    if tag == "img":
      self.images.append(dict(attrs))
    if tag not in self.VOID:
      self.stack.append(tag)

  def handle_endtag(self, tag):
    if not self.stack or self.stack[-1] != tag:
      self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
    else:
      self.stack.pop()

  def handle_data(self, data):
    self.text.append(data)


def test_verdicts():
  q = lambda **kw: _report.Quantity(**{
      "name": "x", "figure": "f", "measured": 1.0, "error": 0.01, "theory": 1.05,
      "reference": None, "provenance": "derived", "compare_to": "theory",
      "tolerance": 0.1, **kw})
  assert q().verdict == "within"
  assert q(measured=1.2).verdict == "outside"
  assert q(error=0.06).verdict == "unresolved"     # 2 error > tolerance: too noisy
  assert q(error=None).verdict == "within"
  assert q(measured=None).verdict == "unresolved"
  assert q(measured=float("nan")).verdict == "unresolved"
  assert q(compare_to="reference").verdict == "unresolved"  # no reference value
  assert q(compare_to="reference", reference=1.0, theory=None).verdict == "within"
  with pytest.raises(ValueError):
    q(tolerance=0.0)
  with pytest.raises(ValueError):
    q(compare_to="paper")


def test_headlines_of_an_empty_run_are_empty(tmp_path):
  """Every declared `headlines` reads a run that holds no records yet."""
  (tmp_path / "config.json").write_text("{}")
  declared = [f for f, _ in FIGURES
              if hasattr(__import__(f"paper_figs.{f}", fromlist=["_"]), "headlines")]
  assert {"hopfield_capacity", "outer_schemes", "dense_capacity"} <= set(declared)
  for figure in declared:
    module = __import__(f"paper_figs.{figure}", fromlist=["_"])
    assert module.headlines(str(tmp_path)) == [], figure


def test_report_files_hold_every_declared_quantity(runs):
  workdir, outdir = runs
  proc = run_module("paper_figs.report", f"--workdir={workdir}", f"--outdir={outdir}")
  sections = report.collect(str(workdir))
  figures = {s.figure for s in sections}
  assert {"hopfield_capacity", "outer_schemes", "outer_scaling_d", "outer_scaling_T",
          "dense_exp_capacity"} <= figures
  assert not [s.error for s in sections if s.error]
  quantities = [q for s in sections for q in s.quantities]
  assert len(quantities) >= 10

  md = (outdir / "REPORT.md").read_text()
  assert md.startswith("# Reproduction report (smoke)")
  assert "| quantity | measured ± error | theory | reference (provenance) | tolerance | " \
         "verdict |" in md
  for s in sections:
    assert f"## {s.figure} (`sims.{s.sim}`)" in md
    assert f"python -m sims.{s.sim} --config=configs/{s.sim}.py:smoke" in md
  assert "![hopfield_capacity](hopfield_capacity.png)" in md

  parser = _Parser()
  parser.feed((outdir / "index.html").read_text())
  parser.close()
  assert not parser.errors and not parser.stack, (parser.errors, parser.stack)
  assert [i["src"][:22] for i in parser.images] == ["data:image/png;base64,"]
  text = " ".join(parser.text)
  for q in quantities:
    assert f"| {q.name} |" in md, q.name
    assert q.name in text, q.name
    assert q.verdict in md
  counts = {v: sum(q.verdict == v for q in quantities) for v in _report.VERDICTS}
  assert f"{counts['within']} of {len(quantities)} headline quantities within tolerance" \
      in proc.stdout


def test_check_passes_and_fails_on_a_shifted_record(runs, tmp_path):
  # Nothing outside: exit 0.
  _dense_exp_run(tmp_path / "good" / "dense_exp_capacity")
  proc = run_module("paper_figs.report", f"--workdir={tmp_path / 'good'}", "--check")
  assert "none outside" in proc.stderr
  # The growth rate shifted by 0.2 (tolerance 0.05): exit 1, naming it.
  _dense_exp_run(tmp_path / "bad" / "dense_exp_capacity", slope=0.67)
  proc = run_module("paper_figs.report", f"--workdir={tmp_path / 'bad'}", "--check",
                    check=False)
  assert proc.returncode == 1
  assert "dense_exp_capacity: growth of log2 P_50 per N" in proc.stderr

  # A real run: the Hebbian overlaps at the smallest load shifted by -0.5 in
  # results.jsonl; --check names that quantity, which was not outside before.
  workdir, _ = runs
  shifted = tmp_path / "shifted"
  shutil.copytree(workdir, shifted)
  path = shifted / "hopfield_capacity" / "results.jsonl"
  rows = [json.loads(line) for line in path.read_text().splitlines()]
  a = min(r["alpha"] for r in rows)
  for r in rows:
    if r["rule"] == "hebbian" and r["alpha"] == a:
      r["overlap"] -= 0.5
  _write_jsonl(path, rows)
  N = rows[0]["N"]
  name = f"hopfield_capacity: m (alpha = {a:g}, N = {N}, hebbian)"
  assert name not in report.summarize(report.collect(str(workdir)))["outside_names"]
  proc = run_module("paper_figs.report", f"--workdir={shifted}", "--check", check=False)
  assert proc.returncode == 1
  assert name in proc.stderr.split("outside tolerance:")[1]
  assert not (shifted / "REPORT.md").exists()  # --check alone writes nothing
