"""Figure F4 (docs/pavlovian.md §5): recency. relMSE of a stored item vs
its lag (writes after it) for each rule and gate value (mean +- SE over
seeds), with the derived curves of theory/rules.py: decayed Hebbian (1 -
alpha^l)^2 + (sum_m alpha^(2m) - alpha^(2l))/d_k, delta (mean field) 1 +
beta/(2 - beta) - 2 beta (1 - beta/d_k)^l, Hebbian (n - 1)/d_k.

    python -m paper_figs.rule_recency --workdir=DIR --outdir=figures

DIR is a sims.rule_recency run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from assoc import results
from paper_figs import _common, _pavlovian

NAME = "rule_recency"


def _gate_label(rule, alpha, beta):
  parts = [f"α = {alpha:g}" if alpha is not None else "", f"β = {beta:g}" if beta is not None
           else ""]
  return f"{rule} " + ", ".join(p for p in parts if p)


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  by = ("rule", "alpha", "beta", "d_k", "n")
  data = _pavlovian.curves(records, by, "lag", "relmse")
  theory = _pavlovian.first(records, by, "lag", "relmse_theory")
  rules = list(dict.fromkeys(r["rule"] for r in records))
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(rules), figsize=(4.6 * len(rules), 4.0), squeeze=False)
    for ax, rule in zip(axes[0], rules):
      keys = [k for k in data if k[0] == rule]
      for i, key in enumerate(keys):
        x, y, se = data[key]
        _, alpha, beta, d_k, n = key
        ax.errorbar(x, y, yerr=se, fmt="o", ms=3, color=f"C{i}",
                    label=f"{_gate_label(rule, alpha, beta)} (d_k = {d_k}, n = {n})")
        if key in theory:
          ax.plot(*theory[key], color=f"C{i}", lw=1.0)
      ax.plot([], [], color="0.3", lw=1.0, label="derived (theory/rules.py)")
      ax.set_xlabel("lag ℓ (writes after the item)")
      ax.set_ylabel("relMSE of the item")
      ax.set_title(rule)
      ax.legend(fontsize=6, frameon=False)
    fig.suptitle("Recency: what a memory keeps of older items")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
