"""Figure D9 (docs/dense_hebbian.md §9): dense Hebbian learning on
scikit-learn's digits. Accuracy (left) and overlap m with the true class's
archetype proxy (right) after T = 0 retrieval from the test images, against
the number of examples per class M, per order P and protocol (mean +- SE
over seeds), with the read-out on the raw test images as the baseline. No
theory line: the random-data theory is only qualitative for these data.

    python -m paper_figs.digits_dense --workdir=DIR --outdir=figures

DIR is a sims.digits_dense run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian

NAME = "digits_dense"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  series = list(dict.fromkeys((r["P"], r["protocol"]) for r in records))
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 4.0))
    for field, ax in zip(("accuracy", "m"), axes):
      data = _pavlovian.curves(records, ("P", "protocol"), "M", field)
      for i, (P, protocol) in enumerate(series):
        x, y, se = data[(P, protocol)]
        ax.errorbar(x, y, yerr=se, fmt="o-" if protocol == "supervised" else "s--", ms=4,
                    color=f"C{i // 2 if len(series) > 3 else i}",
                    fillstyle="full" if protocol == "supervised" else "none", lw=0.9,
                    label=f"P = {P}, {protocol}")
      base = np.mean([r[f"baseline_{field}"] for r in records])
      ax.axhline(base, color="0.5", lw=0.8, ls=":", label="baseline: read-out of the raw image")
      ax.set_xscale("log")
      ax.set_xlabel("examples per class M")
      ax.set_ylabel({"accuracy": "test accuracy", "m": "overlap m with the true class's proxy"}[field])
      ax.legend(fontsize=6.5, frameon=False)
    N = records[0]["N"]
    fig.suptitle(f"Dense Hebbian learning on {config['dataset']} (binarised: {config['binarise']}, "
                 f"N = {N}), T = 0 retrieval from the test images")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
