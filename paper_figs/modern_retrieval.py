"""Figure H10 (docs/hopfield.md §5): one-step retrieval of modern Hopfield
networks. Left: mean one-step error ||f(x_i) - x_i|| from a stored pattern
vs the number of patterns P, per beta (markers), with the derived bound
2M(P-1)exp(-beta Delta) at the heuristic separation Delta = d - sqrt(2 d ln P)
(dashed). Right: every run's error over 2M(P-1) against beta Delta_i, with the
bound exp(-beta Delta) (solid): the error is exponentially small in beta Delta.

    python -m paper_figs.modern_retrieval --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common
from theory import modern as modern_theory

NAME = "modern_retrieval"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  d = max(r["d"] for r in records)
  records = [r for r in records if r["d"] == d]
  betas = sorted({r["beta"] for r in records})
  colors = dict(zip(betas, plt.cm.plasma(np.linspace(0.05, 0.8, len(betas)))))
  M = np.sqrt(d)
  with plt.rc_context(_common.STYLE):
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 4))
    for beta in betas:
      sel = [r for r in records if r["beta"] == beta]
      Ps = sorted({r["P"] for r in sel})
      err = [np.mean([r["error_mean"] for r in sel if r["P"] == P]) for P in Ps]
      ax.plot(Ps, err, "o-", ms=4, lw=0.8, color=colors[beta], label=f"β = {beta:g}")
      Pf = np.geomspace(min(Ps), max(Ps), 100)
      bound = modern_theory.one_step_bound(beta, modern_theory.separation_sphere(d, Pf), Pf, M)
      ax.plot(Pf, np.minimum(bound, 2 * M), "--", lw=0.9, color=colors[beta])
      x = [beta * r["separation"] for r in sel]
      y = [r["error"] / (2 * M * (r["P"] - 1)) for r in sel]
      bx.plot(x, y, ".", ms=3, alpha=0.6, color=colors[beta], label=f"β = {beta:g}")
    ax.plot([], [], "k--", lw=0.9, label="2M(P−1)e^(−βΔ), Δ = d − √(2d ln P) (derived)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("P (stored patterns)")
    ax.set_ylabel("one-step error ‖f(x_i) − x_i‖")
    ax.set_title(f"d = {d}, patterns on the sphere of radius √d")
    ax.legend(fontsize=6.5, frameon=False)
    xs = np.linspace(0, max(beta * r["separation"] for r in records for beta in [r["beta"]]), 200)
    bx.plot(xs, np.exp(-xs), "k-", lw=1.2, label="e^(−βΔ) (derived bound)")
    bx.set_yscale("log")
    positive = [r["error"] / (2 * M * (r["P"] - 1)) for r in records if r["error"] > 0]
    bx.set_ylim(max(min(positive) / 10, 1e-40), 2)
    bx.set_xlabel("β Δ_i")
    bx.set_ylabel("error / (2M(P − 1))")
    bx.legend(fontsize=6.5, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
