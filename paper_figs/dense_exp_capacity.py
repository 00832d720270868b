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
from paper_figs import _common
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


if __name__ == "__main__":
  _common.cli(make, NAME)
