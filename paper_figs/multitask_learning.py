"""Figure D8 (docs/dense_hebbian.md §9): multitasking learned from
examples. One panel per example quality r: the sorted amplitudes m_k
against the examples per class M (log), supervised (filled) and
unsupervised (open), mean +- SE over seeds; dashed: the hierarchy (1 - d)
d^(k-1) that perfect learning reaches; vertical lines: the derived
signal-to-noise thresholds M_k* (config.snr_c).

    python -m paper_figs.multitask_learning --workdir=DIR --outdir=figures

DIR is a sims.multitask_learning run.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common

NAME = "multitask_learning"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  rs = sorted({r["r"] for r in records})
  K = config["K"]
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(rs), figsize=(4.2 * len(rs), 3.9), squeeze=False,
                             sharey=True)
    for ax, r in zip(axes[0], rs):
      sel = [x for x in records if x["r"] == r]
      Ms = sorted({x["M"] for x in sel})
      for protocol, fill, shift in (("supervised", True, 0.96), ("unsupervised", False, 1.04)):
        ps = [x for x in sel if x["protocol"] == protocol]
        if not ps:
          continue
        m = [np.array([x["m_sorted"] for x in ps if x["M"] == M]) for M in Ms]
        for k in range(K):
          mean = [a[:, k].mean() for a in m]
          se = [a[:, k].std(ddof=1) / math.sqrt(len(a)) if len(a) > 1 else 0.0 for a in m]
          ax.errorbar(np.array(Ms) * shift, mean, yerr=se, fmt="o-", ms=4, lw=0.6,
                      color=f"C{k}", mfc=f"C{k}" if fill else "none")
      for k, (target, M_star) in enumerate(zip(sel[0]["m_theory"], sel[0]["M_star_theory"])):
        ax.axhline(target, color=f"C{k}", lw=0.7, ls="--")
        if M_star is not None and Ms[0] / 2 <= M_star <= Ms[-1] * 2:
          ax.axvline(M_star, color=f"C{k}", lw=0.8, ls=":")
      ax.set_xscale("log")
      ax.set_xlabel("examples per class M")
      ax.set_title(f"r = {r}")
    axes[0][0].set_ylabel("sorted amplitudes m_k")
    ax = axes[0][-1]
    for k in range(K):
      ax.plot([], [], "o", color=f"C{k}", label=f"m_{k + 1}")
    ax.plot([], [], "o", color="0.3", label="supervised")
    ax.plot([], [], "o", color="0.3", mfc="none", label="unsupervised")
    ax.plot([], [], "--", color="0.3", lw=0.7, label="derived hierarchy (1 − d) d^(k−1)")
    ax.plot([], [], ":", color="0.3", lw=0.8,
            label=f"derived threshold M_k* (snr_c = {config['snr_c']})")
    ax.legend(fontsize=6, frameon=False)
    fig.suptitle(f"Multitasking learned from examples: K = {K}, d = {config['d']}, T = 0, "
                 f"N = {config['N']}")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
