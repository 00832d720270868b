"""Figures F-g and F-h (docs/outer_product.md §3.4, §5, §7.5): the Eq. 16 map
of the approximate SGD dynamics, pure theory (theory/sgd_map.py).

F-g: the iterates f_γ^n(0), n = 0..99, normalised by their l2 norm, for
γ in {1e-3, 1e-1, 1} (M = 10, q reset to 0 for each γ): small γ grows
linearly (q ∝ counts), large γ saturates after a few occurrences.
F-h: the induced q_γ(x) = f_γ^{(n_x)}(0) / ||q|| over 100 tokens with
p ∝ (x+3)^-2 and n_x = clip(⌊p/min p⌋, 0, 100); dashed: p, p^0.35 and p^0.05
(normalised); legend: the effective ρ (least squares of log q on log p;
reference 0.916, 0.787, 0.413 at γ = 1e-3, 1e-1, 1, docs/outer_product.md §7.5).

The reference code does not reset q between γ and labels γ = 1 as 10; here q
is reset and the γ used is the one in the legend.

    python -m paper_figs.outer_eq16_map --workdir=DIR --outdir=figures

DIR is only used for the denominator of the map (config.panels'
eq16_denominator is for F-i; F-g and F-h use the paper's "M", docs/outer_product.md §3.4).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from paper_figs import _common, _report
from theory import sgd_map

NAME = "outer_eq16_map"
GAMMAS = (1e-3, 1e-1, 1.0)
M = 10


def make(workdir: str, outdir: str) -> list[str]:
  del workdir  # pure theory
  colors = dict(zip(GAMMAS, plt.cm.plasma(np.linspace(0.1, 0.75, len(GAMMAS)))))
  p, counts = sgd_map.fh_counts()
  with plt.rc_context(_common.STYLE):
    fig, (ag, ah) = plt.subplots(1, 2, figsize=(9.5, 3.8))
    n = np.arange(100)
    for g in GAMMAS:
      q = sgd_map.iterates(99, g, M, "M")
      ag.plot(n, q / np.linalg.norm(q), color=colors[g], label=f"γ = {g:g}")
    ag.set_xlabel("occurrences n")
    ag.set_ylabel("f_γ^n(0) / ‖f‖₂")
    ag.set_title(f"F-g  Eq. 16 iterates, M = {M}", fontsize=8.5)
    ag.legend(fontsize=7, frameon=False)
    x = np.arange(len(p))
    for g in GAMMAS:
      q = sgd_map.q_gamma(counts, g, M, "M")
      rho = sgd_map.effective_rho(p, q)
      ah.plot(x, q / np.linalg.norm(q), color=colors[g], label=f"q_γ, γ = {g:g}: ρ = {rho:.3f}")
    for r, ls in ((1.0, "--"), (0.35, "-."), (0.05, ":")):
      v = p ** r
      ah.plot(x, v / np.linalg.norm(v), "k", ls=ls, lw=0.9, label=f"p^{r:g}")
    ah.set_yscale("log")
    ah.set_xlabel("token x")
    ah.set_ylabel("q(x) / ‖q‖")
    ah.set_title("F-h  induced q vs p: p ∝ (x+3)^−2, n_x = clip(⌊p/min p⌋, 0, 100)",
                 fontsize=8.5)
    ah.legend(fontsize=6.5, frameon=False, ncol=2)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


# docs/outer_product.md §7.5: effective rho of the F-h counts (D = M = 10, q
# reset per gamma, fit over all 100 tokens), Cabannes et al. 2024's values.
REFERENCE_RHO = {1e-3: 0.916, 1e-2: 0.909, 1e-1: 0.787, 1.0: 0.413, 10.0: 0.014}
PAPER = "reference value (a reference implementation of Cabannes et al. 2024's setting, docs/outer_product.md §7.5)"


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers of F-h (docs/outer_product.md §7.5, item 5): the
  effective rho (least-squares slope of log q_gamma on log p over the 100
  tokens of sgd_map.fh_counts, D = M = 10, q reset per gamma) at gamma =
  1e-3, 1e-2, 1e-1, 1, 10 against the paper's values, tolerance 0.01 (the
  docs' band). Pure theory (theory/sgd_map.py), deterministic: no error and
  no separate theory value. Declared only once the outer_sgd_map run this
  figure is drawn from holds records (the figure reads nothing else).
  """
  if not _report.records(workdir):
    return []
  p, counts = sgd_map.fh_counts()
  out = []
  for g, ref in REFERENCE_RHO.items():
    rho = sgd_map.effective_rho(p, sgd_map.q_gamma(counts, g, M, "M"))
    out.append(_report.Quantity(
        name=f"effective rho (gamma = {g:g})", figure=NAME, measured=_report.value(rho),
        error=None, theory=None, reference=ref, provenance=PAPER, compare_to="reference",
        tolerance=0.01, note="Eq. 16 map, pure theory (theory/sgd_map.py)"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
