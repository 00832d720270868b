"""Figure D1 (docs/dense_hebbian.md §9): learning archetypes at low load.
The Mattis overlap m (left) and the example magnetisation n (right) after T
= 0 retrieval from archetype 1, against the dataset entropy rho, per P,
protocol and M (mean +- SE over seeds), with the derived low-load curves:
erf(1/sqrt(2 rho)) and E|y|/(1 + rho), and their exact binomial forms at
each simulated M (independent of P).

    python -m paper_figs.dense_hebbian_lowload --workdir=DIR --outdir=figures

DIR is a sims.dense_hebbian_lowload run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian
from theory import dense_hebbian as dh

NAME = "dense_hebbian_lowload"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  series = list(dict.fromkeys((r["P"], r["protocol"], r["M"]) for r in records))
  rho = np.geomspace(min(r["rho"] for r in records), max(r["rho"] for r in records), 80)
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.2))
    for field, ax in zip(("m", "n"), axes):
      data = _pavlovian.curves(records, ("P", "protocol", "M"), "rho", field)
      for i, key in enumerate(series):
        P, protocol, M = key
        x, y, se = data[key]
        ax.errorbar(x * (1.0 + 0.03 * i), y, yerr=se, ms=3.5, ls="none", color=f"C{i}",
                    fmt="o" if protocol == "supervised" else "s",
                    fillstyle="full" if protocol == "supervised" else "none",
                    label=f"P = {P}, {protocol}, M = {M}")
      low = dh.m_low_load if field == "m" else dh.n_low_load
      ax.plot(rho, low(rho), color=_common.THEORY_COLOR, lw=1.2,
              label=f"derived: {'erf(1/√(2ρ))' if field == 'm' else 'E|y|/(1+ρ)'} (Gaussian y)")
      for j, M in enumerate(sorted({r["M"] for r in records})):
        ax.plot(rho, [float(low(x, M)) for x in rho], color=_common.THEORY_COLOR, lw=0.8,
                ls=("--", ":", "-.")[j % 3], label=f"derived: exact binomial, M = {M}")
      ax.set_xscale("log")
      ax.set_xlabel("dataset entropy ρ = (1 − r²)/(M r²)")
      ax.set_ylabel({"m": "Mattis overlap m with the archetype",
                     "n": "example magnetisation n"}[field])
      ax.legend(fontsize=6, frameon=False)
    fig.suptitle(f"Learning archetypes from examples at low load (K = {config['K']}, "
                 f"N = {config['N']}, T = 0)")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
