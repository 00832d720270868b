"""Figure M-3 (docs/muon_tail.md §5, §8): Muon's one-step balance when the
polar factor is approximated by Newton-Schulz. (a) rho^eps vs NS steps for
optax's default quintic and the convergent cubic coefficients, simulated
with optax.contrib.muon (markers) over the closed form (lines; the NS
polynomial on the singular values of X, derived), the exact polar factor as
a horizontal line. When the run is not at the reference K = 999
(docs/muon_tail.md §8), the closed form at K = 999 is added (dashed): the
fall of the quintic's rho with more steps is much stronger there. (b) the
smallest and largest non-null singular values of the NS output (log), with 1
marked.

    python -m paper_figs.muon_ns --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common
from theory import muon_one_step as theory

NAME = "muon_ns"
REFERENCE_K = 999
# The coefficient sets of assoc.training.optimizers.NS_COEFFS (figures do not
# import the library).
NS_COEFFS = {"quintic": (3.4445, -4.7750, 2.0315), "cubic": (1.5, -0.5, 0.0)}
COLORS = {"quintic": "tab:red", "cubic": "tab:blue"}
TITLES = {"quintic": "quintic (3.4445, −4.7750, 2.0315), optax default",
          "cubic": "cubic (1.5, −0.5, 0), convergent"}


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  with plt.rc_context(_common.STYLE):
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.0, 5.0))
    for coeffs in dict.fromkeys(r["ns_coeffs"] for r in records):
      sel = sorted((r for r in records if r["ns_coeffs"] == coeffs), key=lambda r: r["ns_steps"])
      n = [r["ns_steps"] for r in sel]
      c = COLORS.get(coeffs, "0.3")
      ax.plot(n, [r["rho_theory"] for r in sel], color=c, lw=1.0, alpha=0.7)
      ax.plot(n, [np.nan if r["rho"] is None else r["rho"] for r in sel], "o", color=c,
              ms=4, label=TITLES.get(coeffs, coeffs))
      for key, marker in (("sigma_min", "v"), ("sigma_max", "^")):
        bx.plot(n, [r[f"{key}_theory"] for r in sel], color=c, lw=1.0, alpha=0.7)
        bx.plot(n, [r[key] for r in sel], marker, color=c, ms=4,
                label=f"{coeffs}: {'min' if key == 'sigma_min' else 'max'} σ")
    K = records[0]["K"]
    if K != REFERENCE_K:
      _, L = theory.two_level(REFERENCE_K, config["alpha"], config["beta"], config["L_rounding"])
      grid = theory.eta_grid(config["eta_min"], config["eta_max"], config["num_eta"])
      steps = np.arange(1, max(r["ns_steps"] for r in records) + 1)
      for coeffs in dict.fromkeys(r["ns_coeffs"] for r in records):
        rho = [theory.one_step_balance(theory.one_step_direction(
            "newton_schulz", REFERENCE_K, L, config["alpha"], ns_coeffs=NS_COEFFS[coeffs],
            ns_steps=int(n), norm_eps=1e-8), REFERENCE_K, L, config["eps"], grid)[1]
            for n in steps]
        ax.plot(steps, rho, color=COLORS.get(coeffs, "0.3"), ls="--", lw=0.9,
                label=f"{coeffs}, closed form at K = {REFERENCE_K} (derived)")
    rho_polar = records[0]["rho_polar"]
    ax.axhline(rho_polar, color="black", ls="--", lw=1.0,
               label=f"exact polar factor (K = {K}): ϱ = {rho_polar:.5f}")
    bx.axhline(1.0, color="black", ls="--", lw=1.0, label="polar factor: all σ = 1")
    ax.set_xlabel("Newton–Schulz steps")
    ax.set_ylabel("ϱ^ε of one Muon step from 0")
    ax.set_ylim(0, 1.02)
    ax.set_title(f"(a) balance, K = {records[0]['K']} decoupled, α = {config['alpha']:g}, "
                 f"β = {config['beta']:g}, ε = {config['eps']:g}")
    bx.set_yscale("log")
    bx.set_xlabel("Newton–Schulz steps")
    bx.set_ylabel("non-null singular values of the NS output")
    bx.set_title("(b) extreme singular values (lines: closed form)")
    ax.plot([], [], color="0.4", lw=1.0, label="closed form (derived)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False, fontsize=6.5)
    bx.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, frameon=False, fontsize=6.5)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
