"""Figure H3 (docs/hopfield.md §5): overlap vs temperature at fixed loads.
Mean time-averaged m per T (markers, standard errors) and the fraction of
runs still retrieving (open markers), against the replica-symmetric m(T)
(solid), with T_M and T_c (vertical lines). Near T_M single runs escape, so
the mean falls below the RS branch before T_M while retrieving runs follow it.

    python -m paper_figs.hopfield_m_vs_T --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _report
from theory import ags

NAME = "hopfield_m_vs_T"
LOADS = (0.02, 0.05, 0.10)  # figure H3 (docs/hopfield.md §5); other loads are skipped


def make(workdir: str, outdir: str) -> list[str]:
  records = [r for r in results.load(workdir)
             if r["rule"] == "hebbian"]
  config = results.read_config(workdir)
  N = max(r["N"] for r in records)
  present = sorted({r["alpha"] for r in records})
  loads = [a for a in LOADS if a in present] or present[:3]
  threshold = config["retrieving_threshold"]

  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(loads), figsize=(3.6 * len(loads), 3.3),
                             squeeze=False, sharey=True)
    for ax, alpha in zip(axes[0], loads):
      sel = [r for r in records if r["alpha"] == alpha and r["N"] == N]
      P = sel[0]["P"]
      a = P / N
      Ts = sorted({r["T"] for r in sel})
      mean, se, frac = [], [], []
      for T in Ts:
        v = np.array([r["m_mean"] for r in sel if r["T"] == T])
        mean.append(v.mean())
        se.append(v.std(ddof=1) / np.sqrt(len(v)) if len(v) > 1 else 0.0)
        frac.append(np.mean(v > threshold))
      T_M, T_c = ags.t_m(a), ags.t_c(a)
      # The retrieval branch ends at T_M: no solves above it.
      T_fine = np.linspace(0.01, min(max(Ts), T_M), 40)
      m_rs = np.array([ags.overlap_rs(a, T) for T in T_fine])
      ax.plot(T_fine[m_rs > 0], m_rs[m_rs > 0], color=_common.THEORY_COLOR, lw=1.3,
              label="RS retrieval m(T)")
      ax.errorbar(Ts, mean, yerr=se, fmt="o", ms=3.5, color="tab:blue",
                  label=f"MC mean m ({len(sel) // len(Ts)} runs)")
      ax.plot(Ts, frac, "s", mfc="none", ms=4, color="tab:green",
              label=f"fraction with m > {threshold:g}")
      ax.axvline(T_M, color="0.3", ls="--", lw=0.9)
      ax.text(T_M, 0.5, f" T_M = {T_M:.3f}", rotation=90, fontsize=7, va="center")
      if np.isfinite(T_c):
        ax.axvline(T_c, color="tab:orange", ls="-.", lw=0.9)
        ax.text(T_c, 0.5, f" T_c = {T_c:.3f}", rotation=90, fontsize=7, va="center",
                color="tab:orange")
      ax.set_title(f"α = {a:g} (P = {P}, N = {N})")
      ax.set_xlabel("T")
      ax.set_ylim(-0.03, 1.05)
    axes[0, 0].set_ylabel("overlap m")
    axes[0, 0].legend(loc="lower left", fontsize=6.5, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


# docs/hopfield.md §1.4 (T > 0 table): (alpha, T) -> mean m of a reference
# simulation (heat bath from xi^1, N = 1000, 8 samples, 100 + 100 sweeps).
# At alpha = 0.10, T = 0.25 the docs give the range 0.97-0.99: its centre.
REFERENCE_M = {(0.02, 0.60): 0.883, (0.02, 0.65): 0.833, (0.05, 0.40): 0.968,
               (0.05, 0.45): 0.945, (0.10, 0.25): 0.98}


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/hopfield.md §1.4, §6 "finite-T MC"), Hebbian
  rule at the largest N of the run: the mean time-averaged m over the
  retrieving samples (m > retrieving_threshold; standard error over them) at
  the (alpha, T) of the reference table, against the reference simulation
  (N = 1000), tolerance 0.01 (docs/hopfield.md §6: "m: 0.01 (retrieving
  samples)"), with the RS m(alpha, T) beside it (AGS 1987). The crossing
  temperatures are declared in hopfield_phase_diagram (T_50).
  """
  rows = _report.select(_report.records(workdir), rule="hebbian")
  if not rows:
    return []
  N = max(r["N"] for r in rows)
  out = []
  for (a, T), ref in REFERENCE_M.items():
    sel = _report.select(rows, N=N, alpha=a, T=T)
    if not sel:
      continue
    ret = [r for r in sel if r["retrieving"]]
    m, se = _report.field_mean_se(ret, "m_mean")
    out.append(_report.Quantity(
        name=f"m (alpha = {a:g}, T = {T:g}, N = {N})", figure=NAME, measured=m, error=se,
        theory=_report.value(sel[0].get("m_theory")), reference=ref,
        provenance="reference simulation (docs/hopfield.md §1.4, N = 1000)",
        compare_to="reference", tolerance=0.01,
        note=f"{len(ret)} of {len(sel)} samples retrieving; theory: RS m (AGS 1987)"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
