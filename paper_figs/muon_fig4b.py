"""Figure M-1 (Wang et al., arXiv 2509.26030 v2, Fig. 4b; docs/muon_tail.md
§8): one step from W = 0, the path (L(W_eta), Delta(W_eta)) over the step
size eta for GD, SignGD and Muon (exact polar) with coupled and decoupled
embeddings, simulated by real optax steps (solid), over the exact theory
(black dashed: GD's closed form; thin dotted: Muon and decoupled SignGD from
the group-symmetric reduction). Markers: eta*, with rho^eps measured and
theory in the legend. Delta is clipped at delta_floor (decoupled SignGD has
Delta = 0 exactly).

    python -m paper_figs.muon_fig4b --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _muon
from theory import muon_one_step as theory

NAME = "muon_fig4b"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  K = _muon.figure_K(records)
  curves = _muon.by_curve(records, K)
  floor = config["delta_floor"]
  alpha, eps = config["alpha"], config["eps"]
  etas = theory.eta_grid(config["eta_min"], config["eta_max"], config["num_eta"])
  _, L = theory.two_level(K, alpha, config["beta"], config["L_rounding"])

  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(7.2, 6.2))
    # Theory.
    loss, delta = theory.gd_path(etas, K, L, alpha)
    ax.plot(loss, np.maximum(delta, floor), color=_common.THEORY_COLOR, ls="--", lw=1.3,
            label="GD closed form", zorder=5)
    for method, color in (("muon", "tab:green"), ("signgd", "tab:red")):
      d = theory.one_step_direction(method, K, L, alpha)
      loss, delta = theory.one_step_path(d, etas, K, L, alpha)
      ax.plot(loss, np.maximum(delta, floor), color="black", ls=":", lw=1.0,
              label=f"{'Muon' if method == 'muon' else 'SignGD dec.'} theory (derived)")
    # Simulation.
    for (opt, emb), r in curves.items():
      name, color, ls = _muon.label(opt, emb)
      loss = np.asarray(r["path_loss"])
      delta = np.maximum(np.asarray(r["path_delta"]), floor)
      rho = "—" if r["rho"] is None else f"{r['rho']:.5g}"
      ax.plot(loss, delta, color=color, ls=ls, lw=1.8 if ls == "-" else 1.4, alpha=0.9,
              label=f"{name}: ϱ = {rho} (theory {r['rho_theory']:.5g})")
      if r["eta_star"] is not None:
        i = int(np.argmin(np.abs(np.log(etas) - np.log(r["eta_star"]))))
        ax.plot(loss[i], delta[i], "o", color=color, ms=5, mec="black", mew=0.6, zorder=6)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(5e-3, 1e1)  # 5e-2 would hide eta* of Muon (L ~ 0.01); docs/muon_tail.md §10.3
    ax.set_ylim(floor / 3, 1.5)
    ax.set_xlabel("population loss L(W_η)")
    ax.set_ylabel("gap Δ(W_η) = max_k P_k − min_k P_k")
    ax.set_title(f"one step from W = 0: K = {K}, α = {alpha:g}, β = {config['beta']:g} "
                 f"(L = {L}), ε = {eps:g}; ● = η* (ϱ^ε)")
    ax.text(0.99, 0.06, f"Δ clipped at {floor:g} (decoupled SignGD: Δ = 0 exactly)",
            transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="0.35")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
