"""Figure F-c (docs/outer_product.md §5): contour of the mean error of the
threshold scheme (P = ⌊d/12⌋ seen tokens) over (d, T), 20 levels, diverging
colour map, colour bar 0-0.9; log axes. White dashed: where the two terms of
the joint law d^(-α+1) + T^(-1+1/α) (Proposition 4, the guide
prefactors 5 and 0.5 of docs/outer_product.md §3.2) are equal.

    python -m paper_figs.outer_contours --workdir=DIR --outdir=figures

DIR is a run of sims.outer_product_scaling.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paper_figs import _common, _outer, _report
from theory import scaling_laws as sl

NAME = "outer_contours"


def make(workdir: str, outdir: str) -> list[str]:
  records, _, _, (N, M, alpha, P_div) = _outer.threshold_records(workdir)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(4.6, 3.8))
    trials = len({r["seed"] for r in records})
    cs = _outer.contour(ax, records, f"threshold P = ⌊d/{P_div:g}⌋ seen tokens, mean error\n"
                        f"N = {N}, M = {M}, α = {alpha:g}, {trials} trials")
    ds = np.geomspace(min(r["d"] for r in records), max(r["d"] for r in records), 50)
    # 5 d^(1-α) = 0.5 T^(-1+1/α)  <=>  T = (10 d^(1-α))^(α/(1-α))
    T_eq = (sl.GUIDE_THRESHOLD_D / sl.GUIDE_DATA_T * ds ** (1 - alpha)) ** (alpha / (1 - alpha))
    T_lo, T_hi = ax.get_ylim()
    ok = (T_eq >= T_lo) & (T_eq <= T_hi)
    ax.plot(ds[ok], T_eq[ok], "w--", lw=1, label="d-term = T-term (guides)")
    ax.legend(fontsize=6.5, loc="lower right")
    bar = fig.colorbar(cs, ax=ax, ticks=[0, 0.3, 0.6, 0.9])
    bar.set_label("population error")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


def headlines(workdir: str) -> list[_report.Quantity]:
  """None: F-c's (d, T) errors are declared by outer_scaling_d/T (docs/outer_product.md §7.3)."""
  return []


if __name__ == "__main__":
  _common.cli(make, NAME)
