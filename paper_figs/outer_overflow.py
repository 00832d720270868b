"""Figure F-d (docs/outer_product.md §5, §7.4): overflow of storing every seen
token, q^_0 = 1{seen}. One contour of the mean error over (d, T) per Zipf
exponent α of the run (the reference code's figure uses α = 0.5, the
overflow targets of docs/outer_product.md §7.4 use α = 2; both are run), as
F-c (20 levels, colour bar 0-0.9): the error is high at small d and large T.
Right: the mean error vs T at d = 10 and d = 100 for α = 2 (±0.5 std band,
linear y), with the reference values (40 trials) as crosses: rising at d = 10,
U-shaped at d = 100.

    python -m paper_figs.outer_overflow --workdir=DIR --outdir=figures

DIR is a run of sims.outer_overflow.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from assoc import results
from paper_figs import _common, _outer

NAME = "outer_overflow"
# Reference values of docs/outer_product.md §7.4 (N = 100, α = 2, M = 5, 40 trials):
# T = 10, 10^2, 10^3, 10^4.
REFERENCE = {10: (0.32, 0.36, 0.57, 0.67), 100: (0.155, 0.048, 0.039, 0.155)}
REFERENCE_T = (10, 100, 1000, 10_000)


def make(workdir: str, outdir: str) -> list[str]:
  records = _outer.select(results.load(workdir), scheme="fill")
  records = [r for r in records if r["T"] is not None]
  alphas = sorted({r["alpha"] for r in records})
  N, M = records[0]["N"], records[0]["M"]
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(alphas) + 1, figsize=(4.2 * (len(alphas) + 1), 3.6))
    for ax, alpha in zip(axes, alphas):
      sel = _outer.select(records, alpha=alpha)
      trials = len({r["seed"] for r in sel})
      ds, Ts = sorted({r["d"] for r in sel}), sorted({r["T"] for r in sel})
      if len(ds) > 1 and len(Ts) > 1:
        cs = _outer.contour(ax, sel, f"q = 1{{seen}}: N = {N}, M = {M}, α = {alpha:g}, "
                            f"{trials} trials")
        fig.colorbar(cs, ax=ax, ticks=[0, 0.3, 0.6, 0.9])
    ax = axes[-1]
    alpha = 2.0 if 2.0 in alphas else alphas[-1]
    sel = _outer.select(records, alpha=alpha)
    for d, color in ((10, "tab:red"), (100, "tab:blue")):
      rows = _outer.select(sel, d=d)
      if not rows:
        continue
      T, mean, std = _outer.curve(rows, "T")
      _outer.band(ax, T, mean, std, log=False, color=color, label=f"d = {d}")
      if alpha == 2.0 and N == 100 and M == 5:
        ax.plot(REFERENCE_T, REFERENCE[d], "x", color=color, ms=6,
                label=f"d = {d}: reference (40 trials)")
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.set_xlabel("data size T")
    ax.set_ylabel("population error")
    ax.set_title(f"q = 1{{seen}}, α = {alpha:g}: error vs T (band ±0.5 std)", fontsize=8.5)
    ax.legend(fontsize=6.5, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
