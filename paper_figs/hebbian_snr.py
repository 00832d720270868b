"""Figure H6 (docs/hopfield.md §5): the signal-to-noise check. The fraction
of stored Hebbian patterns that are exact fixed points against P / P_50,
where P_50 is the finite-N formula's half point at each N, one marker series
per N (binomial standard errors over all tested patterns, as if independent:
the patterns of one network are correlated, so they understate the spread),
with the derived curve Pr(fixed) = Phi(sqrt((N-1)/(P-1)))^N at each N.

    python -m paper_figs.hebbian_snr --workdir=DIR --outdir=figures

DIR is a sims.rule_capacity run; only its Hebbian records are drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _report
from theory import snr

NAME = "hebbian_snr"
# docs/hopfield.md §1.5 (reference values): measured Pr(fixed) at P = 0.7, 1, 1.3 x the
# formula's P_50, {N: {ratio: Pr(fixed)}}.
REFERENCE_PR_FIXED = {500: {0.7: 0.94, 1.0: 0.52, 1.3: 0.19},
                      1000: {0.7: 0.945, 1.0: 0.53, 1.3: 0.15},
                      2000: {0.7: 0.965, 1.0: 0.525, 1.3: 0.08}}
MIN_PATTERNS = 200   # docs/hopfield.md §6: >= 200 patterns per point


def make(workdir: str, outdir: str) -> list[str]:
  records = [r for r in results.load(workdir)
             if r["rule"] == "hebbian"]
  Ns = sorted({r["N"] for r in records})
  colors = plt.cm.viridis(np.linspace(0.0, 0.85, len(Ns)))
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5.6, 4.2))
    for N, color in zip(Ns, colors):
      p50 = snr.p50(N)
      Ps = sorted({r["P"] for r in records if r["N"] == N})
      x, y, se = [], [], []
      for P in Ps:
        fr = [r["fraction_fixed"] for r in records if r["N"] == N and r["P"] == P]
        tested = P * len(fr)
        mean = float(np.mean(fr))
        x.append(P / p50), y.append(mean), se.append(np.sqrt(mean * (1 - mean) / tested))
      ax.errorbar(x, y, yerr=se, fmt="o", color=color, ms=4, label=f"N = {N}")
      Pf = np.linspace(max(2.0, 0.4 * p50), 1.6 * p50, 100)
      ax.plot(Pf / p50, snr.prob_fixed(N, Pf), color=color, lw=1.0)
    ax.plot([], [], color="0.3", lw=1.0, label="Φ(√((N−1)/(P−1)))ᴺ (derived)")
    ax.set_xlabel("P / P₅₀ (P₅₀ from the finite-N formula)")
    ax.set_ylabel("fraction of stored patterns that are fixed points")
    ax.set_title("Hebbian storage: signal-to-noise estimate vs simulation")
    ax.legend(fontsize=6.5, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/hopfield.md §1.5, §6 row "Pr(fixed), Hebb"):
  the Hebbian fraction of stored patterns that are exact fixed points at
  P = 0.7, 1, 1.3 x P_50 (the formula's) for N = 500, 1000, 2000 against the
  reference values, with the derived Phi(sqrt((N-1)/(P-1)))^N beside them.
  Tolerance: 3 binomial standard errors of the reference at the number of
  patterns tested (the docs'), computed with at least 200 patterns (the
  docs ask for >= 200 per point: with fewer, the band is not widened).
  Error: the standard error over seeds (networks), which is larger than the
  binomial one because the patterns of one network are correlated; a
  preset with few seeds may leave a point unresolved.
  """
  rows = _report.select(_report.records(workdir), rule="hebbian")
  out = []
  for N, refs in REFERENCE_PR_FIXED.items():
    for ratio, ref in refs.items():
      pts = _report.select(rows, N=N, ratio=ratio)
      if not pts:
        continue
      P = pts[0]["P"]
      tested = P * len(pts)
      m, se = _report.field_mean_se(pts, "fraction_fixed")
      out.append(_report.Quantity(
          name=f"Pr(fixed) (N = {N}, P = {P} = {ratio:g} P_50)", figure=NAME, measured=m,
          error=se, theory=_report.value(pts[0].get("p_fixed_theory")), reference=ref,
          provenance="reference simulation (docs/hopfield.md §1.5)", compare_to="reference",
          tolerance=3 * np.sqrt(ref * (1 - ref) / max(tested, MIN_PATTERNS)),
          note=f"{tested} patterns over {len(pts)} networks"
               + (f" (< {MIN_PATTERNS})" if tested < MIN_PATTERNS else "")))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
