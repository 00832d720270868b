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
from paper_figs import _common

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


if __name__ == "__main__":
  _common.cli(make, NAME)
