r"""The reproduction report: every headline number of the main job against
theory and the papers, on one page, and a check that fails when one drifts.

    python -m paper_figs.report --workdir=runs/quick                # writes figures/quick/
    python -m paper_figs.report --workdir=runs/quick --outdir=figures/quick
    python -m paper_figs.report --workdir=runs/quick --check        # exit 1 if one is outside

For each (figure, simulation) of paper_figs._figures.FIGURES whose run directory
WORKDIR/SIM exists, it imports paper_figs.<figure> and calls its
`headlines(run_dir)` where the module defines one (the declaration lives
beside each figure: paper_figs/_report.py). It recomputes nothing: it reads
the run files that the simulations wrote. It writes

  OUTDIR/REPORT.md    one table per figure (quantity, measured ± error,
                      theory, reference (provenance), tolerance, verdict) and
                      the commands that reproduce it;
  OUTDIR/index.html   the same, self-contained: each figure's PNG inline
                      (OUTDIR/FIGURE.png, a data URI) beside its table;

and prints a one-screen summary: how many quantities are within tolerance,
outside it (by name), unresolved (the preset cannot decide: too noisy for
the tolerance, or a value missing; never counted as within). With --check
nothing is written unless --outdir is given, and the exit status is 1 when
a quantity is outside its tolerance (or a figure's headlines fail to read),
each named on stderr; unresolved quantities are listed and do not fail it.

paper_figs.all calls `write` at the end of the main job.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import html
import importlib
import json
import os
import sys
import traceback

from paper_figs import _report
from paper_figs._figures import FIGURES

PRESETS = ("smoke", "quick", "default")


@dataclasses.dataclass
class Section:
  """The headline quantities of one figure (error: why they could not be
  read)."""
  figure: str
  sim: str
  run_dir: str
  quantities: list[_report.Quantity]
  error: str | None = None


def collect(workdir: str, only: list[str] | None = None,
            figures=None) -> list[Section]:
  """The sections of every figure with `headlines` whose run exists under
  `workdir` (WORKDIR/SIM/config.json); `figures`: (figure, simulation) pairs,
  by default paper_figs._figures.FIGURES."""
  sections = []
  for figure, sim in figures or FIGURES:
    if only and figure not in only:
      continue
    run_dir = os.path.join(workdir, sim)
    if not os.path.exists(os.path.join(run_dir, "config.json")):
      continue
    try:
      module = importlib.import_module(f"paper_figs.{figure}")
      if not hasattr(module, "headlines"):
        continue
      quantities = list(module.headlines(run_dir))
      names = [q.name for q in quantities]
      dupes = sorted({n for n in names if names.count(n) > 1})
      if dupes:
        raise ValueError(f"duplicate quantity names: {', '.join(dupes)}")
      sections.append(Section(figure, sim, run_dir, quantities))
    except Exception as e:  # noqa: BLE001  (a broken declaration is reported, not fatal)
      detail = traceback.format_exception_only(type(e), e)[-1].strip()
      sections.append(Section(figure, sim, run_dir, [], error=detail))
  return sections


def summarize(sections: list[Section]) -> dict:
  quantities = [q for s in sections for q in s.quantities]
  by = {v: [f"{q.figure}: {q.name}" for q in quantities if q.verdict == v]
        for v in _report.VERDICTS}
  return {"total": len(quantities), **{v: len(by[v]) for v in _report.VERDICTS},
          "outside_names": by["outside"], "unresolved_names": by["unresolved"],
          "errors": [f"{s.figure}: {s.error}" for s in sections if s.error],
          "figures": len(sections)}


# -------------------------------------------------------------------- formatting

def _num(x, digits=4) -> str:
  if x is None:
    return "—"
  x = float(x)
  if x == 0:
    return "0"
  return f"{x:.{digits}g}"


def _measured(q: _report.Quantity) -> str:
  m = _num(q.measured)
  return m if q.error is None or q.measured is None else f"{m} ± {_num(q.error, 2)}"


def _reference(q: _report.Quantity) -> str:
  if q.bounds is not None:
    return f"[{_num(q.bounds[0])}, {_num(q.bounds[1])}] (criterion: {q.provenance})"
  if q.reference is None:
    return "—"
  return f"{_num(q.reference)} ({q.provenance})"


def _theory(q: _report.Quantity) -> str:
  t = _num(q.theory)
  return t if q.reference is not None or q.theory is None else f"{t} ({q.provenance})"


def _target_mark(q: _report.Quantity, column: str) -> str:
  return " ◀" if q.compare_to == column else ""


def _preset(section: Section, default: str) -> str:
  try:
    with open(os.path.join(section.run_dir, "config.json")) as f:
      p = json.load(f).get("preset")
    return p if p in PRESETS else default
  except (OSError, ValueError):
    return default


def commands(section: Section, outdir: str, preset: str) -> list[str]:
  p = _preset(section, preset)
  config = f"configs/{section.sim}.py" + ("" if p == "default" else f":{p}")
  return [f"python -m sims.{section.sim} --config={config} --workdir={section.run_dir}",
          f"python -m paper_figs.{section.figure} --workdir={section.run_dir} --outdir={outdir}"]


HEADER = ("quantity", "measured ± error", "theory", "reference (provenance)", "tolerance",
          "verdict")


def _row(q: _report.Quantity) -> list[str]:
  return [q.name, _measured(q), _theory(q) + _target_mark(q, "theory"),
          _reference(q) + _target_mark(q, "reference"), _num(q.tolerance, 3), q.verdict]


def _summary_lines(summary: dict) -> list[str]:
  lines = [f"{summary['within']} of {summary['total']} headline quantities within tolerance, "
           f"{summary['outside']} outside, {summary['unresolved']} unresolved "
           f"({summary['figures']} figures)."]
  for verdict in ("outside", "unresolved"):
    by_figure: dict[str, list[str]] = {}
    for qualified in summary[f"{verdict}_names"]:
      figure, name = qualified.split(": ", 1)
      by_figure.setdefault(figure, []).append(name)
    if by_figure:
      lines.append(f"{verdict}:")
      lines += [f"  {figure}: " + "; ".join(names) for figure, names in by_figure.items()]
  if summary["errors"]:
    lines.append("could not read: " + "; ".join(summary["errors"]))
  return lines


def _md_cell(text: str) -> str:
  return text.replace("|", "\\|").replace("\n", " ")


def markdown(sections: list[Section], summary: dict, workdir: str, outdir: str,
             preset: str) -> str:
  lines = [f"# Reproduction report ({preset})", "",
           f"Runs: `{workdir}`; written {datetime.date.today().isoformat()} by "
           f"`python -m paper_figs.report --workdir={workdir} --outdir={outdir}` "
           f"(it recomputes nothing).", ""]
  for i, line in enumerate(_summary_lines(summary)):
    lines.append(f"**{line}**" if i == 0 else f"- {line.strip()}" if line.startswith("  ")
                 else f"\n{line}\n")
  lines += ["", "Verdict: *within* if |measured − target| ≤ tolerance, where the target (◀) "
            "is the theory or the reference value; *unresolved* where a value is missing or "
            "2 × error > tolerance (never counted as within).", ""]
  for s in sections:
    lines += [f"## {s.figure} (`sims.{s.sim}`)", ""]
    if os.path.exists(os.path.join(outdir, f"{s.figure}.png")):
      lines += [f"![{s.figure}]({s.figure}.png)", ""]
    lines += ["```"] + commands(s, outdir, preset) + ["```", ""]
    if s.error:
      lines += [f"**could not read its headlines:** {_md_cell(s.error)}", ""]
      continue
    lines += ["| " + " | ".join(HEADER) + " | note |",
              "|" + "---|" * (len(HEADER) + 1)]
    for q in s.quantities:
      cells = _row(q)
      cells[-1] = f"**{q.verdict}**" if q.verdict == "outside" else q.verdict
      lines.append("| " + " | ".join(_md_cell(c) for c in cells + [q.note]) + " |")
    lines.append("")
  return "\n".join(lines)


_CSS = """
body { font-family: sans-serif; margin: 1.5em; max-width: 110em; }
.fig { display: flex; gap: 1.5em; align-items: flex-start; margin-bottom: 2em;
       border-top: 1px solid #ccc; padding-top: 1em; }
.fig img { max-width: 48%; height: auto; }
table { border-collapse: collapse; font-size: 0.85em; }
td, th { border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: left; }
td.within { background: #e3f4e3; } td.outside { background: #f8d7d7; }
td.unresolved { background: #eee; color: #555; }
pre { font-size: 0.8em; background: #f6f6f6; padding: 0.5em; white-space: pre-wrap; }
.note { color: #555; }
"""


def _image(outdir: str, figure: str) -> str:
  path = os.path.join(outdir, f"{figure}.png")
  if not os.path.exists(path):
    return "<p><em>(no figure drawn)</em></p>"
  with open(path, "rb") as f:
    data = base64.b64encode(f.read()).decode("ascii")
  return f'<img alt="{html.escape(figure)}" src="data:image/png;base64,{data}">'


def html_page(sections: list[Section], summary: dict, workdir: str, outdir: str,
              preset: str) -> str:
  e = html.escape
  out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
         f"<title>Reproduction report ({e(preset)})</title><style>{_CSS}</style></head><body>",
         f"<h1>Reproduction report ({e(preset)})</h1>",
         f"<p>Runs: <code>{e(workdir)}</code>; nothing recomputed.</p>"]
  lines = _summary_lines(summary)
  out.append(f"<p><strong>{e(lines[0])}</strong></p>")
  out += [f"<p>{e(line)}</p>" for line in lines[1:]]
  for s in sections:
    out.append(f'<div class="fig" id="{e(s.figure)}">{_image(outdir, s.figure)}<div>')
    out.append(f"<h2>{e(s.figure)} <small>(sims.{e(s.sim)})</small></h2>")
    out.append("<pre>" + e("\n".join(commands(s, outdir, preset))) + "</pre>")
    if s.error:
      out.append(f"<p><strong>could not read its headlines:</strong> {e(s.error)}</p>")
    else:
      out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in HEADER) + "</tr>")
      for q in s.quantities:
        cells = _row(q)
        row = "".join(f"<td>{e(c)}</td>" for c in cells[:-1])
        row += f'<td class="{e(q.verdict)}">{e(q.verdict)}</td>'
        out.append(f"<tr>{row}</tr>")
        if q.note:
          out.append(f'<tr><td colspan="{len(HEADER)}" class="note">{e(q.note)}</td></tr>')
      out.append("</table>")
    out.append("</div></div>")
  out.append("</body></html>")
  return "\n".join(out)


def write(workdir: str, outdir: str, preset: str | None = None,
          only: list[str] | None = None, stream=None, figures=None) -> dict:
  """Writes OUTDIR/REPORT.md and OUTDIR/index.html from the runs under
  `workdir` (WORKDIR/SIM), prints the one-screen summary to `stream` and
  returns it (counts per verdict, the names outside and unresolved)."""
  preset = preset or _infer_preset(workdir)
  sections = collect(workdir, only, figures)
  summary = summarize(sections)
  os.makedirs(outdir, exist_ok=True)
  paths = {"report": os.path.join(outdir, "REPORT.md"),
           "html": os.path.join(outdir, "index.html")}
  from assoc import results
  results.write_atomic(paths["report"], markdown(sections, summary, workdir, outdir, preset))
  results.write_atomic(paths["html"], html_page(sections, summary, workdir, outdir, preset))
  summary["paths"] = paths
  print_summary(summary, stream)
  return summary


def print_summary(summary: dict, stream=None) -> None:
  stream = stream or sys.stdout
  print("\nreproduction report: " + "\n  ".join(_summary_lines(summary)), file=stream)
  for path in summary.get("paths", {}).values():
    print(f"  {path}", file=stream)


def _infer_preset(workdir: str) -> str:
  name = os.path.basename(os.path.normpath(workdir))
  return name if name in PRESETS else "quick"


# The report's own flags, apart from absl's global ones: paper_figs.all,
# which imports this module to write the report at its end, defines
# --workdir, --outdir, --preset and --only there with other meanings.
FLAGS = None


def _define_flags():
  from absl import flags
  fv = flags.FlagValues()
  flags.DEFINE_string("workdir", None, "Root of the run directories of one preset "
                      "(WORKDIR/SIM), e.g. runs/quick.", flag_values=fv)
  flags.DEFINE_string("outdir", None, "Where to write REPORT.md and index.html, beside the "
                      "figures (default figures/PRESET; with --check: nothing written).",
                      flag_values=fv)
  flags.DEFINE_string("preset", None, "The preset, for the commands in the report (default: "
                      "from each run's config, else the workdir's name).", flag_values=fv)
  flags.DEFINE_bool("check", False, "Exit 1 naming each quantity outside its tolerance.",
                    flag_values=fv)
  flags.DEFINE_list("only", [], "Figure names to report (default: all).", flag_values=fv)
  return fv


def _parse(argv):
  from absl import flags
  global FLAGS
  FLAGS = _define_flags()
  if any(a in ("--help", "-h", "--helpfull") for a in argv[1:]):
    print(__doc__ + "\nflags:\n" + FLAGS.main_module_help(), file=sys.stderr)
    sys.exit(0)
  try:
    rest = FLAGS(argv)
  except flags.Error as e:
    sys.exit(f"paper_figs.report: {e}")
  if FLAGS.workdir is None:
    sys.exit("paper_figs.report: --workdir is required (e.g. --workdir=runs/quick)")
  flags.FLAGS(argv[:1])  # absl's global flags (logging) at their defaults
  return rest


def main(argv):
  del argv
  f = FLAGS
  workdir = f.workdir
  preset = f.preset or _infer_preset(workdir)
  if not os.path.isdir(workdir):
    sys.exit(f"paper_figs.report: {workdir} is not a directory")
  outdir = f.outdir
  if f.check and outdir is None:
    summary = summarize(collect(workdir, f.only))
    print_summary(summary)
  else:
    outdir = outdir or os.path.join("figures", preset)
    summary = write(workdir, outdir, preset, f.only)
  if f.check:
    if summary["total"] == 0 and not summary["errors"]:
      print(f"paper_figs.report --check: no headline quantities under {workdir}",
            file=sys.stderr)
      sys.exit(1)
    failing = summary["outside_names"] + [f"{e} (error)" for e in summary["errors"]]
    if failing:
      print("paper_figs.report --check: outside tolerance:", file=sys.stderr)
      for name in failing:
        print(f"  {name}", file=sys.stderr)
      sys.exit(1)
    print(f"paper_figs.report --check: {summary['within']} within tolerance, "
          f"{summary['unresolved']} unresolved, none outside", file=sys.stderr)
    if summary["within"] == 0:
      print("paper_figs.report --check: warning: no quantity is resolved at this preset, "
            "so nothing was checked", file=sys.stderr)


if __name__ == "__main__":
  from absl import app
  app.run(main, flags_parser=_parse)
