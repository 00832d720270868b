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
from paper_figs import _common, _pavlovian, _report

NAME = "rule_recency"
REFERENCE = "reference simulation (docs/pavlovian.md §6)"
# docs/pavlovian.md §6: {(rule, alpha, beta): {lag: reference relMSE}}, d_k = 64 (the
# decay row measured at n = 400; its derived curve is the same at n = 512 to 1e-9).
REFERENCE_RELMSE = {
    ("decay_hebbian", 0.97, None): {0: 0.252, 20: 0.467, 80: 1.140, 160: 1.258},
    ("delta", None, 1.0): {0: 0.00, 16: 0.43, 64: 1.29, 128: 1.66, 511: 2.03},
    ("delta", None, 0.5): {0: 0.33, 16: 0.44, 64: 0.74, 128: 0.94, 511: 1.30},
}


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


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/pavlovian.md §6, rows "decay, alpha = .97" and
  "delta, beta = 1, .5"; curves of §3.2), d_k = 64, relMSE of the item at
  each reference lag, mean over seeds with its standard error:

  - decayed Hebbian, alpha = .97, lags 0, 20, 80, 160: against the derived
    curve of theory/rules.py, tolerance 5 % of theory (the docs'), the
    reference beside it;
  - delta, beta = 1 and .5, lags 0, 16, 64, 128, 511: against the reference
    simulation, tolerance 0.10 absolute (the docs'); the docs do not say
    which column the band applies to, and the delta curve is a mean-field
    approximation, so the target chosen here is the reference, with the
    mean-field theory beside it.
  """
  rows = _report.records(workdir)
  out = []
  for (rule, alpha, beta), refs in REFERENCE_RELMSE.items():
    sel = [r for r in rows if r["rule"] == rule and r.get("alpha") == alpha
           and r.get("beta") == beta and r.get("d_k") == 64]
    if not sel:
      continue
    n = max(r["n"] for r in sel)
    gate = f"alpha = {alpha:g}" if alpha is not None else f"beta = {beta:g}"
    for lag, ref in refs.items():
      pts = _report.select(sel, lag=lag, n=n)
      if not pts:
        continue
      m, se = _report.field_mean_se(pts, "relmse")
      theory = _report.value(pts[0].get("relmse_theory"))
      decay = rule == "decay_hebbian"
      out.append(_report.Quantity(
          name=f"relMSE ({rule}, {gate}, lag {lag})", figure=NAME, measured=m, error=se,
          theory=theory, reference=ref, provenance=REFERENCE,
          compare_to="theory" if decay else "reference",
          tolerance=0.05 * abs(theory) if decay and theory else 0.10,
          note=(f"n = {n}; " + ("(1 - alpha^l)^2 + (sum alpha^2m - alpha^2l)/d_k (derived); "
                                "reference at n = 400" if decay else
                                "theory: mean field 1 + beta/(2 - beta) - 2 beta (1 - beta/d_k)^l "
                                "(derived)"))))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
