"""Figure F11 (docs/pavlovian.md §5): MQAR accuracy against the model width
d (log), one line per mixer (softmax attention and online rules), best over
the step sizes (the Zoology protocol), one panel per (L, N) slice.

    python -m paper_figs.mqar_width --workdir=DIR --outdir=figures

DIR is a sims.mqar run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from assoc import results
from paper_figs import _common

NAME = "mqar_width"


def make(workdir: str, outdir: str) -> list[str]:
  summary = results.load(workdir, "mqar.jsonl")
  config = results.read_config(workdir)
  slices = sorted({(r["L"], r["N"]) for r in summary})
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(slices), figsize=(4.6 * len(slices), 3.8), squeeze=False)
    for ax, (L, N) in zip(axes[0], slices):
      for i, mixer in enumerate(dict.fromkeys(r["mixer"] for r in summary)):
        rows = sorted((r for r in summary if r["mixer"] == mixer and (r["L"], r["N"]) == (L, N)),
                      key=lambda r: r["d"])
        ax.plot([r["d"] for r in rows], [r["accuracy"] for r in rows], "o-", color=f"C{i}",
                label=mixer)
      ax.set_xscale("log", base=2)
      ax.set_ylim(-0.02, 1.02)
      ax.set_xlabel("model width d")
      ax.set_ylabel("MQAR accuracy (best step size)")
      ax.set_title(f"L = {L}, N = {N} pairs, V = {config['vocab_size']}")
      ax.legend(fontsize=7, frameon=False)
    fig.suptitle(f"MQAR: two-layer mixers, {config['num_train']} training examples, "
                 f"{config['n_steps']} steps")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
