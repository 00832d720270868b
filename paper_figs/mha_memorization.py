"""Figure F10 (docs/pavlovian.md §5): memorisation by one multi-head
attention layer. One panel per swept size (H, n, d_h): the largest number of
random examples T memorised (train accuracy at the run's threshold; mean
over seeds, each seed a dot), with the least-squares line for H (the
paper's claim: linear in H) and, as a guide only, the count H (min(n, d_h)
- 1) + 1 that the paper's construction suggests (not established). A dashed
vertical line marks d_h = n, beyond which the paper expects no gain.

    python -m paper_figs.mha_memorization --workdir=DIR --outdir=figures

DIR is a sims.mha_memorization run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _report

NAME = "mha_memorization"
LABELS = {"H": "heads H", "n": "context length n", "d_h": "head dimension d_h"}


def make(workdir: str, outdir: str) -> list[str]:
  summary = results.load(workdir, "memorization.jsonl")
  config = results.read_config(workdir)
  sweeps = list(dict.fromkeys(r["sweep"] for r in summary))
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(sweeps), figsize=(4.2 * len(sweeps), 3.8), squeeze=False)
    for ax, s in zip(axes[0], sweeps):
      rows = [r for r in summary if r["sweep"] == s and "value" in r]
      x = np.array([r["value"] for r in rows], float)
      for r in rows:
        ax.plot([r["value"]] * len(r["T_max"]), r["T_max"], ".", color="C0", alpha=0.5)
      ax.plot(x, [r["T_max_mean"] for r in rows], "o", color="C0",
              label="measured: largest T memorised (mean)")
      fit = next((r for r in summary if r["sweep"] == s and "slope" in r), None)
      if fit is not None and s == "H":
        ax.plot(x, fit["intercept"] + fit["slope"] * x, color="C0", lw=0.8,
                label=f"least squares: slope {fit['slope']:.1f}, R² = {fit['r2']:.2f}"
                if fit["r2"] is not None else "least squares")
      ax.plot(x, [r["guide"] for r in rows], color=_common.THEORY_COLOR, lw=0.8, ls=":",
              label="guide: H (min(n, d_h) − 1) + 1 (not established)")
      if s == "d_h":
        ax.axvline(rows[0]["n"], color="0.6", lw=0.8, ls="--", label="d_h = n")
      fixed = ", ".join(f"{k} = {rows[0][k]}" for k in ("H", "n", "d_h") if k != s)
      ax.set_xlabel(LABELS[s] + f"   ({fixed})")
      ax.set_ylabel("T memorised")
      ax.legend(fontsize=6, frameon=False)
    fig.suptitle(f"Memorisation by multi-head attention: d_model = {config['d_model']}, "
                 f"{config['num_classes']} classes, {config['context']} context, "
                 f"threshold {config['memorized_threshold']}")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


PAPER = "paper: Mahdavi, Liao & Thrampoulidis 2024 (qualitative)"
R2_MIN = 0.9   # docs/pavlovian.md §6: linear fit vs H with R^2 >= .9, positive slope


def _step(T_grid: list, at: float) -> float:
  """The step of the T grid above `at` (the last step at or beyond its top)."""
  T = sorted(T_grid)
  above = [b - a for a, b in zip(T, T[1:]) if a >= at]
  return float(above[0] if above else T[-1] - T[-2])


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/pavlovian.md §2, §6 row "attention memorisation
  (F10)"): the paper's claims are qualitative, so every quantity is an
  interval or a difference, from memorization.jsonl (T_max per seed):

  - the least-squares fit of the largest T memorised against H: R^2 in
    [.9, 1] and a positive slope (the docs'), the slope required in
    [T_min / (H_max - H_min), T_top] (chosen: across the H range the count
    grows by at least the smallest T of the grid; no fit to counts inside
    the grid exceeds its top per head), its error the standard error of the
    per-seed slopes;
  - flat in d_h beyond n: T_max at the largest d_h minus T_max at d_h = n
    (paired by seed), target 0, tolerance one T-grid step at that T
    (chosen: the grid cannot resolve less);
  - increasing in n, where the run sweeps n: T_max at the largest n minus
    at the smallest, required in [one T-grid step, T_top].

  Counts at the top of the T grid are censored (the quick run: H = 8
  memorises all 160), so the slope there is a lower bound.
  """
  summary = _report.records(workdir, "memorization.jsonl")
  if not summary:
    return []
  T_grid = list(results.read_config(workdir)["T"])
  top = float(max(T_grid))
  out = []
  points = {s: [r for r in summary if r["sweep"] == s and "value" in r]
            for s in dict.fromkeys(r["sweep"] for r in summary)}
  fits = {r["sweep"]: r for r in summary if "slope" in r}
  H_rows = points.get("H", [])
  # A fit needs at least 3 widths and a T grid (the smoke preset has 2 and 1).
  if len(H_rows) >= 3 and len(T_grid) > 1 and "H" in fits:
    fit = fits["H"]
    Hs = np.array([r["value"] for r in H_rows], float)
    censored = [r["value"] for r in H_rows if max(r["T_max"]) >= top]
    note = ("censored at the top of the T grid at H = " + ", ".join(map(str, censored))
            if censored else "")
    out.append(_report.interval(
        "R^2 of T_max vs H", NAME, _report.value(fit.get("r2")), None, R2_MIN, 1.0,
        provenance=PAPER, note=note))
    seeds = min(len(r["T_max"]) for r in H_rows)
    slopes = [np.polyfit(Hs, [r["T_max"][i] for r in H_rows], 1)[0] for i in range(seeds)]
    _, se = _report.mean_se(slopes)
    out.append(_report.interval(
        "slope of T_max vs H (per head)", NAME, _report.value(fit.get("slope")), se,
        min(T_grid) / float(Hs.max() - Hs.min()), top, provenance=PAPER,
        note="linear in H; " + (note or "least squares over the H sweep")))
  d_rows = sorted(points.get("d_h", []), key=lambda r: r["value"])
  if d_rows:
    n = d_rows[0]["n"]
    at_n = next((r for r in d_rows if r["value"] == n), None)
    last = d_rows[-1]
    if at_n is not None and last["value"] > n:
      diff, se = _report.mean_se([b - a for a, b in zip(at_n["T_max"], last["T_max"])])
      out.append(_report.Quantity(
          name=f"T_max(d_h = {last['value']}) - T_max(d_h = n = {n})", figure=NAME,
          measured=diff, error=se, theory=None, reference=0.0, provenance=PAPER,
          compare_to="reference", tolerance=_step(T_grid, at_n["T_max_mean"]),
          note=f"flat in d_h beyond n; H = {last['H']}"))
  n_rows = sorted(points.get("n", []), key=lambda r: r["value"])
  if len(n_rows) > 1:
    lo, hi = n_rows[0], n_rows[-1]
    diff, se = _report.mean_se([b - a for a, b in zip(lo["T_max"], hi["T_max"])])
    out.append(_report.interval(
        f"T_max(n = {hi['value']}) - T_max(n = {lo['value']})", NAME, diff, se,
        _step(T_grid, lo["T_max_mean"]), top, provenance=PAPER, note="increasing in n"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
