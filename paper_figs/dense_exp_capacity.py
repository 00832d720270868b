"""Figure H9 (docs/hopfield.md §5): capacity of the exponential dense memory
F(S) = e^S. log2 P_50 (half of the tested patterns are exact fixed points;
bootstrap error bars) against N, the least-squares line through it (slope in
the legend), the derived Gaussian signal-to-noise estimate (dashed: it
overstates P_50 because the crosstalk is dominated by a few near neighbours
of the pattern) and the Demircigil et al. guarantee log2 P = N/2 (dotted;
theorem form as quoted in docs/hopfield.md §8.7).

    python -m paper_figs.dense_exp_capacity --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _report
from theory import dense as dense_theory

NAME = "dense_exp_capacity"


def _nan(values):
  return np.array([np.nan if v is None else v for v in values], float)


def make(workdir: str, outdir: str) -> list[str]:
  cap = results.load(workdir, "capacity.jsonl")[0]
  N = np.array(cap["N"], float)
  y, se = _nan(cap["log2_P50"]), _nan(cap["log2_P50_stderr"])
  Nf = np.arange(N.min() - 1, N.max() + 2)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5.4, 4.2))
    slope = cap["slope"]
    label = "measured P₅₀ (exact fixed points)"
    ax.errorbar(N, y, yerr=np.nan_to_num(se), fmt="o", color="tab:blue", label=label)
    ok = np.isfinite(y)
    if slope is not None and ok.sum() >= 2:
      b = np.polyfit(N[ok], y[ok], 1)
      err = cap["slope_stderr"]
      ax.plot(Nf, np.polyval(b, Nf), color="tab:blue", lw=1.0,
              label=f"fit: slope {slope:.3f}" + (f" ± {err:.3f}" if err is not None else ""))
    ax.plot(Nf, np.log2([dense_theory.exp_p50_fixed(int(n)) for n in Nf]), color="0.2",
            ls="--", lw=1.0, label=f"Gaussian signal-to-noise (derived), slope "
                                   f"{cap['slope_gaussian']:.3f}")
    ax.plot(Nf, dense_theory.demircigil_log2_capacity(Nf), color="0.2", ls=":", lw=1.0,
            label="Demircigil et al. guarantee N/2")
    ax.set_xlabel("N")
    ax.set_ylabel("log₂ P₅₀")
    ax.set_title("Exponential dense memory F(S) = eˢ, T = 0")
    ax.legend(fontsize=7, frameon=False, loc="upper left")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


# docs/hopfield.md §2.4: P_50 of exact fixed points of the exponential memory
# in a reference simulation, and its growth 2^(0.87 N) over N = 8-20.
REFERENCE_P50 = {8: 43, 12: 421, 16: 5.2e3, 20: 6.1e4}
REFERENCE_SLOPE = 0.87
REFERENCE = "reference simulation (docs/hopfield.md §2.4)"


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/hopfield.md §2.4) from capacity.jsonl: the growth
  rate d log2 P_50 / dN (least squares, standard error) against the
  reference 0.87, tolerance 0.05 (chosen: about 3.5 standard errors of the
  quick fit; the derived Gaussian estimate, which overstates P_50, beside it
  as theory); log2 P_50 at the reference sizes (bootstrap error) against the
  reference, tolerance log2(1.15) = 0.20 (docs/hopfield.md §6: 15 % on
  dense P_50).
  """
  out = []
  for cap in _report.records(workdir, "capacity.jsonl"):
    out.append(_report.Quantity(
        name="growth of log2 P_50 per N", figure=NAME, measured=_report.value(cap["slope"]),
        error=_report.value(cap["slope_stderr"]), theory=_report.value(cap["slope_gaussian"]),
        reference=REFERENCE_SLOPE, provenance=REFERENCE, compare_to="reference",
        tolerance=0.05, note=f"N = {cap['N'][0]}-{cap['N'][-1]}; theory: Gaussian "
        f"signal-to-noise estimate (derived); Demircigil guarantee {cap['slope_demircigil']:g}"))
    for N, lg, se, gauss in zip(cap["N"], cap["log2_P50"], cap["log2_P50_stderr"],
                                cap["P50_gaussian"]):
      ref = REFERENCE_P50.get(N)
      if ref is not None:
        out.append(_report.Quantity(
            name=f"log2 P_50 (N = {N})", figure=NAME, measured=_report.value(lg),
            error=_report.value(se),
            theory=float(np.log2(gauss)) if _report.value(gauss) else None,
            reference=float(np.log2(ref)), provenance=REFERENCE, compare_to="reference",
            tolerance=float(np.log2(1.15)), note="exact fixed points, 50 % of patterns"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
