"""Figure F7 (docs/pavlovian.md §5): depth. Left: P(all of the first L
chained retrievals right) (mean +- SE over seeds) with (1 - p)^L, p
measured at L = 1, and p_1^L with the derived top-1 p_1 (slightly
pessimistic). Right: the residual noise |E_L|^2 vs L for each gain gamma,
with the derived sigma^2 sum_{l<L} gamma^(2l), sigma^2 = (N - 1)/d_k.

    python -m paper_figs.pavlovian_depth --workdir=DIR --outdir=figures

DIR is a sims.pavlovian_depth run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from assoc import results
from paper_figs import _common, _pavlovian
from theory import pavlovian

NAME = "pavlovian_depth"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  rules = list(dict.fromkeys(r["rule"] for r in records))
  gamma0 = records[0]["gamma"]
  with plt.rc_context(_common.STYLE):
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(9.4, 4.0))
    for i, rule in enumerate(rules):
      sel = [r for r in records if r["rule"] == rule]
      chain = [r for r in sel if r["gamma"] == gamma0]  # the chain does not depend on gamma
      (L, y, se), = _pavlovian.curves(chain, (), "L", "success").values()
      ax.errorbar(L, y, yerr=se, fmt="o", ms=3, color=f"C{i}",
                  label=f"{rule}: N = {config['N_chain']} chained items, d_k = {config['d_k']}")
      ax.plot(L, pavlovian.depth_success(1 - y[0], L), color=f"C{i}", lw=1.0,
              label="(1 − p)^L, p measured at L = 1")
      theory = _pavlovian.first(chain, (), "L", "success_theory")
      if theory:
        ax.plot(*theory[()], color=f"C{i}", lw=0.8, ls="--",
                label="derived: top-1 integral p₁^L (pessimistic)")
      data = _pavlovian.curves(sel, ("gamma",), "L", "noise")
      theory = _pavlovian.first(sel, ("gamma",), "L", "noise_theory")
      for j, (gamma,) in enumerate(sorted(data)):
        L, y, se = data[(gamma,)]
        bx.errorbar(L, y, yerr=se, fmt="o", ms=3, color=f"C{i + j}",
                    label=f"{rule}, γ = {gamma:g}")
        if (gamma,) in theory:
          bx.plot(*theory[(gamma,)], color=f"C{i + j}", lw=1.0)
    bx.plot([], [], color="0.3", lw=1.0, label="derived: σ² Σ γ^(2ℓ), σ² = (N−1)/d_k")
    ax.set_xlabel("depth L (chained retrievals)")
    ax.set_ylabel("P(all L right)")
    ax.set_ylim(0, 1.02)
    bx.set_xlabel("depth L (layers)")
    bx.set_ylabel("residual noise |E_L|²")
    bx.set_yscale("log")
    for a in (ax, bx):
      a.legend(fontsize=6, frameon=False)
    fig.suptitle("Errors through depth")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
