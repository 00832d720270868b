"""Shared figure helpers: saving PNG + PDF, style, the command line.

Figures read only a run's files (config.json, results.jsonl, summaries),
through `assoc.results` (`results.load`, `results.read_config`), and
`theory/`; they never import the simulators.
"""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {
    "figure.dpi": 110, "savefig.dpi": 200, "font.size": 9, "axes.titlesize": 10,
    "axes.labelsize": 9, "legend.fontsize": 7.5, "axes.spines.top": False,
    "axes.spines.right": False, "errorbar.capsize": 2, "lines.markersize": 4,
}
THEORY_COLOR = "black"


def save(fig, outdir: str, name: str) -> list[str]:
  """Writes outdir/name.png and outdir/name.pdf; returns the paths."""
  os.makedirs(outdir, exist_ok=True)
  paths = [os.path.join(outdir, f"{name}.{ext}") for ext in ("png", "pdf")]
  for path in paths:
    fig.savefig(path, bbox_inches="tight")
  plt.close(fig)
  return paths


def cli(make, name: str) -> None:
  """Entry point of one figure script: python -m paper_figs.NAME --workdir=DIR.

  Flags are defined here, not at import, so that paper_figs.all can import
  every figure module.
  """
  from absl import app, flags
  workdir = flags.DEFINE_string("workdir", None, f"Run directory of sims.{name}.")
  outdir = flags.DEFINE_string("outdir", "figures", "Where to write the PNG and PDF.")
  flags.mark_flag_as_required("workdir")

  def main(argv):
    del argv
    for path in make(workdir.value, outdir.value):
      print(path)

  app.run(main)
