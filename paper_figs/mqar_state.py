"""Figure F12 (docs/pavlovian.md §5): MQAR accuracy against the size of the
model's recurrent state in bytes (log2; attention: its KV cache, 2 d L
floats per layer; an online rule: its state per head), one point per (mixer,
d), best over the step sizes: the recall-memory trade-off of Zoology and
Based.

    python -m paper_figs.mqar_state --workdir=DIR --outdir=figures

DIR is a sims.mqar run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from assoc import results
from paper_figs import _common

NAME = "mqar_state"


def make(workdir: str, outdir: str) -> list[str]:
  summary = results.load(workdir, "mqar.jsonl")
  config = results.read_config(workdir)
  with plt.rc_context(_common.STYLE):
    fig, ax = plt.subplots(figsize=(5.6, 4.0))
    for i, mixer in enumerate(dict.fromkeys(r["mixer"] for r in summary)):
      rows = sorted((r for r in summary if r["mixer"] == mixer), key=lambda r: r["state_bytes"])
      ax.plot([r["state_bytes"] for r in rows], [r["accuracy"] for r in rows], "o-",
              color=f"C{i}", label=mixer)
      for r in rows:
        ax.annotate(f"d={r['d']}", (r["state_bytes"], r["accuracy"]), fontsize=5,
                    xytext=(2, -7), textcoords="offset points")
    ax.set_xscale("log", base=2)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("recurrent state (bytes, float32)")
    ax.set_ylabel("MQAR accuracy (best step size)")
    ax.set_title(f"MQAR recall vs state: L = {config['input_seq_len']}, "
                 f"N = {config['num_kv_pairs']}, V = {config['vocab_size']}")
    ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
