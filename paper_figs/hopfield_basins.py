"""Figure H4 (docs/hopfield.md §5): basins of attraction. Mean final overlap
vs the initial overlap m0 (a fraction (1 - m0)/2 of pattern 1's spins
flipped), one panel per storage rule, one curve per load; the diagonal marks
no change.

    python -m paper_figs.hopfield_basins --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _report

NAME = "hopfield_basins"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  rules = list(dict.fromkeys(r["rule"] for r in records))
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(rules), figsize=(3.8 * len(rules), 3.6), squeeze=False,
                             sharey=True)
    for ax, rule in zip(axes[0], rules):
      sel = [r for r in records if r["rule"] == rule]
      alphas = sorted({r["alpha"] for r in sel})
      colors = plt.cm.viridis(np.linspace(0.0, 0.9, len(alphas)))
      for a, color in zip(alphas, colors):
        m0s = sorted({r["m0_actual"] for r in sel if r["alpha"] == a})
        v = [[r["overlap"] for r in sel if r["alpha"] == a and r["m0_actual"] == m] for m in m0s]
        mean = [np.mean(x) for x in v]
        se = [np.std(x, ddof=1) / np.sqrt(len(x)) if len(x) > 1 else 0.0 for x in v]
        ax.errorbar(m0s, mean, yerr=se, marker="o", ms=3, lw=1.0, color=color, label=f"α = {a:g}")
      ax.plot([-0.05, 1.05], [-0.05, 1.05], color="0.6", lw=0.8, ls=":")
      ax.set_xlabel("initial overlap m₀")
      ax.set_title(rule)
      ax.legend(fontsize=6.5, frameon=False, loc="upper left")
    axes[0, 0].set_ylabel("mean final overlap")
    fig.suptitle(f"Basins of attraction, N = {config['N']}, T = 0 asynchronous dynamics", y=1.0)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


# docs/hopfield.md §6 ("measured by this project", hopfield_basins:quick, N =
# 400): (rule, alpha) -> the initial overlap m0 from which the pattern is
# retrieved. The pseudo-inverse at 0.7 retrieves only from the pattern itself.
REFERENCE_M0 = {("hebbian", 0.14): 0.6, ("storkey", 0.14): 0.4, ("pseudo_inverse", 0.1): 0.3,
                ("pseudo_inverse", 0.5): 0.9, ("pseudo_inverse", 0.7): 1.0}


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/hopfield.md §6, the basins row of the
  project's measurements; figure H4 has no theory but the diagonal): per
  (rule, alpha) of the docs, m0_75, the smallest initial overlap on the m0
  grid from which at least 3/4 of the samples are retrieved (final overlap
  > retrieval_threshold), as from every larger m0 (the docs' reading "needs
  m0 ~ 0.6": where the mean final overlap jumps to the pattern), against
  the value the docs record (a reference simulation:
  this project's quick preset, so these are regression checks, not
  independent references). A grid value: its error is the grid's resolution,
  step/sqrt(12). Tolerance 0.1, a choice: the quick m0 grid step, the
  resolution of the docs' values. A pattern not retrieved by 3/4 of the
  samples even from the largest m0 is unresolved.
  """
  rows = _report.records(workdir)
  out = []
  for (rule, a), ref in REFERENCE_M0.items():
    sel = _report.select(rows, rule=rule, alpha=a)
    if not sel:
      continue
    m0s = sorted({r["m0"] for r in sel})
    fraction = {m0: np.mean([float(r["retrieved"]) for r in sel if r["m0"] == m0])
                for m0 in m0s}
    x = None
    for m0 in reversed(m0s):
      if fraction[m0] < 0.75:
        break
      x = m0
    step = min((b - a0 for a0, b in zip(m0s, m0s[1:])), default=0.0)
    samples = sum(1 for r in sel if r["m0"] == m0s[-1])
    out.append(_report.Quantity(
        name=f"m0_75 ({rule}, alpha = {a:g})", figure=NAME, measured=x,
        error=step / math.sqrt(12.0) if step else math.inf,
        theory=None, reference=ref,
        provenance="reference simulation (docs/hopfield.md §6, this project's quick run)",
        compare_to="reference", tolerance=0.1,
        note=f"N = {sel[0]['N']}, {samples} samples per m0; m0 grid {m0s[0]:g}..{m0s[-1]:g}"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
