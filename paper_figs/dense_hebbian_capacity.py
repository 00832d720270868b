"""Figure D2 (docs/dense_hebbian.md §9): the capacity of supervised dense
Hebbian learning against the dataset entropy rho, log-log. Lines: the
derived T = 0 capacity alpha_c(rho) for P = 4 and 6, all-index (solid; the
convention simulated) and distinct (dashed), and the large-rho plateau.
Markers: the Monte Carlo capacity of the run (P = 4), where the mean m falls
through half its low-load value, with the bracketing grid loads as the
error bar; an open side is drawn as an arrow. At small N retrieval persists
well past the RS capacity.

    python -m paper_figs.dense_hebbian_capacity --workdir=DIR --outdir=figures

DIR is a sims.dense_hebbian_capacity run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common
from theory import dense_hebbian as dh

NAME = "dense_hebbian_capacity"


def make(workdir: str, outdir: str) -> list[str]:
  caps = results.load(workdir, "capacity.jsonl")
  config = results.read_config(workdir)
  rho = np.geomspace(0.01, 100, 60)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5.8, 4.4))
    for P, color in ((4, "tab:blue"), (6, "tab:orange")):
      for convention, ls in (("all_index", "-"), ("distinct", "--")):
        ax.plot(rho, [dh.alpha_c(P, r, convention) for r in rho], color=color, ls=ls, lw=1.1,
                label=f"derived α_c(ρ), P = {P}, {convention.replace('_', '-')}")
      ax.axhline(dh.plateau(P)[0], color=color, lw=0.6, ls=":")
    ax.plot([], [], color="0.4", lw=0.6, ls=":", label="derived large-ρ plateau (all-index)")
    for c in caps:
      x = max(c["rho"], 0.01)  # rho = 0 drawn at the left edge
      if c["alpha_mc"] is not None:
        ax.errorbar([x], [c["alpha_mc"]], yerr=[[c["alpha_mc"] - c["alpha_lo"]],
                                                [c["alpha_hi"] - c["alpha_mc"]]],
                    fmt="o", color="tab:blue", ms=5)
      elif c["alpha_lo"] is not None:
        ax.plot([x], [c["alpha_lo"]], "^", color="tab:blue", ms=6)
      elif c["alpha_hi"] is not None:
        ax.plot([x], [c["alpha_hi"]], "v", color="tab:blue", ms=6)
    ax.plot([], [], "o", color="tab:blue",
            label=f"Monte Carlo P = {config['P']}, N = {config['N']}, M = {config['M']} "
                  f"(m below ½ its low-load value; ▲▼ open bracket)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("dataset entropy ρ   (ρ = 0 drawn at 0.01)")
    ax.set_ylabel("capacity α_c (K = α N^(P−1))")
    ax.set_title("Supervised dense Hebbian learning: capacity vs data quality, T = 0")
    ax.legend(fontsize=6, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
