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
from paper_figs import _common
from theory import snr

NAME = "hebbian_snr"


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


if __name__ == "__main__":
  _common.cli(make, NAME)
