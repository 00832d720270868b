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

import math

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian, _report

NAME = "fast_weight_capacity"
SETTING = 1
RULE_NAMES = _pavlovian.FAST_WEIGHT_RULES
PAPER = "paper: Schlag, Irie & Schmidhuber 2021, Fig. 2 (read from the figure, approximate)"
# docs/pavlovian.md §6: setting-1 breakpoints of the sum rule at d = 64 (loss ~ 0 up to S).
PAPER_BREAKPOINT = {"elu1": 40, "dpfp1": 100, "dpfp2": 240, "dpfp3": 340}
PAPER_D = 64
BOUND_TOLERANCE = 0.05


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


def _grid_step(S: list, at: float) -> float:
  """The step of the S grid at `at`: between the grid values that bracket it
  (the last step where it lies beyond the grid)."""
  S = sorted(S)
  if len(S) < 2:
    return float("nan")
  i = int(np.searchsorted(S, at))
  i = min(max(i, 1), len(S) - 1)
  return float(S[i] - S[i - 1])


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/pavlovian.md §6, row "fast-weight capacity";
  §7.13), setting 1, from capacity.jsonl (breakpoints of the mean loss over
  seeds; no error: a grid bracket) and results.jsonl:

  - per sum-rule feature map, the breakpoint S_ok (the largest S with test
    loss <= the run's capacity_threshold, "≈ 0": 0.001 by default, the
    authors' stop criterion) against the capacity of a rank-d_dot memory, d_dot
    (derived), tolerance one grid step at d_dot (the docs' "within one grid
    step"; on the doubling quick grid that is d_dot/2). At the paper's width
    (d = 64) the target is instead the paper's breakpoint (ELU+1 40, DPFP-1
    100, DPFP-2 240, DPFP-3 340), the same tolerance;
  - at every S above d_dot, the test loss (mean over seeds) against the
    least loss of any read linear in phi(q), (1/2) max(0, 1 - d_dot/S)
    (derived, Eckart-Young; a lower bound), tolerance 0.05 (chosen: a tenth
    of chance; a trained sum rule should come that close to its rank bound).
  """
  caps = [c for c in _report.records(workdir, "capacity.jsonl") if c.get("setting") == SETTING]
  rows = _report.select(_report.records(workdir), setting=SETTING)
  config = results.read_config(workdir) if caps or rows else {}
  d = config.get("d")
  # A breakpoint of one training run has no error estimate: unresolved.
  breakpoint_error = math.inf if config.get("num_seeds", 1) < 2 else None
  out = []
  for cap in caps:
    if cap["rule"] == "softmax":
      continue
    fm, d_dot = cap["feature_map"], cap["d_dot"]
    paper = PAPER_BREAKPOINT.get(fm) if d == PAPER_D else None
    target = paper if paper is not None else d_dot
    out.append(_report.Quantity(
        name=f"breakpoint S_ok ({RULE_NAMES.get(cap['rule'], cap['rule'])}, {fm})", figure=NAME,
        measured=_report.value(cap.get("S_ok")), error=breakpoint_error, theory=float(d_dot),
        reference=None if paper is None else float(paper),
        provenance=PAPER if paper is not None else "derived",
        compare_to="reference" if paper is not None else "theory",
        tolerance=_grid_step(cap["S"], target),
        note=f"loss <= {cap['threshold']:g}; fails at S = {cap.get('S_fail')}; "
             f"theory d_dot = {d_dot}; d = {d}"))
  for rule, fm in dict.fromkeys((r["rule"], r["feature_map"]) for r in rows):
    if rule == "softmax":
      continue
    sel = _report.select(rows, rule=rule, feature_map=fm)
    d_dot = sel[0]["d_dot"]
    for S in sorted({r["S"] for r in sel if r["S"] > d_dot}):
      pts = _report.select(sel, S=S)
      m, se = _report.field_mean_se(pts, "loss")
      out.append(_report.Quantity(
          name=f"loss at S = {S} ({RULE_NAMES.get(rule, rule)}, {fm})", figure=NAME,
          measured=m, error=se, theory=_report.value(pts[0].get("loss_bound")), reference=None,
          provenance="derived", compare_to="theory", tolerance=BOUND_TOLERANCE,
          note=f"least loss of a rank-{d_dot} read, (1/2) max(0, 1 - d_dot/S): a lower bound"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
