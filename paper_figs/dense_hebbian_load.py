"""Figure D3 (docs/dense_hebbian.md §9): retrieval against the load. The
Mattis overlap m after T = 0 retrieval from archetype 1 against alpha = K /
N^(P-1), one colour per dataset entropy rho (mean +- SE over seeds), with
the derived RS retrieval state at T = 0 (all-index, the convention
simulated; it ends at alpha_c, dotted line).

    python -m paper_figs.dense_hebbian_load --workdir=DIR --outdir=figures

DIR is a sims.dense_hebbian_capacity run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian
from theory import dense_hebbian as dh

NAME = "dense_hebbian_load"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  data = _pavlovian.curves(records, ("rho",), "alpha", "m")
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5.8, 4.2))
    for i, (rho,) in enumerate(sorted(data)):
      x, y, se = data[(rho,)]
      ax.errorbar(x, y, yerr=se, fmt="o", ms=3.5, color=f"C{i}", label=f"Monte Carlo, ρ = {rho:g}")
      a_c = dh.alpha_c(config["P"], rho)
      alpha = np.linspace(x.min() * 0.5, a_c * 0.9999, 60)
      ax.plot(alpha, [dh.zero_t_overlaps(a, rho, config["P"])[0] for a in alpha], color=f"C{i}",
              lw=1.0)
      ax.axvline(a_c, color=f"C{i}", lw=0.7, ls=":")
    ax.plot([], [], color="0.3", lw=1.0, label="derived RS m(α), T = 0 (ends at α_c)")
    ax.set_xlabel(f"load α = K / N^{config['P'] - 1}")
    ax.set_ylabel("Mattis overlap m")
    ax.set_title(f"Supervised learning, P = {config['P']}, N = {config['N']}, M = {config['M']}")
    ax.legend(fontsize=6, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
