"""Figure F13 (docs/pavlovian.md §5): the training-free MQAR probe. Top-1
over the whole value vocabulary (D = V/2 tokens) against N / d_k, per rule
and pass count (mean +- SE over seeds; one line style per d_k), with the
derived Hebbian top-1 integral in its dictionary form (§1.3d: D - N
unstored competitors; slightly pessimistic). Least squares is the oracle
that delta with repeated passes approaches.

    python -m paper_figs.mqar_probe --workdir=DIR --outdir=figures

DIR is a sims.mqar_probe run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian
from theory import pavlovian

NAME = "mqar_probe"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  series = list(dict.fromkeys((r["rule"], r["passes"]) for r in records))
  d_ks = sorted({r["d_k"] for r in records})
  D = records[0]["D"]
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    top = _pavlovian.curves(records, ("rule", "passes", "d_k"), "n", "top1")
    for j, d_k in enumerate(d_ks):
      style = ("-", "--", ":", "-.")[j % 4]
      for i, (rule, passes) in enumerate(series):
        if (rule, passes, d_k) in top:
          x, y, se = top[(rule, passes, d_k)]
          name = rule if passes == 1 else f"{rule}, {passes} passes"
          ax.errorbar(np.asarray(x) / d_k, y, yerr=se, fmt="osD^"[j % 4], color=f"C{i}", ms=4,
                      ls=style, lw=0.6, label=f"{name}" + (f", d_k = {d_k}" if len(d_ks) > 1
                                                             else ""))
      N = np.unique(np.geomspace(2, max(r["n"] for r in records if r["d_k"] == d_k),
                                 30).astype(int))
      ax.plot(N / d_k, [pavlovian.top1(int(n), d_k, d_k, D) for n in N],
              color=_common.THEORY_COLOR, lw=1.2, ls=style,
              label=f"derived: Hebbian top-1 integral over D = {D}, d_k = {d_k}")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("N / d_k (N key-value pairs in the context)")
    ax.set_ylabel("top-1 over the value vocabulary")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(f"Training-free MQAR probe: V = {config['vocab_size']}, random unit "
                 f"embeddings")
    ax.legend(fontsize=6, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
