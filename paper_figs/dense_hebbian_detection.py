"""Figure D4 (docs/dense_hebbian.md §9): ultra-detection. sqrt(rho) m
against the dataset entropy rho for a shallow (P = 2, K = alpha N) and a
dense (P = 4, K = alpha N^3) network, mean +- SE over seeds. Lines: the
derived RS T = 0 retrieval state at each network's load (modulated AGS for P
= 2; 0 beyond its capacity), the band of the large-rho plateau u in [0.651,
sqrt(2/pi)] (P = 4, derived) and the chance level sqrt(rho/N) of each N.

    python -m paper_figs.dense_hebbian_detection --workdir=DIR --outdir=figures

DIR is a sims.dense_hebbian_detection run.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common
from theory import dense_hebbian as dh

NAME = "dense_hebbian_detection"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(6.0, 4.4))
    rho = np.geomspace(min(r["rho"] for r in records), max(r["rho"] for r in records), 24)
    for i, P in enumerate(sorted({r["P"] for r in records})):
      sel = [r for r in records if r["P"] == P]
      N, alpha, K = sel[0]["N"], sel[0]["alpha"], sel[0]["K"]
      rhos = sorted({r["rho"] for r in sel})
      v = [np.array([r["sqrt_rho_m"] for r in sel if r["rho"] == x]) for x in rhos]
      se = [a.std(ddof=1) / math.sqrt(len(a)) if len(a) > 1 else 0.0 for a in v]
      color = f"C{i}"
      ax.errorbar(rhos, [a.mean() for a in v], yerr=se, fmt="o", ms=4, color=color,
                  label=f"Monte Carlo P = {P}, N = {N}, α = {alpha} (K = {K})")
      theory = [math.sqrt(x) * dh.zero_t_overlaps(alpha, x, P, "all_index")[0] for x in rho]
      ax.plot(rho, theory, color=color, lw=1.1, label=f"derived RS, P = {P} at α = {alpha}")
      ax.plot(rho, np.sqrt(rho / N), color=color, lw=0.7, ls=":",
              label=f"chance √(ρ/N), N = {N}")
    u_c = dh.plateau(4)[1]
    ax.axhspan(u_c, math.sqrt(2 / math.pi), color="0.85", zorder=0,
               label=f"derived plateau u ∈ [{u_c:.3f}, √(2/π)] (P = 4, α < {dh.plateau(4)[0]:.5f})")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.3)
    ax.set_xlabel("dataset entropy ρ")
    ax.set_ylabel("√ρ · m")
    ax.set_title("Ultra-detection: dense vs shallow networks, supervised, T = 0")
    ax.legend(fontsize=6, frameon=False, loc="upper left")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
