"""Figures F-l to F-p (docs/outer_product.md §5, §7.6): what optimisers store
in an outer-product memory, error vs memory size d (N = 100, M = 5, α = 2;
mean over seeds, ±0.5 std band; one pass over T fresh samples).

  F-l  batch size: Adam(β = 0), T = 1024, (|B|, γ) = (16, 1) and (1024, 10)
  F-m  SGD step size γ, |B| = 64, T = 10240
  F-n  Adam vs SGD, each tuned over γ per seed (optimistic), |B| = 256,
       T = 10240; legend: fitted slopes over the run's d; dashed: the
       expected error of a memory that gets every seen token right and the
       unseen ones right by chance, (1 - 1/M) sum_x p(x) (1 - p(x))^T
       (derived; configs/outer_grid.py: tuned Adam sits on it at d = 1000)
  F-o  normalisation: {SGD, Adam} x {LN off, on}, γ = 1, |B| = 1024,
       T = 10240; and error vs T at γ = 0.1, |B| = 1024, d = 100 with slopes
  F-p  learned embeddings: matrix vs learnable (E, W, U) vs exponential
       (logits U ReLU(e_x), E and U learned, no W), SGD γ = 1, |B| = 16,
       T = 10240 (there are no reference values for exponential)
Crosses: the reference values at d = 1000 (docs/outer_product.md §7.6;
authors' released results, 10 seeds).

    python -m paper_figs.outer_grid --workdir=DIR --outdir=figures

DIR is a run of sims.outer_grid.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _outer

NAME = "outer_grid"
BASE = dict(N=100, M=5, alpha=2.0, schedule="constant", w0_std=None, emb_std=None)
# Reference values of docs/outer_product.md §7.6, d = 1000 (and d = 10 where given).
REF_STEP = {0.1: 0.046, 1.0: 0.018, 10.0: 0.0051, 100.0: 0.0017}
REF_TUNED = {"adam": (0.0356, 0.0013), "sgd": (0.0315, 0.0048)}
REF_NORM = {("sgd", False): 0.048, ("sgd", True): 0.043, ("adam", False): 0.028,
            ("adam", True): 0.014}
REF_BATCH = {(16, 1.0): 0.017, (1024, 10.0): 0.054}
REF_EMB = {"learnable": (0.0012, 0.0020), "matrix": (0.053, 0.0089)}
OPT = {"sgd": "SGD", "adam": "Adam(β=0)"}
EMB_LABEL = {"matrix": "matrix (W; E, U fixed)", "learnable": "learnable (E, W, U)",
             "exponential": "exponential (U ReLU(e_x); E, U)"}


def _fits(workdir):
  try:
    return results.load(workdir, "fits.jsonl")
  except FileNotFoundError:
    return []


def _finish(ax, title):
  _outer.finish(ax, "memory size d", title, loc="best")


def make(workdir: str, outdir: str) -> list[str]:
  records = [r for r in results.load(workdir) if all(r.get(k) == v for k, v in BASE.items())]
  fits = _fits(workdir)
  seeds = len({r["seed"] for r in records})
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(2, 3, figsize=(12, 7.2))
    (al, am, an), (ao, at, ap) = axes

    for (B, g), color in zip(REF_BATCH, ("tab:blue", "tab:red")):
      sel = _outer.select(records, model="matrix", optimizer="adam", ln=False, B=B, gamma=g, T=1024)
      if sel:
        _outer.band(al, *_outer.curve(sel, "d"), color=color, label=f"|B| = {B}, γ = {g:g}")
        al.plot([1000], [REF_BATCH[(B, g)]], "x", color=color, ms=6)
    _finish(al, "F-l  batch size: Adam(β=0), T = 1024, no LN")

    gammas = sorted({r["gamma"] for r in _outer.select(records, optimizer="sgd", B=64, T=10240)})
    colors = plt.cm.viridis(np.linspace(0.1, 0.85, max(len(gammas), 1)))
    for g, color in zip(gammas, colors):
      sel = _outer.select(records, model="matrix", optimizer="sgd", ln=False, B=64, gamma=g, T=10240)
      _outer.band(am, *_outer.curve(sel, "d"), color=color, label=f"γ = {g:g}")
      if g in REF_STEP:
        am.plot([1000], [REF_STEP[g]], "x", color=color, ms=6)
    _finish(am, "F-m  SGD step size: |B| = 64, T = 10240")

    for opt, color in (("adam", "tab:red"), ("sgd", "tab:blue")):
      sel = _outer.select(records, model="matrix", optimizer=opt, ln=False, B=256, T=10240)
      if not sel:
        continue
      fit = _outer.fit_of(fits, axis="d", tuned=True, optimizer=opt, model="matrix", ln=False,
                          B=256, T=10240, N=100, M=5)
      n_g = len({r["gamma"] for r in sel})
      _outer.band(an, *_outer.tuned_curve(sel), color=color,
                  label=f"{OPT[opt]} tuned over {n_g} γ: {_outer.slope_text(fit)}")
      an.plot([10, 1000], REF_TUNED[opt], "x", color=color, ms=6)
    floor = _outer.select(records, B=256, T=10240)
    if floor:  # what no memory of T samples can beat: its unseen tokens, right by chance
      M, mass = floor[0]["M"], floor[0]["unseen_mass"]
      an.axhline(mass * (1 - 1 / M), color=_common.THEORY_COLOR, ls="--", lw=0.8,
                 label=f"unseen mass × (1 − 1/M) = {mass * (1 - 1 / M):.2g} (derived)")
    _outer.finish(an, "memory size d", "F-n  tuned per seed (optimistic): |B| = 256, T = 10240",
                  loc="upper right")

    for (opt, ln), color in zip(REF_NORM, ("tab:blue", "tab:cyan", "tab:red", "tab:orange")):
      sel = _outer.select(records, model="matrix", optimizer=opt, ln=ln, B=1024, gamma=1.0, T=10240)
      if sel:
        _outer.band(ao, *_outer.curve(sel, "d"), color=color,
                    label=f"{OPT[opt]}{' + LN' if ln else ''}")
        ao.plot([1000], [REF_NORM[(opt, ln)]], "x", color=color, ms=6)
      selT = _outer.select(records, model="matrix", optimizer=opt, ln=ln, B=1024, gamma=0.1, d=100)
      if len({r["T"] for r in selT}) > 1:
        fit = _outer.fit_of(fits, axis="T", tuned=False, optimizer=opt, ln=ln, B=1024,
                            gamma=0.1, d=100, model="matrix", N=100, M=5)
        _outer.band(at, *_outer.curve(selT, "T"), color=color,
                    label=f"{OPT[opt]}{' + LN' if ln else ''}: {_outer.slope_text(fit)}")
    _finish(ao, "F-o  normalisation: γ = 1, |B| = 1024, T = 10240")
    _finish(at, "F-o  error vs T: γ = 0.1, |B| = 1024, d = 100\n"
            "(reference slopes −0.48, −0.49, −0.59, −0.78)")
    at.set_xlabel("data size T")

    for model, color in (("matrix", "tab:blue"), ("learnable", "tab:red"),
                         ("exponential", "tab:green")):
      sel = _outer.select(records, model=model, optimizer="sgd", ln=False, B=16, gamma=1.0, T=10240)
      if sel:
        _outer.band(ap, *_outer.curve(sel, "d"), color=color, label=EMB_LABEL[model])
        if model == "matrix":
          ap.plot([10, 1000], REF_EMB[model], "x", color=color, ms=6)
        elif model == "learnable":
          ap.axhspan(*REF_EMB[model], color=color, alpha=0.12, lw=0,
                     label="learnable: reference range")
    _finish(ap, "F-p  learned embeddings: SGD γ = 1, |B| = 16, T = 10240")

    fig.suptitle(f"Trained outer-product memories: N = 100, M = 5, α = 2, {seeds} seeds "
                 f"(band ±0.5 std; x: reference values)", fontsize=9)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
