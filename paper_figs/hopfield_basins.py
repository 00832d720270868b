"""Figure H4 (docs/hopfield.md §5): basins of attraction. Mean final overlap
vs the initial overlap m0 (a fraction (1 - m0)/2 of pattern 1's spins
flipped), one panel per storage rule, one curve per load; the diagonal marks
no change.

    python -m paper_figs.hopfield_basins --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common

NAME = "hopfield_basins"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  rules = list(dict.fromkeys(r["rule"] for r in records))
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(rules), figsize=(3.8 * len(rules), 3.6), squeeze=False,
                             sharey=True)
    for ax, rule in zip(axes[0], rules):
      sel = [r for r in records if r["rule"] == rule]
      alphas = sorted({r["alpha"] for r in sel})
      colors = plt.cm.viridis(np.linspace(0.0, 0.9, len(alphas)))
      for a, color in zip(alphas, colors):
        m0s = sorted({r["m0_actual"] for r in sel if r["alpha"] == a})
        v = [[r["overlap"] for r in sel if r["alpha"] == a and r["m0_actual"] == m] for m in m0s]
        mean = [np.mean(x) for x in v]
        se = [np.std(x, ddof=1) / np.sqrt(len(x)) if len(x) > 1 else 0.0 for x in v]
        ax.errorbar(m0s, mean, yerr=se, marker="o", ms=3, lw=1.0, color=color, label=f"α = {a:g}")
      ax.plot([-0.05, 1.05], [-0.05, 1.05], color="0.6", lw=0.8, ls=":")
      ax.set_xlabel("initial overlap m₀")
      ax.set_title(rule)
      ax.legend(fontsize=6.5, frameon=False, loc="upper left")
    axes[0, 0].set_ylabel("mean final overlap")
    fig.suptitle(f"Basins of attraction, N = {config['N']}, T = 0 asynchronous dynamics", y=1.0)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
