"""Figure D5 (docs/dense_hebbian.md §9): retrieval at finite temperature,
P = 4. One panel per rho: the Monte Carlo mean m at each (alpha, T) as a
coloured marker, the measured retrieval temperature (mean m through the
run's m_threshold) per alpha, and the derived T_M(alpha) of both index
conventions at the simulated loads, from the run's temperature.jsonl
(all-index solid: the one simulated; 0 past alpha_c is not drawn), with the
low-load spinodal T_s.

    python -m paper_figs.dense_hebbian_temperature --workdir=DIR --outdir=figures

DIR is a sims.dense_hebbian_temperature run.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _hebbian_headlines as hh, _report
from theory import dense_hebbian as dh

NAME = "dense_hebbian_temperature"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  summary = results.load(workdir, "temperature.jsonl")
  config = results.read_config(workdir)
  P = config["P"]
  rhos = sorted({r["rho"] for r in records})
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(rhos), figsize=(4.6 * len(rhos), 4.0), squeeze=False)
    for ax, rho in zip(axes[0], rhos):
      sel = [r for r in records if r["rho"] == rho]
      cells = sorted({(r["alpha"], r["T"]) for r in sel})
      m = [np.mean([r["m"] for r in sel if (r["alpha"], r["T"]) == c]) for c in cells]
      sc = ax.scatter([c[0] for c in cells], [c[1] for c in cells], c=m, vmin=0, vmax=1,
                      cmap="viridis", s=28, edgecolors="none")
      alpha_max = max(c[0] for c in cells) * 1.15
      rows = sorted((x for x in summary if x["rho"] == rho), key=lambda x: x["alpha"])
      for convention, ls in (("all_index", "-"), ("distinct", "--")):
        T_M = [x[f"T_M_{convention}"] for x in rows]
        ax.plot([x["alpha"] for x in rows], [t if t > 0 else np.nan for t in T_M], ls=ls,
                marker="x", ms=4, color="k", lw=1.0,
                label=f"derived T_M(α), {convention.replace('_', '-')}")
      ax.axhline(dh.spinodal_temperature(P)[0], color="0.5", lw=0.7, ls=":",
                 label="derived low-load spinodal T_s")
      s = [x for x in summary if x["rho"] == rho and x["T_mc"] is not None]
      ax.plot([x["alpha"] for x in s], [x["T_mc"] for x in s], "s", mfc="none", mec="tab:red",
              ms=7, label=f"Monte Carlo T where m = {config['m_threshold']}")
      ax.set_xlim(0, alpha_max)
      ax.set_xlabel("load α (K = α N^(P−1))")
      ax.set_ylabel("temperature T")
      ax.set_title(f"ρ = {rho}")
      ax.legend(fontsize=6, frameon=False, loc="lower left")
    fig.colorbar(sc, ax=axes[0].tolist(), label="Monte Carlo mean m", shrink=0.8)
    fig.suptitle(f"Supervised dense Hebbian learning at finite T: P = {P}, N = {config['N']}, "
                 f"M = {config['M']}")
    return _common.save(fig, outdir, NAME)


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/dense_hebbian.md §4, §9 D5), per (rho, alpha) of
  temperature.jsonl: T_MC, the temperature at which the mean m over seeds
  falls through m_threshold (heat bath from archetype 1, linear in T as
  sims.dense_hebbian_temperature), against the derived retrieval line
  T_M(alpha) in the all-index convention the code simulates (0 past
  alpha_c(rho)). Error: the standard errors of the two bracketing means
  carried through the interpolation (delta method; the quick preset has 2
  seeds, so these errors are themselves rough). Tolerance 0.01, a choice:
  the docs give none at P = 4; it is about 12 % of T_s(P = 4) = 0.0826, the
  relative size of the Hopfield tolerance (0.03 at T_M ~ 0.3,
  docs/hopfield.md §6), and the quick T step. T_M is where the retrieval
  state ceases to exist; at N = 100 the network escapes earlier (first-order
  transition) and retrieves past alpha_c, so T_MC below T_M is expected at
  this size (finite N).
  """
  rows = _report.records(workdir)
  out = []
  for t in _report.records(workdir, "temperature.jsonl"):
    rho, alpha = t["rho"], t["alpha"]
    sel = _report.select(rows, rho=rho, alpha=alpha)
    x, err, lo, hi = hh.crossing_of(sel, "T", t["m_threshold"], lambda r: r["m"])
    if x is None:
      x = _report.value(t.get("T_mc"))
      err = math.inf  # the summary's value: noise unknown
    out.append(_report.Quantity(
        name=f"T_MC (rho = {rho:g}, alpha = {alpha:g})", figure=NAME, measured=x, error=err,
        theory=_report.value(t["T_M_all_index"]), reference=None,
        provenance="derived (T_M(alpha), all-index, docs/dense_hebbian.md §4)",
        compare_to="theory", tolerance=0.01,
        note=f"T_MC {hh.bracket_note(lo, hi)}; T_s = {t['T_s']:.4f}"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
