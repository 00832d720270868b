"""Figure F6 (docs/pavlovian.md §5): heads at fixed width. Left: relMSE of
the averaged heads (filled) and of one head (open) vs H, mean +- SE over
seeds, with the derived (N - 1)/d_model (independent of H) and (N - 1)
H/d_model. Right: the error of one head's decode and of the heads'
majority vote, with the Hoeffding bound exp(-2H(1/2 - p)^2) at the
measured per-head error p (derived).

    python -m paper_figs.pavlovian_heads --workdir=DIR --outdir=figures

DIR is a sims.pavlovian_heads run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian, _report
from theory import pavlovian

NAME = "pavlovian_heads"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  d_model = results.read_config(workdir)["d_model"]
  keys = list(dict.fromkeys((r["rule"], r["N"]) for r in records))
  with plt.rc_context(_common.STYLE):
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(9.4, 4.0))
    for i, (rule, N) in enumerate(keys):
      sel = [r for r in records if r["rule"] == rule and r["N"] == N]
      c = f"C{i}"
      (H, y, se), = _pavlovian.curves(sel, (), "H", "relmse").values()
      ax.errorbar(H, y, yerr=se, fmt="o", color=c, label=f"{rule}, N = {N}: average of heads")
      (H, y, se), = _pavlovian.curves(sel, (), "H", "relmse_head").values()
      ax.errorbar(H, y, yerr=se, fmt="o", color=c, fillstyle="none", label="one head")
      if rule == "hebbian":
        ax.plot(H, np.full_like(H, pavlovian.heads_relmse(N, d_model)), color=c, lw=1.0,
                label=f"derived: (N−1)/d_model = {pavlovian.heads_relmse(N, d_model):.3f}")
        ax.plot(H, pavlovian.heads_relmse(N, d_model, H, per_head=True), color=c, lw=0.8,
                ls="--", label="derived: (N−1)H/d_model")
      (H, p, se), = _pavlovian.curves(sel, (), "H", "error_head").values()
      bx.errorbar(H, p, yerr=se, fmt="o", color=c, fillstyle="none",
                  label=f"{rule}, N = {N}: one head's decode")
      (H, y, se), = _pavlovian.curves(sel, (), "H", "vote_error").values()
      bx.errorbar(H, y, yerr=se, fmt="o", color=c, label="majority vote of the heads")
      bx.plot(H, pavlovian.vote_error_bound(H, p), color=c, lw=0.8, ls="--",
              label="derived: Hoeffding bound at the measured p")
    for a in (ax, bx):
      a.set_xscale("log", base=2)
      a.set_xlabel(f"H heads (d_k = {d_model}/H)")
      a.legend(fontsize=6, frameon=False)
    ax.set_yscale("log")
    ax.set_ylabel("relMSE")
    bx.set_ylabel("decode error")
    fig.suptitle(f"Splitting a width of {d_model} into heads buys no capacity")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/pavlovian.md §6, row "head averaging"; §1.3e):
  the relMSE of the averaged Hebbian heads (mean over seeds, standard error)
  at every (N, H) against the derived (N - 1)/d_model, independent of H,
  tolerance max(5 % of theory, 4 SE) (the docs' band).
  """
  rows = _report.select(_report.records(workdir), rule="hebbian")
  out = []
  for N, H in sorted({(r["N"], r["H"]) for r in rows}):
    pts = _report.select(rows, N=N, H=H)
    m, se = _report.field_mean_se(pts, "relmse")
    theory = _report.value(pts[0].get("relmse_theory"))
    out.append(_report.Quantity(
        name=f"relMSE of the averaged heads (N = {N}, H = {H})", figure=NAME, measured=m,
        error=se, theory=theory, reference=None, provenance="derived", compare_to="theory",
        tolerance=max(0.05 * abs(theory or 0.0), 4 * (se or 0.0)) or 0.05,
        note=f"(N - 1)/d_model (derived); d_k = {pts[0].get('d_k')} per head"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
