"""Figure F3 (docs/pavlovian.md §5): the worst case. Measured (N - 1) E[mu]
for N random unit keys in d_k dimensions (mean +- SE over draws), the
margin 1/2 below which nearest-neighbour retrieval from a Hebbian memory is
guaranteed, and the conservative derived bound (N - 1) sqrt(4 ln N / d_k).

    python -m paper_figs.pavlovian_coherence --workdir=DIR --outdir=figures

DIR is a sims.pavlovian_coherence run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian
from theory import pavlovian

NAME = "pavlovian_coherence"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  margin = records[0]["margin"]
  data = _pavlovian.curves(records, ("d_k",), "N", "crosstalk_bound")
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5.4, 4.0))
    for i, (d_k,) in enumerate(sorted(data)):
      x, y, se = data[(d_k,)]
      ax.errorbar(x, y, yerr=se, fmt="o", color=f"C{i}", label=f"measured (N−1) E[μ], d_k = {d_k}")
      N = np.geomspace(x.min(), x.max(), 60)
      ax.plot(N, pavlovian.coherence_bound(N, d_k), color=f"C{i}", lw=1.0, ls="--",
              label=f"derived bound (N−1)√(4 ln N/d_k), d_k = {d_k}")
    ax.axhline(margin, color=_common.THEORY_COLOR, lw=0.8,
               label=f"margin {margin:g}: retrieval guaranteed below")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("N keys")
    ax.set_ylabel("(N − 1) μ,  μ = max |k_i · k_j|")
    ax.set_title("Worst-case crosstalk of random unit keys")
    ax.legend(fontsize=6, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
