"""Figure F-e (docs/outer_product.md §5): storage schemes at infinite data,
error vs d: q = 1 (fill), q = p (weighted) and q = 1{x < ⌊d/8⌋} (threshold);
mean over trials with a ±0.5 std band. Dashed: the guides 0.35 d^(-1/4)
and 3.5 d^(-1) (at α = 2; in general d^(-(α-1)/(2α)) and d^(-(α-1)), hand-picked
prefactors, docs/outer_product.md §3.2). Dotted: the threshold's tail mass
sum_{x >= ⌊d/8⌋} p(x), the error it would have if every stored token were
recalled and every other one missed (derived). Legend: fitted slope over d >= fit_d_min beside the
prediction.

    python -m paper_figs.outer_schemes --workdir=DIR --outdir=figures

DIR is a run of sims.outer_product_scaling (records with T = None).
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _outer
from theory import scaling_laws as sl

NAME = "outer_schemes"
P_DIV = 8
LABELS = {"fill": "q = 1 (fill)", "weighted": "q = p (weighted)", "power": "q = p^ρ"}


def make(workdir: str, outdir: str) -> list[str]:
  records = [r for r in results.load(workdir) if r["T"] is None]
  fits = [f for f in results.load(workdir, "fits.jsonl") if f["axis"] == "d" and f["T"] is None]
  config = results.read_config(workdir)
  N, M, alpha = records[0]["N"], records[0]["M"], records[0]["alpha"]
  records = _outer.select(records, N=N, M=M, alpha=alpha)
  fits = _outer.select(fits, N=N, M=M, alpha=alpha)
  P_divs = sorted({r["P_div"] for r in records if r["scheme"] == "threshold"})
  P_div = P_DIV if P_DIV in P_divs else (P_divs[0] if P_divs else None)
  variants = list(dict.fromkeys((r["scheme"], r["P_div"], r["rho"]) for r in records))
  variants = [v for v in variants if v[0] != "threshold" or v[1] == P_div]
  p = sl.zipf(N, alpha)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5.2, 4))
    for scheme, P, rho in variants:
      sel = _outer.select(records, scheme=scheme, P_div=P, rho=rho)
      d, mean, std = _outer.curve(sel, "d")
      fit = _outer.fit_of(fits, scheme=scheme, P_div=P, rho=rho)
      label = (f"q = 1{{x < ⌊d/{P:g}⌋}} (threshold)" if scheme == "threshold"
               else LABELS.get(scheme, scheme).replace("ρ", f"{rho:g}" if rho is not None else "ρ"))
      _outer.band(ax, d, mean, std, label=f"{label}: {_outer.slope_text(fit)}")
    d_all = np.geomspace(min(r["d"] for r in records), max(r["d"] for r in records), 50)
    ax.plot(d_all, sl.guide(d_all, -(alpha - 1) / (2 * alpha), sl.GUIDE_WEIGHTED, config.get("log_power", 0.0)), "k--",
            lw=1, label=f"{sl.GUIDE_WEIGHTED:g}·d^(−(α−1)/(2α)) (guide)")
    ax.plot(d_all, sl.guide(d_all, -(alpha - 1), sl.GUIDE_THRESHOLD_INFINITE, config.get("log_power", 0.0)), "k-.",
            lw=1, label=f"{sl.GUIDE_THRESHOLD_INFINITE:g}·d^(−(α−1)) (guide)")
    if P_div is not None:
      ax.plot(d_all, [sl.tail_mass(p, math.floor(d / P_div)) for d in d_all], "k:", lw=1,
              label=f"tail mass Σ_(x≥⌊d/{P_div:g}⌋) p (derived)")
    trials = len({r["seed"] for r in records})
    _outer.finish(ax, "memory size d", f"infinite data: N = {N}, M = {M}, α = {alpha:g}, "
                  f"{trials} trials\n(fit over d ≥ {config['fit_d_min']}; band ±0.5 std)")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
