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
from paper_figs import _common, _outer, _report

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


PAPER = "paper: Cabannes et al. 2024, released result files, 10 seeds (docs/outer_product.md §7.6)"
REF_SLOPE_TUNED = {"adam": -0.71, "sgd": -0.40}
REF_SLOPE_T = {("sgd", False): -0.48, ("sgd", True): -0.49, ("adam", False): -0.59,
               ("adam", True): -0.78}


def _tuned(records, d):
  """Per seed, the smallest error over γ at memory size d."""
  best: dict = {}
  for r in _outer.select(records, d=d):
    best[r["seed"]] = min(best.get(r["seed"], float("inf")), float(r["error"]))
  return list(best.values())


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers of F-l to F-p (docs/outer_product.md §7.6, item 6;
  reference values from the authors' released result files, 10 seeds):
    F-l  Adam E(d = 1000) at (|B|, γ) = (16, 1), (1024, 10) and their
         ordering (the large batch worse);
    F-m  SGD E(d = 1000) for γ = 0.1, 1, 10, 100 and the ordering
         (decreasing in γ: the fraction of consecutive γ pairs that
         decrease, against 1);
    F-n  tuned (per seed, min over γ) Adam and SGD at d = 10 and 1000, their
         d-slopes (fits.jsonl, bootstrap error) and SGD / Adam at d = 1000
         ("Adam ahead by ≈ 3.7×"); beside tuned Adam at d = 1000, the
         derived floor (1 - 1/M) × unseen mass;
    F-o  E(d = 1000) for SGD, SGD+LN, Adam, Adam+LN, the ordering "Adam+LN
         best" (the smallest other minus Adam+LN) and the T-slopes at γ =
         0.1, d = 100;
    F-p  learnable at d = 10, 100, 1000 against the flat reference range
         0.0012-0.0020 (its midpoint, ±30 %) and matrix at d = 10, 1000.

  Tolerances: the docs' bands, ±30 % of the reference on errors and ±0.10
  on slopes; the orderings ("strict" in the docs) as a difference or ratio
  whose tolerance puts the expected sign at the edge of the band (chosen:
  difference, tolerance = reference; ratio, tolerance = reference - 1).
  Errors are standard errors over this run's seeds (3 at quick: many
  values are unresolved; configs/outer_grid.py:tuned_d1000 runs 40 seeds).
  """
  records = [r for r in _report.records(workdir) if all(r.get(k) == v for k, v in BASE.items())]
  if not records:
    return []
  fits = _report.records(workdir, "fits.jsonl")
  out = []

  def err(sel, name, ref, note="", theory=None):
    m, se = _report.field_mean_se(sel, "error")
    out.append(_report.Quantity(
        name=name, figure=NAME, measured=m, error=se, theory=theory, reference=ref,
        provenance=PAPER, compare_to="reference", tolerance=0.3 * ref,
        note=(note + "; " if note else "") + f"{len(sel)} seeds; ±30 %"))
    return m, se

  def order(est, name, ref, note):
    m, se = est
    out.append(_report.Quantity(
        name=name, figure=NAME, measured=m, error=se, theory=None, reference=ref,
        provenance=PAPER, compare_to="reference", tolerance=abs(ref), note=note))

  # F-l
  est = {}
  for (B, g), ref in REF_BATCH.items():
    sel = _outer.select(records, model="matrix", optimizer="adam", ln=False, B=B, gamma=g,
                        T=1024, d=1000)
    if sel:
      est[(B, g)] = err(sel, f"F-l: E (Adam, |B| = {B}, γ = {g:g}, d = 1000)", ref)
  if len(est) == 2:
    order(_outer.difference(est[(1024, 10.0)], est[(16, 1.0)]),
          "F-l: E(|B| = 1024, γ = 10) - E(|B| = 16, γ = 1) (d = 1000)",
          REF_BATCH[(1024, 10.0)] - REF_BATCH[(16, 1.0)], "> 0 expected: small batches win")
  # F-m
  means = []
  for g, ref in REF_STEP.items():
    sel = _outer.select(records, model="matrix", optimizer="sgd", ln=False, B=64, gamma=g,
                        T=10240, d=1000)
    if sel:
      means.append(err(sel, f"F-m: E (SGD γ = {g:g}, d = 1000)", ref)[0])
  if len(means) > 1:
    down = [b < a for a, b in zip(means, means[1:])]
    out.append(_report.Quantity(
        name="F-m: fraction of consecutive γ with E decreasing (d = 1000)", figure=NAME,
        measured=float(np.mean(down)), error=None, theory=None, reference=1.0,
        provenance=PAPER, compare_to="reference", tolerance=1e-6,
        note="strict ordering: decreasing in γ (of the seed means)"))
  # F-n
  tuned = {}
  for opt, refs in REF_TUNED.items():
    sel = _outer.select(records, model="matrix", optimizer=opt, ln=False, B=256, T=10240)
    if not sel:
      continue
    for d, ref in zip((10, 1000), refs):
      vals = _tuned(sel, d)
      if not vals:
        continue
      m, se = _report.mean_se(vals)
      theory = None
      if d == 1000 and opt == "adam":
        r0 = _outer.select(sel, d=d)[0]
        theory = _report.value(r0["unseen_mass"] * (1 - 1 / r0["M"]))
      tuned[(opt, d)] = (m, se)
      out.append(_report.Quantity(
          name=f"F-n: E (tuned {OPT[opt]}, d = {d})", figure=NAME, measured=m, error=se,
          theory=theory, reference=ref, provenance=PAPER, compare_to="reference",
          tolerance=0.3 * ref,
          note=f"{len(vals)} seeds, min over γ per seed; ±30 %"
          + ("; theory: (1 - 1/M) × unseen mass (derived floor)" if theory else "")))
    fit = _report.one(fits, axis="d", tuned=True, optimizer=opt, model="matrix", ln=False,
                      B=256, T=10240, N=100, M=5)
    if fit:
      out.append(_report.Quantity(
          name=f"F-n: d-slope (tuned {OPT[opt]})", figure=NAME,
          measured=_report.value(fit.get("slope")), error=_report.value(fit.get("slope_stderr")),
          theory=None, reference=REF_SLOPE_TUNED[opt], provenance=PAPER,
          compare_to="reference", tolerance=0.10,
          note=f"d in [{fit['x_min']}, {fit['x_max']}]; ±0.10"))
  if ("adam", 1000) in tuned and ("sgd", 1000) in tuned:
    (ma, sa), (ms, ss) = tuned[("adam", 1000)], tuned[("sgd", 1000)]
    ratio = ms / ma if ma else None
    se = (ratio * float(np.hypot(sa / ma, ss / ms)) if ratio and sa is not None
          and ss is not None and ms else None)
    ref = REF_TUNED["sgd"][1] / REF_TUNED["adam"][1]
    out.append(_report.Quantity(
        name="F-n: E(tuned SGD) / E(tuned Adam) (d = 1000)", figure=NAME, measured=ratio,
        error=se, theory=None, reference=ref, provenance=PAPER, compare_to="reference",
        tolerance=ref - 1.0, note="> 1 expected: Adam ahead (tolerance: reference - 1)"))
  # F-o
  norm = {}
  for (opt, ln), ref in REF_NORM.items():
    sel = _outer.select(records, model="matrix", optimizer=opt, ln=ln, B=1024, gamma=1.0,
                        T=10240, d=1000)
    label = f"{OPT[opt]}{' + LN' if ln else ''}"
    if sel:
      norm[(opt, ln)] = err(sel, f"F-o: E ({label}, d = 1000)", ref)
    fit = _report.one(fits, axis="T", tuned=False, optimizer=opt, ln=ln, B=1024, gamma=0.1,
                      d=100, model="matrix", N=100, M=5)
    if fit:
      out.append(_report.Quantity(
          name=f"F-o: T-slope ({label}, γ = 0.1, d = 100)", figure=NAME,
          measured=_report.value(fit.get("slope")), error=_report.value(fit.get("slope_stderr")),
          theory=None, reference=REF_SLOPE_T[(opt, ln)], provenance=PAPER,
          compare_to="reference", tolerance=0.10, note="±0.10"))
  if len(norm) == 4:
    best = norm[("adam", True)]
    rival = min((v for k, v in norm.items() if k != ("adam", True)), key=lambda e: e[0])
    ref = min(v for k, v in REF_NORM.items() if k != ("adam", True)) - REF_NORM[("adam", True)]
    order(_outer.difference(rival, best), "F-o: min E(others) - E(Adam + LN) (d = 1000)", ref,
          "> 0 expected: Adam + LN best")
  # F-p
  lo, hi = REF_EMB["learnable"]
  for model in ("learnable", "matrix"):
    sel = _outer.select(records, model=model, optimizer="sgd", ln=False, B=16, gamma=1.0,
                        T=10240)
    for i, d in enumerate((10, 100, 1000)):
      at = _outer.select(sel, d=d)
      if not at:
        continue
      if model == "learnable":
        err(at, f"F-p: E (learnable, d = {d})", 0.5 * (lo + hi),
            note=f"flat reference range {lo:g}-{hi:g}: its midpoint")
      elif d != 100:
        err(at, f"F-p: E (matrix, d = {d})", REF_EMB["matrix"][0 if d == 10 else 1])
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
