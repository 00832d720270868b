"""Figure H5 (docs/hopfield.md §5): capacity of each storage rule vs N, as
P_50, the number of patterns at which half of the stored patterns are exact
fixed points, on log-log axes. Markers: measured P_50 (interpolated in log P
between the bracketing grid points, drawn as the error bar); an open side
(the grid never falls below 1/2, as for the pseudo-inverse, whose grid stops
at 0.95 N in float32) is drawn as a lower-bound arrow. Lines: the Hebbian
finite-N formula Phi(sqrt((N-1)/(P-1)))^N = 1/2 (derived), N/(2 ln N) and
N/(4 ln N) (McEliece et al.), Storkey's N/sqrt(2 ln N), and P = N.

    python -m paper_figs.rule_capacity --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import analysis, results
from paper_figs import _common, _pavlovian, _report
from theory import capacities, snr

NAME = "rule_capacity"
COLORS = {"hebbian": "tab:blue", "storkey": "tab:orange", "pseudo_inverse": "tab:green"}
P50_TOLERANCE = 0.10     # relative, Hebbian P_50 against the finite-N formula (chosen)
# docs/hopfield.md §1.6 (reference values, tolerance 0.05): Storkey's fraction of
# exact fixed points, {N: (P, fraction)}.
STORKEY_REFERENCE = {200: (60, 0.99)}


def make(workdir: str, outdir: str) -> list[str]:
  caps = results.load(workdir, "capacity.jsonl")
  rules = list(dict.fromkeys(c["rule"] for c in caps))
  all_N = np.array(sorted({c["N"] for c in caps}), float)
  Nf = np.geomspace(all_N.min() * 0.8, all_N.max() * 1.25, 60)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(6.0, 4.6))
    for i, rule in enumerate(rules):
      sel = sorted((c for c in caps if c["rule"] == rule), key=lambda c: c["N"])
      color = COLORS.get(rule, f"C{i + 3}")
      N = np.array([c["N"] for c in sel], float)
      closed = [c["P50"] is not None for c in sel]
      if any(closed):
        Nc = N[closed]
        P = np.array([c["P50"] for c, k in zip(sel, closed) if k])
        lo = np.array([c["P50_lo"] for c, k in zip(sel, closed) if k])
        hi = np.array([c["P50_hi"] for c, k in zip(sel, closed) if k])
        ax.errorbar(Nc, P, yerr=[P - lo, hi - P], fmt="o", color=color, ms=5,
                    label=f"{rule}: measured P₅₀")
      open_ = [c for c in sel if c["P50"] is None and c["P50_lo"] is not None]
      if open_:
        ax.plot([c["N"] for c in open_], [c["P50_lo"] for c in open_], "^", color=color,
                ms=6, label=f"{rule}: all fixed up to this P (lower bound)")
    ax.plot(Nf, [snr.p50(N) for N in Nf], color="tab:blue", lw=1.2,
            label="Hebbian Φ(√((N−1)/(P−1)))ᴺ = ½ (derived)")
    ax.plot(Nf, snr.p_max_one(Nf), color="tab:blue", lw=1.0, ls="--", label="N / (2 ln N)")
    ax.plot(Nf, snr.p_max_all(Nf), color="tab:blue", lw=1.0, ls=":", label="N / (4 ln N)")
    ax.plot(Nf, capacities.storkey_p_max(Nf), color="tab:orange", lw=1.0, ls="--",
            label="Storkey N / √(2 ln N)")
    ax.plot(Nf, capacities.pseudo_inverse_p_max(Nf), color="tab:green", lw=1.0,
            label="pseudo-inverse P = N")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("N")
    ax.set_ylabel("P₅₀: half of the stored patterns are exact fixed points")
    ax.set_title("Capacity of the storage rules (exact fixed points)")
    ax.legend(fontsize=6.5, frameon=False, loc="upper left")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


def _p50(rows: list[dict]) -> float:
  """P_50 of `rows` (one rule and N, any seeds) as the run's summary computes
  it: where the mean fraction fixed falls through 1/2, interpolated in log P
  (NaN if not bracketed)."""
  by_P: dict[int, list[float]] = {}
  for r in rows:
    by_P.setdefault(r["P"], []).append(r["fraction_fixed"])
  Ps = sorted(by_P)
  x, _, _ = analysis.crossing(np.log(Ps), [np.mean(by_P[P]) for P in Ps])
  return float(np.exp(x)) if np.isfinite(x) else float("nan")


def _p50_se(rows: list[dict]) -> float | None:
  """The jackknife standard error over seeds of `_p50` (NaN if a
  leave-one-seed-out P_50 is not bracketed; None for one seed)."""
  seeds = sorted({r["seed"] for r in rows})
  _, se = _pavlovian.jackknife(seeds, lambda keep: _p50([r for r in rows if r["seed"] in keep]))
  return se


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/hopfield.md §1.5, §1.6, §6), from capacity.jsonl
  and results.jsonl:

  - Hebbian P_50 (half of the stored patterns exact fixed points) per N
    against the finite-N formula Phi(sqrt((N-1)/(P-1)))^N = 1/2 (derived),
    tolerance 10 % of the formula (chosen: the docs give no P_50 band; the
    ratio grid brackets P_50 in steps of 15 % of the formula, and the
    formula's independent-bit approximation is not expected to be better
    than a few per cent); error: jackknife over seeds of the interpolated
    P_50;
  - Storkey P_50 / (N / sqrt(2 ln N)) per N, which the docs state lies
    "well above" 1 (the formula is a one-pattern criterion): an interval
    [1, sqrt(2 ln N)] (P_50 <= N), same jackknife error;
  - Storkey's fraction of fixed patterns at N = 200, P = 61 (the run's
    grid point nearest the reference P = 60) against the reference 0.99,
    tolerance 0.05 (docs/hopfield.md §1.6, §6); error over seeds;
  - pseudo-inverse: the least fraction fixed over the grid (P <= 0.95 N)
    per N against 1 (derived: exact), tolerance 1e-9.
  """
  caps = _report.records(workdir, "capacity.jsonl")
  rows = _report.records(workdir)
  out = []
  for cap in caps:
    rule, N = cap["rule"], cap["N"]
    sel = _report.select(rows, rule=rule, N=N)
    if rule == "hebbian":
      formula = _report.value(cap.get("P50_formula"))
      out.append(_report.Quantity(
          name=f"P_50 (hebbian, N = {N})", figure=NAME, measured=_report.value(cap.get("P50")),
          error=_p50_se(sel), theory=formula, reference=None, provenance="derived",
          compare_to="theory", tolerance=P50_TOLERANCE * (formula or 1.0),
          note=f"finite-N formula; grid bracket [{cap.get('P50_lo')}, {cap.get('P50_hi')}]"))
    elif rule == "storkey":
      scale = _report.value(cap.get("storkey"))
      p50 = _report.value(cap.get("P50"))
      se = _p50_se(sel)
      out.append(_report.interval(
          f"P_50 / (N / sqrt(2 ln N)) (storkey, N = {N})", NAME,
          None if p50 is None or not scale else p50 / scale,
          None if se is None or not scale else se / scale, 1.0, N / scale if scale else 1.0,
          provenance="paper: Storkey 1997 (N / sqrt(2 ln N)); docs/hopfield.md §1.6",
          note=f"P_50 = {p50:.4g}" if p50 is not None else "P_50 not bracketed"))
      if N in STORKEY_REFERENCE:
        P_ref, ref = STORKEY_REFERENCE[N]
        Ps = sorted({r["P"] for r in sel})
        P = min(Ps, key=lambda p: abs(p - P_ref)) if Ps else None
        if P is not None and abs(P - P_ref) <= 1:
          m, se = _report.field_mean_se(_report.select(sel, P=P), "fraction_fixed")
          out.append(_report.Quantity(
              name=f"fraction fixed (storkey, N = {N}, P = {P})", figure=NAME, measured=m,
              error=se, theory=None, reference=ref,
              provenance="reference simulation (docs/hopfield.md §1.6)",
              compare_to="reference", tolerance=0.05,
              note=f"reference at P = {P_ref}" if P != P_ref else ""))
    elif rule == "pseudo_inverse":
      fr = [float(r["fraction_fixed"]) for r in sel if r["P"] <= 0.95 * N + 1e-9]
      out.append(_report.Quantity(
          name=f"least fraction fixed (pseudo_inverse, N = {N}, P <= 0.95 N)", figure=NAME,
          measured=min(fr) if fr else None, error=None, theory=1.0, reference=None,
          provenance="derived", compare_to="theory", tolerance=1e-9,
          note="every pattern an exact fixed point (zero diagonal)"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
