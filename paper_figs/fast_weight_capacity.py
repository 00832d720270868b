"""Figure F8 (docs/pavlovian.md §5): fast-weight capacity, setting 1 of
Schlag, Irie and Schmidhuber 2021 (arXiv 2102.11174, §6.1). Test loss
(1/2)|y - yhat|^2 against the number S of unique key -> value pairs, one
curve per (rule, feature map), mean over seeds with standard errors; the
dashed line at 0.5 is chance (yhat = 0); dotted vertical lines at each
curve's d_dot (the capacity of a rank-d_dot memory, Schlag et al. §4.1),
and bars the least loss any read linear in phi(q) can reach, (1/2) max(0,
1 - d_dot/S) (derived: Eckart-Young; the records' loss_bound, at the grid
points); softmax attention (black) is the no-interference ceiling.

    python -m paper_figs.fast_weight_capacity --workdir=DIR --outdir=figures

DIR is a sims.fast_weight run; only its setting-1 records are drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian

NAME = "fast_weight_capacity"
SETTING = 1
RULE_NAMES = _pavlovian.FAST_WEIGHT_RULES


def label(rule: str, feature_map: str, d_dot) -> str:
  name = RULE_NAMES.get(rule, rule)
  return name if rule == "softmax" else f"{name}, {feature_map} (d_dot = {d_dot})"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  data = _pavlovian.fast_weight_curves(records, SETTING)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    others = [v for v in data if v[0] != "softmax"]
    colors = dict(zip(others, plt.cm.viridis(np.linspace(0.0, 0.9, max(len(others), 1)))))
    drawn_bound = False
    for variant, (S, mean, se, first) in data.items():
      color = colors.get(variant, "black")
      ax.errorbar(S, mean, yerr=se, color=color, marker="o", ms=3.5, lw=1.4,
                  label=label(*variant, first["d_dot"]))
      if first["capacity_theory"] is not None:
        ax.axvline(first["capacity_theory"], color=color, ls=":", lw=1.0)
        bound = [next(r.get("loss_bound") for r in records if r["setting"] == SETTING
                      and (r["rule"], r["feature_map"]) == variant and r["S"] == x) for x in S]
        if None not in bound:
          ax.plot(S, bound, color=color, ls="none", marker="_", ms=11, mew=1.6, alpha=0.8,
                  label=("least loss of a rank-d_dot read, ½ max(0, 1 − d_dot/S) (derived)"
                         if not drawn_bound else None))
          drawn_bound = True
    ax.axhline(0.5, color="0.5", ls="--", lw=1.0, label="chance (ŷ = 0)")
    if not data:
      ax.text(0.5, 0.5, "no setting-1 records in this run", transform=ax.transAxes,
              ha="center")
    ax.set_xlabel("S (unique key → value pairs stored)")
    ax.set_ylabel("test loss ½‖y − ŷ‖²")
    ax.set_ylim(-0.02, 0.6)
    ax.set_title(f"Fast-weight capacity (Schlag et al. 2021, setting 1): d = {config['d']}, "
                 f"{config['steps']} Adam steps; dotted: S = d_dot", fontsize=8.5)
    ax.legend(fontsize=6.5, frameon=False, loc="upper left")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
