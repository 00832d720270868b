"""Figure D6 (docs/dense_hebbian.md §9): multitasking amplitudes. The K
Mattis amplitudes, sorted, after T = 0 dynamics from a random start, against
the dilution d (mean +- SE over seeds; one panel per K), with the derived
hierarchy (1 - d) d^(k-1) (solid where stable, dashed beyond the stability
edge d*, drawn as a vertical line) and the symmetric parallel state m_sym.

    python -m paper_figs.multitask_amplitudes --workdir=DIR --outdir=figures

DIR is a sims.multitask_amplitudes run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _hebbian_headlines as hh, _report
from theory import multitask

NAME = "multitask_amplitudes"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  Ks = sorted({r["K"] for r in records})
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(Ks), figsize=(4.2 * len(Ks), 3.9), squeeze=False)
    for ax, K in zip(axes[0], Ks):
      sel = [r for r in records if r["K"] == K]
      ds = sorted({r["d"] for r in sel})
      ms = [np.array([r["m_sorted"] for r in sel if r["d"] == d]) for d in ds]
      mean = np.array([m.mean(axis=0) for m in ms])
      se = np.array([m.std(axis=0, ddof=1) / np.sqrt(len(m)) if len(m) > 1 else 0 * m[0]
                     for m in ms])
      edge = multitask.stability_edge(K) if K > 1 else 1.0
      d = np.linspace(0, max(ds), 200)
      for k in range(K):
        ax.errorbar(ds, mean[:, k], yerr=se[:, k], fmt="o", ms=3, color=f"C{k}",
                    label=f"measured m_{k + 1}")
        theory = np.array([multitask.hierarchy(x, K)[k] for x in d])
        ax.plot(d[d <= edge], theory[d <= edge], color=f"C{k}", lw=1.0)
        ax.plot(d[d >= edge], theory[d >= edge], color=f"C{k}", lw=1.0, ls="--")
      ax.plot(d, [multitask.m_sym(x, K) for x in d], color="0.4", lw=0.8, ls=":",
              label="derived: symmetric parallel state m_sym")
      if edge < 1:
        ax.axvline(edge, color="0.6", lw=0.7)
      ax.plot([], [], color="0.3", lw=1.0, label="derived: (1 − d) d^(k−1)")
      ax.set_xlabel("dilution d" + (f"   (stability edge d* = {edge:.4f})" if edge < 1 else ""))
      ax.set_ylabel("sorted amplitudes |m_k|")
      ax.set_title(f"K = {K}")
      ax.legend(fontsize=6, frameon=False)
    fig.suptitle(f"Multitasking on diluted patterns: T = 0 from a random start, N = {config['N']}")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


# docs/dense_hebbian.md §10: K = 3, T = 0, random start, reference simulation
# at N = 4000: the sorted amplitudes (m_1, m_2, m_3) per dilution d.
REFERENCE_K3 = {0.4: (0.604, 0.242, 0.093), 0.5: (0.487, 0.263, 0.147),
                0.6: (0.373, 0.276, 0.176), 0.7: (0.287, 0.226, 0.175),
                0.8: (0.198, 0.159, 0.133)}


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/dense_hebbian.md §7, §10, "hierarchy" and
  "beyond the edge" rows): K = 3, the sorted amplitudes m_k (mean over
  seeds, standard error) at d = 0.4 .. 0.8 against the reference simulation
  at N = 4000, tolerance 0.03 (docs), with the derived hierarchy
  (1 - d) d^(k-1) beside them (stable only below d* = 0.618 at K = 3;
  beyond it the reference values are the target).
  """
  rows = _report.select(_report.records(workdir), K=3)
  out = []
  for d, ref in REFERENCE_K3.items():
    sel = _report.select(rows, d=d)
    if not sel:
      continue
    for k in range(3):
      m, se = hh.component(sel, "m_sorted", k)
      out.append(_report.Quantity(
          name=f"m_{k + 1} (K = 3, d = {d:g})", figure=NAME, measured=m, error=se,
          theory=_report.value(sel[0]["m_theory"][k]), reference=ref[k],
          provenance="reference simulation (docs/dense_hebbian.md §10, N = 4000)",
          compare_to="reference", tolerance=0.03,
          note="theory: hierarchy (1 - d) d^(k-1) (derived)" +
          ("" if sel[0].get("stable_theory") else ", unstable here")))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
