"""Figure M-4 (docs/muon_tail.md §8; Theorem 5.3 of Wang et al., arXiv
2509.26030 v2): the one-step balance rho^eps against K at fixed alpha,
beta. GD simulated (markers) against its closed form A^r/(A^r + K - 1)
(line) and the theorem's rate eps^-r K^(r-1) (dashed); Muon (exact polar)
simulated against the bound's leading term 1 - eps (line) and the exact
theory (crosses); SignGD for reference.

    python -m paper_figs.muon_vs_K --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _muon
from theory import muon_one_step as theory

NAME = "muon_vs_K"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  alpha, beta, eps, rounding = (config[k] for k in ("alpha", "beta", "eps", "L_rounding"))
  Ks = sorted({r["K"] for r in records})
  with plt.rc_context(_common.STYLE):
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.0, 5.4))
    # Multiples of 1/beta keep L = beta K exact, so the closed form is smooth.
    step = max(1, round(1 / beta)) if abs(1 / beta - round(1 / beta)) < 1e-9 else 1
    K_line = np.unique(np.round(np.logspace(np.log10(min(Ks)), np.log10(max(Ks)), 80)
                                / step).astype(int) * step)
    K_line = K_line[K_line >= 3]
    closed, rate = [], []
    for K in K_line:
      _, L = theory.two_level(int(K), alpha, beta, rounding)
      closed.append(theory.rho_gd(int(K), L, alpha, eps))
      rate.append(theory.rho_gd_rate(int(K), L, alpha, eps))
    ax.plot(K_line, closed, color=_common.THEORY_COLOR, lw=1.2, label="GD: A^r/(A^r + K − 1)")
    ax.plot(K_line, rate, color="tab:purple", ls="--", lw=1.0,
            label="GD: ε^−r K^(r−1) (Theorem 5.3)")
    ax.axhline(1 - eps, color="tab:green", lw=1.0, label="Muon: 1 − ε (Theorem 5.3)")
    bx.axhline(eps, color="tab:green", lw=1.0, label="ε (Theorem 5.3: 1 − ϱ ≤ ε(1 + O(log K/K)))")
    for (opt, emb), marker in ((("gd", "decoupled"), "o"), (("gd", "coupled"), "s"),
                              (("muon", "decoupled"), "o"), (("muon", "coupled"), "s"),
                              (("signgd", "decoupled"), "^"), (("signgd", "coupled"), "v")):
      sel = sorted((r for r in records if r["optimizer"] == opt and r["embedding"] == emb
                    and r["rho"] is not None), key=lambda r: r["K"])
      if not sel:
        continue
      _, color, _ = _muon.label(opt, emb)
      kw = dict(marker=marker, ls="none", mfc="none" if emb == "coupled" else color,
                mec=color, ms=7 if emb == "coupled" else 5)
      x = [r["K"] for r in sel]
      ax.plot(x, [r["rho"] for r in sel], label=f"{opt} {emb} (simulated)", **kw)
      ax.plot(x, [r["rho_theory"] for r in sel], "x", color="black", ms=3)
      if opt == "muon":
        bx.plot(x, [1 - r["rho"] for r in sel], label=f"Muon {emb} (simulated)", **kw)
        bx.plot(x, [1 - r["rho_theory"] for r in sel], "x", color="black", ms=3)
    ax.plot([], [], "x", color="black", ms=3, label="theory at each point")
    for a in (ax, bx):
      a.set_xscale("log")
      a.set_yscale("log")
      a.set_xlabel("K (facts)")
    ax.set_ylabel("ϱ^ε = min_k P_k at η*")
    bx.set_ylabel("1 − ϱ^ε (Muon, exact polar)")
    ax.set_title(f"(a) one step from 0: α = {alpha:g}, β = {beta:g}, ε = {eps:g}")
    bx.set_title("(b) Muon's distance from perfect balance")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False,
              fontsize=6.5)
    bx.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1, frameon=False,
              fontsize=6.5)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
