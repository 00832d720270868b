"""Figure H11 (docs/hopfield.md §5): the fixed points of modern Hopfield
networks as beta varies: fraction of runs ending at the global average, a
metastable state, or a single pattern, per start (random, pattern + noise)
and per pattern correlation (independent patterns; clusters of similar
patterns). No theory curve: the class boundaries depend on the choices of
docs/hopfield.md §8.10 (eps, in the title).

    python -m paper_figs.modern_fixed_points --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _hebbian_headlines as hh, _report

NAME = "modern_fixed_points"
STYLES = {"global": ("tab:gray", "s"), "metastable": ("tab:orange", "^"),
          "single": ("tab:blue", "o")}


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  correlations = sorted({r["correlation"] for r in records})
  starts = [s for s in ("random", "noisy") if any(r["start"] == s for r in records)]
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(len(correlations), len(starts),
                             figsize=(4.2 * len(starts), 3.0 * len(correlations)),
                             squeeze=False, sharex=True, sharey=True)
    for i, c in enumerate(correlations):
      for j, start in enumerate(starts):
        ax = axes[i, j]
        sel = [r for r in records if r["correlation"] == c and r["start"] == start]
        betas = sorted({r["beta"] for r in sel})
        for cls, (color, marker) in STYLES.items():
          frac = [np.mean([r["fixed_point"] == cls for r in sel if r["beta"] == b]) for b in betas]
          ax.plot(betas, frac, marker=marker, ms=4, lw=1.0, color=color, label=cls)
        ax.set_xscale("log")
        ax.set_ylim(-0.03, 1.03)
        what = "independent patterns" if c == 0 else (
            f"{config['clusters']} clusters, cosine ≈ {c:g}")
        ax.set_title(f"{start} start; {what}", fontsize=8.5)
        if i == len(correlations) - 1:
          ax.set_xlabel("β")
        if j == 0:
          ax.set_ylabel("fraction of runs")
    axes[0, 0].legend(fontsize=7, frameon=False)
    fig.suptitle(f"Modern Hopfield fixed points, d = {config['d']}, P = {config['P']}, "
                 f"ε = {config['eps']:g}", y=1.0)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/hopfield.md §3, §6 "modern energy", "modern
  limits" and the modern_fixed_points:quick row), fractions of runs with
  their binomial standard errors:

  - runs whose energy rose (energy_drop < -1e-6 d, the docs' 1e-6 relative
    tolerance on energies of order d; the records hold the net drop from
    start to fixed point, not each step's), against 0 (the paper: the update is
    a CCCP); tolerance half a run (0.5 / runs), a choice: no exception;
  - runs ending at the global average at the smallest beta, and at a single
    pattern at the largest beta, against 1 (derived limits: the mean
    pattern at beta = 0, the nearest pattern as beta -> inf); tolerance
    half a run, a choice;
  - metastable runs with independent patterns (correlation 0), every beta
    and start, against 0, and with clustered patterns (correlation 0.9) at
    0.1 <= beta <= 0.56, against 1: the docs' measurements (a reference
    simulation, this project's quick run). Tolerance 0.1, a choice.
  The classes depend on eps (docs/hopfield.md §8.10).
  """
  rows = _report.records(workdir)
  if not rows:
    return []
  out = []
  d = rows[0]["d"]
  half = lambda sel: 0.5 / max(len(sel), 1)

  def add(name, sel, flag, target, tol, provenance, note=""):
    if not sel:
      return
    p, se = hh.fraction([flag(r) for r in sel])
    out.append(_report.Quantity(
        name=name, figure=NAME, measured=p, error=se, theory=target, reference=None,
        provenance=provenance, compare_to="theory", tolerance=tol,
        note=f"{len(sel)} runs" + (f"; {note}" if note else "")))

  add("fraction of runs whose energy rose", rows, lambda r: r["energy_drop"] < -1e-6 * d, 0.0,
      half(rows), "paper: Ramsauer et al. 2021, arXiv 2008.02217 (CCCP)")
  betas = sorted({r["beta"] for r in rows})
  lo = _report.select(rows, beta=betas[0])
  add(f"fraction global (beta = {betas[0]:g})", lo, lambda r: r["fixed_point"] == "global",
      1.0, half(lo), "derived (beta -> 0: the mean pattern, docs/hopfield.md §3)")
  hi = _report.select(rows, beta=betas[-1])
  add(f"fraction single (beta = {betas[-1]:g})", hi, lambda r: r["fixed_point"] == "single",
      1.0, half(hi), "derived (beta -> inf: the nearest pattern, docs/hopfield.md §3)")
  ind = _report.select(rows, correlation=0.0)
  add("fraction metastable (independent patterns)", ind,
      lambda r: r["fixed_point"] == "metastable", 0.0, 0.1,
      "reference simulation (docs/hopfield.md §6, this project's quick run)", "every beta, start")
  clu = [r for r in _report.select(rows, correlation=0.9) if 0.1 - 1e-9 <= r["beta"] <= 0.5624]
  add("fraction metastable (clusters, 0.1 <= beta <= 0.56)", clu,
      lambda r: r["fixed_point"] == "metastable", 1.0, 0.1,
      "reference simulation (docs/hopfield.md §6, this project's quick run)", "cosine 0.9")
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
