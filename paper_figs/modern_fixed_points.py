"""Figure H11 (docs/hopfield.md §5): the fixed points of modern Hopfield
networks as beta varies: fraction of runs ending at the global average, a
metastable state, or a single pattern, per start (random, pattern + noise)
and per pattern correlation (independent patterns; clusters of similar
patterns). No theory curve: the class boundaries depend on the choices of
docs/hopfield.md §8.10 (eps, in the title).

    python -m paper_figs.modern_fixed_points --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common

NAME = "modern_fixed_points"
STYLES = {"global": ("tab:gray", "s"), "metastable": ("tab:orange", "^"),
          "single": ("tab:blue", "o")}


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  correlations = sorted({r["correlation"] for r in records})
  starts = [s for s in ("random", "noisy") if any(r["start"] == s for r in records)]
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(len(correlations), len(starts),
                             figsize=(4.2 * len(starts), 3.0 * len(correlations)),
                             squeeze=False, sharex=True, sharey=True)
    for i, c in enumerate(correlations):
      for j, start in enumerate(starts):
        ax = axes[i, j]
        sel = [r for r in records if r["correlation"] == c and r["start"] == start]
        betas = sorted({r["beta"] for r in sel})
        for cls, (color, marker) in STYLES.items():
          frac = [np.mean([r["fixed_point"] == cls for r in sel if r["beta"] == b]) for b in betas]
          ax.plot(betas, frac, marker=marker, ms=4, lw=1.0, color=color, label=cls)
        ax.set_xscale("log")
        ax.set_ylim(-0.03, 1.03)
        what = "independent patterns" if c == 0 else (
            f"{config['clusters']} clusters, cosine ≈ {c:g}")
        ax.set_title(f"{start} start; {what}", fontsize=8.5)
        if i == len(correlations) - 1:
          ax.set_xlabel("β")
        if j == 0:
          ax.set_ylabel("fraction of runs")
    axes[0, 0].legend(fontsize=7, frameon=False)
    fig.suptitle(f"Modern Hopfield fixed points, d = {config['d']}, P = {config['P']}, "
                 f"ε = {config['eps']:g}", y=1.0)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
