"""Figure F-f (docs/outer_product.md §5): memory-matrix heat maps. For each
ρ of the run (q^ = p^^ρ on seen tokens; ρ = 0 stores every seen token alike,
ρ = 1 by frequency): the image of softmax_y(u_y^T W e_x), rows the tokens x
(most frequent first), columns the classes y, colour scale 0 to the row's
largest value; the correct class f*(x) = x mod M is boxed. Left: the first trial (one draw, as in the paper); right: the
mean over all trials of the run. The title gives the trial's population
error.

    python -m paper_figs.outer_matrix --workdir=DIR --outdir=figures

DIR is a run of sims.outer_matrix.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _outer, _report

NAME = "outer_matrix"


def _image(records, N, M):
  img = np.zeros((N, M))
  n = np.zeros((N, M))
  for r in records:
    img[r["x"], r["y"]] += r["prob"]
    n[r["x"], r["y"]] += 1
  return img / np.maximum(n, 1)


def _error(records, N, M):
  """Population error of the argmax read-out (ties to the smallest class)."""
  S = np.full((N, M), -np.inf)
  p = np.zeros(N)
  for r in records:
    S[r["x"], r["y"]] = r["score"]
    p[r["x"]] = r["p"]
  return float(np.sum(p[np.argmax(S, axis=1) != np.arange(N) % M]))


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  N, M = config["N"], config["M"]
  rhos = sorted({r["rho"] for r in records})
  seeds = sorted({r["seed"] for r in records})
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(len(rhos), 2, figsize=(5.8, 2.9 * len(rhos)), squeeze=False,
                             layout="constrained")
    for row, rho in zip(axes, rhos):
      sel = _outer.select(records, rho=rho)
      first = _outer.select(sel, seed=seeds[0])
      errs = [_error(_outer.select(sel, seed=s), N, M) for s in seeds]
      vmax = max(r["prob"] for r in sel)
      for ax, recs, title in (
          (row[0], first, f"ρ = {rho:g}, trial {seeds[0]}: error {errs[0]:.3f}"),
          (row[1], sel, f"ρ = {rho:g}, mean of {len(seeds)} trials: error {np.mean(errs):.3f}")):
        im = ax.imshow(_image(recs, N, M), aspect="auto", cmap="viridis", vmin=0, vmax=vmax)
        for x in range(N):
          ax.add_patch(plt.Rectangle((x % M - 0.5, x - 0.5), 1, 1, fill=False, ec="w", lw=1))
        ax.set_title(title, fontsize=8)
        ax.set_xlabel("class y")
        if ax is row[0]:
          ax.set_ylabel("token x")
        ax.set_xticks(range(M))
        ax.set_yticks(range(N))
      fig.colorbar(im, ax=row.tolist(), label="softmax_y(u_yᵀ W e_x)", shrink=0.9)
    fig.suptitle(f"q = p̂^ρ on seen tokens: N = {N}, M = {M}, d = {config['d']}, "
                 f"α = {config['alpha']:g}, T = {config['T']} (boxes: f*(x))", fontsize=8.5)
    return _common.save(fig, outdir, NAME)


# docs/outer_product.md §7 ("Other measured values"), configs/outer_matrix.py:
# the mean population error of this project's quick run (10 trials) per ρ.
QUICK = ("reference simulation (this project's quick run, 10 trials, "
         "docs/outer_product.md §7, configs/outer_matrix.py)")
REFERENCE = {0.0: 0.18, 1.0: 0.27}
REFERENCE_SETTING = dict(N=10, M=5, d=10, alpha=1.0, T=1000)


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers of F-f (docs/outer_product.md §7, "Other measured
  values (quick, no reference)"): at N = 10, M = 5, d = 10, α = 1, T = 1000
  the mean over trials of the population error of the argmax read-out
  (`_error`, as in the figure's titles) for ρ = 0 and ρ = 1, against this
  project's quick-run values 0.18 and 0.27. No paper value or theory exists
  for these. Tolerance: §7's band for a Monte-Carlo mean (25 % of the
  reference or 3 standard errors over trials, the larger); the trials'
  scatter is large (standard deviation ≈ 0.11), so at the quick preset the
  3-SE band dominates.
  """
  records = _report.select(_report.records(workdir), **REFERENCE_SETTING)
  out = []
  for rho, ref in REFERENCE.items():
    sel = _report.select(records, rho=rho)
    if not sel:
      continue
    N, M = REFERENCE_SETTING["N"], REFERENCE_SETTING["M"]
    errs = [_error(_report.select(sel, seed=s), N, M) for s in sorted({r["seed"] for r in sel})]
    m, se = _report.mean_se(errs)
    out.append(_report.Quantity(
        name=f"mean E (ρ = {rho:g})", figure=NAME, measured=m, error=se, theory=None,
        reference=ref, provenance=QUICK, compare_to="reference",
        tolerance=_report.mc_band(ref, se), note=f"{len(errs)} trials, argmax read-out"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
