"""Figure H8 (docs/hopfield.md §5): retrieval vs load for dense memories of
degree n = 3, 4 at the largest N simulated: mean final overlap (markers) and
the fraction with m > threshold (open markers) against alpha_n = P / N^(n-1),
over the RS T = 0 overlap m(alpha_n) in the all-index convention the code
simulates (solid) and the distinct-index convention (dashed, labelled; both
derived). At these N the breakdown sits above the RS capacity (finite size,
docs/hopfield.md §2.4).

    python -m paper_figs.dense_retrieval --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _hebbian_headlines as hh, _report
from theory import dense as dense_theory

NAME = "dense_retrieval"
DEGREES = (3, 4)


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  threshold = config["retrieval_threshold"]
  degrees = [n for n in DEGREES if any(r["n"] == n for r in records)]
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, max(len(degrees), 1), figsize=(4.2 * max(len(degrees), 1), 3.4),
                             squeeze=False)
    for ax, n in zip(axes[0], degrees):
      N = max(r["N"] for r in records if r["n"] == n)
      sel = [r for r in records if r["n"] == n and r["N"] == N]
      alphas = sorted({r["alpha_n"] for r in sel})
      m = [np.mean([r["overlap"] for r in sel if r["alpha_n"] == a]) for a in alphas]
      se = [np.std([r["overlap"] for r in sel if r["alpha_n"] == a], ddof=1)
            / np.sqrt(sum(r["alpha_n"] == a for r in sel)) for a in alphas]
      f = [np.mean([r["retrieved"] for r in sel if r["alpha_n"] == a]) for a in alphas]
      ax.errorbar(alphas, m, yerr=se, fmt="o", ms=3.5, color="tab:blue", label="mean final m")
      ax.plot(alphas, f, "s", mfc="none", ms=4, color="tab:green",
              label=f"fraction m > {threshold:g}")
      a_fine = np.linspace(1e-4, max(alphas) * 1.05, 300)
      for conv, ls in (("all_index", "-"), ("distinct", "--")):
        mt = np.array([dense_theory.overlap_zero_t(a, n, conv) for a in a_fine])
        ok = mt > 0
        label = f"RS m(α_n), {conv.replace('_', '-')}" + (" (simulated)" if ls == "-" else "")
        ax.plot(a_fine[ok], mt[ok], color="black", ls=ls, lw=1.2, label=label + ", derived")
        ax.axvline(dense_theory.alpha_c(n, conv), color="0.5", ls=ls, lw=0.8)
      ax.set_xlabel(f"α_n = P / N^{n - 1}")
      ax.set_ylabel("overlap")
      ax.set_ylim(-0.03, 1.05)
      ax.set_title(f"n = {n}, N = {N}")
      ax.legend(fontsize=6.3, loc="lower left", frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


# docs/hopfield.md §2.4, small-error criterion (final m > 0.8, reference
# simulation, 16 samples per point): alpha_eff = P_50 / N^(n-1) per (n, N).
REFERENCE_ALPHA_EFF = {3: {40: 0.123, 80: 0.128, 160: 0.130}, 4: {20: 0.021, 40: 0.026, 60: 0.022}}


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/hopfield.md §2.4, §6 "dense P_50"): for n = 3, 4
  and each N of the reference table, alpha_eff = P_50 / N^(n-1) with the
  small-error criterion (the fraction of samples with final m > 0.8 falls
  through 1/2, interpolated in log P as sims.dense_capacity; error from the
  binomial standard errors of the two bracketing fractions, delta method),
  against the reference simulation, tolerance 15 % of the reference (the
  docs' tolerance of measured P_50), with the RS all-index alpha_c beside it
  (derived; at these N the breakdown sits about 1.5x above it).
  """
  rows = _report.records(workdir)
  out = []
  for n, refs in REFERENCE_ALPHA_EFF.items():
    for N, ref in refs.items():
      sel = _report.select(rows, n=n, N=N)
      if not sel:
        continue
      x, err, lo, hi = hh.crossing_of(sel, "P", 0.5, lambda r: float(r["retrieved"]), log=True)
      scale = float(N) ** (n - 1)
      out.append(_report.Quantity(
          name=f"alpha_eff small-error (n = {n}, N = {N})", figure=NAME,
          measured=x / scale if x is not None else None,
          error=err / scale if err is not None else None,
          theory=dense_theory.alpha_c(n, "all_index"), reference=ref,
          provenance="reference simulation (docs/hopfield.md §2.4)", compare_to="reference",
          tolerance=0.15 * ref,
          note="theory: RS alpha_c all-index (derived); P_50 " + hh.bracket_note(lo, hi)))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
