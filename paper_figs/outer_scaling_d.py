"""Figure F-a (docs/outer_product.md §5): the threshold scheme (P = ⌊d/P_div⌋
most frequent seen tokens, P_div = 12) on Zipf data, error vs memory size d,
one curve per data size T; mean over trials with a ±0.5 std band. Dashed:
the guide 5 d^(-α+1) (hand-picked prefactor, Proposition 4). Dotted: the
unseen mass sum_x p(1-p)^T of each T (exact at this N; derived): the floor
that data sets. Legend: the fitted log-log slope over d >= fit_d_min
(bootstrap error over trials) beside the predicted -(α-1).

    python -m paper_figs.outer_scaling_d --workdir=DIR --outdir=figures

DIR is a run of sims.outer_product_scaling.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paper_figs import _common, _outer
from theory import scaling_laws as sl

NAME = "outer_scaling_d"


def make(workdir: str, outdir: str) -> list[str]:
  records, fits, config, (N, M, alpha, P_div) = _outer.threshold_records(workdir)
  Ts = [T for T in dict.fromkeys(r["T"] for r in records) if T is not None]
  Ts = sorted(Ts)
  colors = dict(zip(Ts, plt.cm.viridis(np.linspace(0.05, 0.85, len(Ts)))))
  p = sl.zipf(N, alpha)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5.2, 4))
    for T in Ts:
      d, mean, std = _outer.curve(_outer.select(records, T=T), "d")
      fit = _outer.fit_of(fits, axis="d", T=T)
      _outer.band(ax, d, mean, std, color=colors[T],
                  label=f"{_outer.fmt_T(T)}: {_outer.slope_text(fit)}")
      ax.axhline(sl.unseen_mass(p, T), color=colors[T], ls=":", lw=0.8)
    d_all = np.geomspace(min(r["d"] for r in records), max(r["d"] for r in records), 50)
    ax.plot(d_all, sl.guide(d_all, -(alpha - 1), sl.GUIDE_THRESHOLD_D, config.get("log_power", 0.0)), "k--", lw=1,
            label=f"{sl.GUIDE_THRESHOLD_D:g}·d^(−α+1) (guide)")
    ax.plot([], [], "k:", lw=0.8, label="unseen mass Σp(1−p)^T (derived)")
    trials = len({r["seed"] for r in records})
    _outer.finish(ax, "memory size d", f"threshold P = ⌊d/{P_div:g}⌋ seen tokens: N = {N}, M = {M}, "
                  f"α = {alpha:g}, {trials} trials\n(fit over d ≥ {config['fit_d_min']}; band ±0.5 std)")
    ax.set_ylim(bottom=max(ax.get_ylim()[0], 1e-4))
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
