"""Figure M-2 (Wang et al., arXiv 2509.26030 v2, Fig. 4c; docs/muon_tail.md
§8): many full-gradient steps from W = 0 with a constant step size eta =
multi_eta_fraction x the optimiser's own one-step eta*: the trajectory
(L(W_t), Delta(W_t)), t = 0..n, simulated by optax steps (solid, one marker
per step), over the exact group-symmetric recursion (black dotted; derived:
GD, Muon for any embedding, SignGD decoupled; none for coupled SignGD). The
open circle marks the first step with max_k P_k >= 1 - eps (rho_multi in the
legend). The one-step GD closed-form path is dashed for reference.

    python -m paper_figs.muon_fig4c --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _muon
from theory import muon_one_step as theory

NAME = "muon_fig4c"


def make(workdir: str, outdir: str) -> list[str]:
  records = [r for r in results.load(workdir)
             if r.get("multi_loss") is not None]
  config = results.read_config(workdir)
  floor = config["delta_floor"]
  alpha, eps = config["alpha"], config["eps"]
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(7.2, 6.2))
    if not records:
      ax.text(0.5, 0.5, "no multi-step records (config.multi_step_K is empty)",
              ha="center", transform=ax.transAxes)
      return _common.save(fig, outdir, NAME)
    K = _muon.figure_K(records)
    _, L = theory.two_level(K, alpha, config["beta"], config["L_rounding"])
    etas = theory.eta_grid(config["eta_min"], config["eta_max"], config["num_eta"])
    loss, delta = theory.gd_path(etas, K, L, alpha)
    ax.plot(loss, np.maximum(delta, floor), color="0.6", ls="--", lw=1.0,
            label="GD one step, closed form")
    curves = {(r["optimizer"], r["embedding"]): r for r in records if r["K"] == K}
    if ("gd", "coupled") in curves and ("gd", "decoupled") in curves and np.allclose(
        curves[("gd", "coupled")]["multi_delta"], curves[("gd", "decoupled")]["multi_delta"],
        rtol=1e-9, atol=1e-15):
      curves.pop(("gd", "coupled"))
    drawn = set()
    for (opt, emb), r in curves.items():
      name, color, ls = _muon.label(opt, emb)
      x = np.asarray(r["multi_loss"])
      y = np.maximum(np.asarray(r["multi_delta"]), floor)
      rho = "never" if r["rho_multi"] is None else f"{r['rho_multi']:.4g} at t = {r['t_star']}"
      th = "" if r["rho_multi_theory"] is None else f" (theory {r['rho_multi_theory']:.4g})"
      ax.plot(x, y, color=color, ls=ls, lw=1.4, marker=".", ms=3,
              label=f"{name}: η = {r['eta_multi']:.3g}, ϱ = {rho}{th}")
      if r["t_star"] is not None:
        ax.plot(x[r["t_star"]], y[r["t_star"]], "o", mfc="none", mec=color, ms=9, mew=1.5)
      if r["rho_multi_theory"] is not None and opt not in drawn:
        drawn.add(opt if opt != "signgd" else (opt, emb))
        traj = theory.trajectory(opt, K, L, alpha, r["eta_multi"], r["n_steps"])
        ax.plot(traj["loss"], np.maximum(traj["delta"], floor), color="black", ls=":",
                lw=1.0, label=f"{opt} exact recursion (derived)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(5e-3, 1e1)
    ax.set_ylim(floor / 3, 1.5)
    ax.set_xlabel("population loss L(W_t)")
    ax.set_ylabel("gap Δ(W_t)")
    n = records[0]["n_steps"]
    ax.set_title(f"{n} full-gradient steps from W = 0, η = {config['multi_eta_fraction']:g} η*_opt: "
                 f"K = {K}, α = {alpha:g}, L = {L}, ε = {eps:g}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=1, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
