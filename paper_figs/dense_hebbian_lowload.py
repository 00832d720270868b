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

import math

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _hebbian_headlines as hh, _pavlovian, _report
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


# docs/dense_hebbian.md §10, "large-rho supervised": P = 4, N = 1000, K = 2,
# rho = 10, M = 10 (exact 0.242).
REFERENCE_LARGE_RHO = 0.25
LOW_LOAD_POINTS = (0.2, 10.0)  # rho of the "low-load supervised" row (§10)
UNSUP_POINTS = (0.05, 0.3646)  # sup = unsup: met (rho <~ 0.1) / the config's example


def _nearest(values, x):
  return min(values, key=lambda v: abs(math.log(v) - math.log(x))) if values else None


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/dense_hebbian.md §10, §2, §5), T = 0 from
  archetype 1, K = 2, mean over seeds with its standard error:

  - supervised m at the grid rho nearest 0.2 and at 10, every P and M,
    against the exact binomial low-load m (derived, docs/dense_hebbian.md
    §2). Tolerance 0.01 + 4 SE, the docs' tolerance of the "low-load
    supervised" row (it grows with the SE, so these never come out
    unresolved; the docs' setting is N = 1000, the quick preset N = 200);
  - supervised m at P = 4, M = 11, rho = 10 against the reference value 0.25
    (N = 1000, M = 10; "large-rho supervised" row), tolerance 0.05 (docs);
  - m(unsupervised) - m(supervised) at P = 4, M = 51, rho = 0.05 and 0.365,
    paired by seed (the two protocols see the same examples), against 0
    (derived, §5), tolerance 0.03 (docs). The docs record it as met only
    for rho <~ 0.1 at N <= 1000: at 0.365 the verdict is expected outside
    (finite N: single examples attract the dynamics, §6).
  """
  rows = _report.records(workdir)
  if not rows:
    return []
  out = []
  sup = _report.select(rows, protocol="supervised")
  rhos = sorted({r["rho"] for r in rows})
  for P in sorted({r["P"] for r in sup}):
    for M in sorted({r["M"] for r in sup}):
      for target in LOW_LOAD_POINTS:
        rho = _nearest(rhos, target)
        sel = _report.select(sup, P=P, M=M, rho=rho)
        m, se = _report.field_mean_se(sel, "m")
        out.append(_report.Quantity(
            name=f"m (P = {P}, M = {M}, rho = {rho:g}, supervised)", figure=NAME,
            measured=m, error=se, theory=hh.theory(sel, "m_theory_binomial"), reference=None,
            provenance="derived (exact binomial low-load m, docs/dense_hebbian.md §2)",
            compare_to="theory", tolerance=0.01 + 4 * (se or 0.0),
            note="tolerance 0.01 + 4 SE (docs §10)"))
  sel = _report.select(sup, P=4, M=11, rho=10.0)
  if sel:
    m, se = _report.field_mean_se(sel, "m")
    out.append(_report.Quantity(
        name="m (P = 4, M = 11, rho = 10, supervised) vs reference", figure=NAME,
        measured=m, error=se, theory=hh.theory(sel, "m_theory_binomial"),
        reference=REFERENCE_LARGE_RHO,
        provenance="reference simulation (docs/dense_hebbian.md §10, N = 1000, M = 10)",
        compare_to="reference", tolerance=0.05,
        note="theory: exact binomial at M = 11 (0.242 at M = 10)"))
  for target in UNSUP_POINTS:
    rho = _nearest(rhos, target)
    a = _report.select(rows, P=4, M=51, rho=rho, protocol="unsupervised")
    b = _report.select(rows, P=4, M=51, rho=rho, protocol="supervised")
    if a and b:
      d, se = _report.paired_difference(a, b, "m")
      out.append(_report.Quantity(
          name=f"m unsup - m sup (P = 4, M = 51, rho = {rho:g})", figure=NAME,
          measured=d, error=se, theory=0.0, reference=None,
          provenance="derived (equal at low load, docs/dense_hebbian.md §5)",
          compare_to="theory", tolerance=0.03,
          note="paired by seed; docs §10: not met at N <= 1000 beyond rho ~ 0.1"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
