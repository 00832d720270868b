"""Figure F-q (spec outer_product.md §5, §7.7): learned embeddings in d = 2.
E, W and U trained (Adam lr 0.1, 1000 steps of 1000 fresh samples; N = 100,
α = 2), population error after the last recorded step vs the number of
classes M (log x, linear y), mean over trials with a ±0.5 std band. Each
trial is a fresh model (the reference notebook reuses one model across the
trials of an M). Spec §7.7: error exactly 0 up to M ≈ 25, then noisy at
≈ 0.2-0.3. The scatter plots of learned e_x and the decision regions of U
are not drawn.

    python -m paper_figs.outer_embeddings --workdir=DIR --outdir=figures

DIR is a run of sims.outer_embeddings.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from paper_figs import _common, _outer

NAME = "outer_embeddings"


def make(workdir: str, outdir: str) -> list[str]:
  records = _outer.load(workdir)
  steps = sorted({r["step"] for r in records})
  trials = len({r["seed"] for r in records})
  colors = plt.cm.viridis([0.2 + 0.6 * i / max(len(steps) - 1, 1) for i in range(len(steps))])
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for step, color in zip(steps, colors):
      _outer.band(ax, *_outer.curve(_outer.select(records, step=step), "M"), log=False,
                  color=color, label=f"after {step} steps")
    ax.set_xscale("log")
    ax.set_xlabel("number of classes M")
    ax.set_ylabel("population error")
    d = records[0]["d"]
    ax.set_title(f"F-q  learned E, W, U in d = {d}: N = {records[0]['N']}, "
                 f"{trials} trials (band ±0.5 std)", fontsize=8.5)
    ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
