"""Figure F1 (docs/pavlovian.md §5): capacity of online memories as relMSE
of a probe on the stored pairs vs N/d_k. Markers: measured mean +- SE over
seeds, per rule, pass count and key ensemble (one panel per ensemble).
Lines: derived (N - 1)/d_k (unit keys) or (N + 1)/d_k (Gaussian keys) for
the Hebbian rule, and the least-squares curve max(0, 1 - d_k/N), which
multi-pass delta approaches for N <= d_k.

    python -m paper_figs.pavlovian_capacity --workdir=DIR --outdir=figures

DIR is a sims.pavlovian_capacity run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian, _report
from theory import pavlovian
from theory import rules as predictions

NAME = "pavlovian_capacity"


def label(rule: str, passes: int) -> str:
  return rule if passes == 1 else f"{rule}, {passes} passes"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  keys = list(dict.fromkeys(r["keys"] for r in records))
  series = list(dict.fromkeys((r["rule"], r["passes"]) for r in records))
  d_ks = sorted({r["d_k"] for r in records})
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(keys), figsize=(4.6 * len(keys), 4.0), squeeze=False)
    for ax, kind in zip(axes[0], keys):
      sel = [r for r in records if r["keys"] == kind]
      data = _pavlovian.curves(sel, ("rule", "passes", "d_k"), "n_over_dk", "relmse")
      for i, (rule, passes) in enumerate(series):
        for j, d_k in enumerate(d_ks):
          if (rule, passes, d_k) not in data:
            continue
          x, y, se = data[(rule, passes, d_k)]
          ax.errorbar(x, y, yerr=se, fmt="osD^v"[j % 5], color=f"C{i}", ms=4, ls="none",
                      label=f"{label(rule, passes)}, d_k = {d_k}")
      x = np.geomspace(min(r["n_over_dk"] for r in sel), max(r["n_over_dk"] for r in sel), 80)
      for j, d_k in enumerate(d_ks):
        N = np.maximum(x * d_k, 2)
        if kind in pavlovian.KEYS:
          ax.plot(x, pavlovian.relmse(N, d_k, kind), color=_common.THEORY_COLOR, lw=1.0,
                  ls=("-", "--", ":")[j % 3],
                  label=f"derived: (N{'−' if kind == 'sphere' else '+'}1)/d_k, d_k = {d_k}")
      ax.plot(x, predictions.lsq_relmse(x, 1), color="0.5", lw=1.0,
              label="derived: least squares max(0, 1 − d_k/N)")
      ax.set_xscale("log", base=2)
      ax.set_yscale("log")
      ax.set_ylim(1e-3, None)
      ax.set_xlabel("N / d_k   (values below 10⁻³, such as exact recall, are off the axis)")
      ax.set_ylabel("relMSE of the stored pairs")
      ax.set_title(f"{kind} keys")
      ax.legend(fontsize=6, frameon=False)
    fig.suptitle("Online memories probed on their stored pairs (values ±1/√d_v)")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


# docs/pavlovian.md §6: Hebbian relMSE with unit keys in a reference
# simulation (50 trials, d_k = 64), per N/d_k.
REFERENCE_RELMSE = {0.125: 0.107, 0.5: 0.484, 1.0: 0.978, 2.0: 2.000, 4.0: 3.984}


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/pavlovian.md §6): the one-pass relMSE (mean over
  seeds, standard error) of the Hebbian rule per key ensemble and N against
  (N - 1)/d_k (unit keys) or (N + 1)/d_k (Gaussian keys), derived, tolerance
  max(5 % of theory, 4 SE) (the docs' band), with the reference value of
  unit keys beside it; and of one-pass lsq (unit keys) against
  max(0, 1 - d_k/N) (derived), tolerance 0.02 (the docs').
  """
  rows = _report.records(workdir)
  out = []
  for rule, passes in (("hebbian", 1), ("lsq", 1)):
    sel = _report.select(rows, rule=rule, passes=passes)
    for keys in dict.fromkeys(r["keys"] for r in sel if rule == "hebbian" or r["keys"] == "sphere"):
      for d_k, n in sorted({(r["d_k"], r["n"]) for r in sel if r["keys"] == keys}):
        pts = _report.select(sel, keys=keys, d_k=d_k, n=n)
        theory = _report.value(pts[0].get("relmse_theory"))
        m, se = _report.field_mean_se(pts, "relmse")
        ref = REFERENCE_RELMSE.get(n / d_k) if rule == "hebbian" and keys == "sphere" \
            and d_k == 64 else None
        if rule == "hebbian":
          tol = max(0.05 * abs(theory or 0.0), 4 * (se or 0.0)) or 0.05
        else:
          tol = 0.02
        out.append(_report.Quantity(
            name=f"relMSE ({rule}, {keys} keys, N = {n}, d_k = {d_k})", figure=NAME,
            measured=m, error=se, theory=theory, reference=ref,
            provenance="reference simulation (docs/pavlovian.md §6)" if ref is not None
            else "derived", compare_to="theory", tolerance=tol,
            note=("(N - 1)/d_k" if keys == "sphere" else "(N + 1)/d_k") + " (derived)"
            if rule == "hebbian" else "max(0, 1 - d_k/N) (derived)"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
