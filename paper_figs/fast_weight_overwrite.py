"""Figure F9 (docs/pavlovian.md §5): overwriting fast weights, setting 2 of
Schlag, Irie and Schmidhuber 2021 (arXiv 2102.11174, §6.1): 2S pairs drawn
with replacement from S keys and S values, the answer is the value of the
queried key's last occurrence. Test loss (1/2)|y - yhat|^2 against S, one
curve per (rule, feature map), mean over seeds with standard errors; the
sum rule cannot overwrite a stored value, the delta rule can. The dashed
grey line at 0.5 is chance (yhat = 0).

    python -m paper_figs.fast_weight_overwrite --workdir=DIR --outdir=figures

DIR is a sims.fast_weight run; only its setting-2 records are drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from assoc import results
from paper_figs import _common, _pavlovian

NAME = "fast_weight_overwrite"
SETTING = 2
RULE_NAMES = _pavlovian.FAST_WEIGHT_RULES
STYLES = {"hebbian": "--", "delta": "-"}


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  data = _pavlovian.fast_weight_curves(records, SETTING)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    for i, ((rule, fm), (S, mean, se, first)) in enumerate(data.items()):
      color = "black" if rule == "softmax" else f"C{i}"
      name = RULE_NAMES.get(rule, rule)
      ax.errorbar(S, mean, yerr=se, color=color, ls=STYLES.get(rule, "-."), marker="o",
                  ms=3.5, lw=1.4, label=name if rule == "softmax"
                  else f"{name}, {fm} (d_dot = {first['d_dot']})")
    ax.axhline(0.5, color="0.5", ls="--", lw=1.0, label="chance (ŷ = 0)")
    if not data:
      ax.text(0.5, 0.5, "no setting-2 records in this run", transform=ax.transAxes,
              ha="center")
    ax.set_xlabel("S (keys and values; sequence of 2S pairs drawn with replacement)")
    ax.set_ylabel("test loss ½‖y − ŷ‖²")
    ax.set_ylim(-0.02, 0.6)
    ax.set_title(f"Overwriting fast weights (Schlag et al. 2021, setting 2): d = {config['d']}, "
                 f"{config['steps']} Adam steps", fontsize=8.5)
    ax.legend(fontsize=6.5, frameon=False, loc="upper left")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
