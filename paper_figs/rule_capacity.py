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

from assoc import results
from paper_figs import _common
from theory import capacities, snr

NAME = "rule_capacity"
COLORS = {"hebbian": "tab:blue", "storkey": "tab:orange", "pseudo_inverse": "tab:green"}


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


if __name__ == "__main__":
  _common.cli(make, NAME)
