"""Figure H2 (docs/hopfield.md §5): the T-alpha phase diagram of the Hopfield
network. Heat-bath Monte Carlo from a stored pattern, one square per (alpha,
T) coloured by the mean time-averaged overlap, over the replica-symmetric
lines T_g = 1 + sqrt(alpha) (paramagnet unstable), T_M (retrieval states
exist below) and T_c (retrieval is the global minimum below), with alpha_c =
0.1379 and the T = 0 thermodynamic edge 0.0519 marked. Crosses: where the
measured mean m falls through 1/2 (it tracks T_M: runs start at a pattern).

    python -m paper_figs.hopfield_phase_diagram --workdir=DIR --outdir=figures
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _hebbian_headlines as hh, _report
from theory import ags

NAME = "hopfield_phase_diagram"


def theory_lines(alpha_max: float, num: int = 16):
  """(alpha, T_M, T_c, T_g) on a grid up to alpha_max (T_c NaN above 0.0519)."""
  a = np.unique(np.concatenate([np.geomspace(1e-3, 0.02, 6), np.linspace(0.02, ags.alpha_c(), num),
                                [0.05, 0.051, 0.0515, 0.0518, ags.alpha_c()]]))
  a = a[a <= max(alpha_max, ags.alpha_c())]
  return (a, np.array([ags.t_m(x) for x in a]), np.array([ags.t_c(x) for x in a]),
          np.array([ags.t_g(x) for x in a]))


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  boundary = results.load(workdir, "boundary.jsonl")
  config = results.read_config(workdir)
  rules = list(dict.fromkeys(r["rule"] for r in records))
  N = max(r["N"] for r in records)
  alphas = sorted({r["alpha"] for r in records})
  Ts = sorted({r["T"] for r in records})
  a_line, tm, tc, tg = theory_lines(max(alphas) * 1.1)
  a_g = np.linspace(0, max(max(alphas) * 1.1, 0.16), 200)

  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(rules), figsize=(5.2 * len(rules), 4.4), squeeze=False)
    for ax, rule in zip(axes[0], rules):
      sel = [r for r in records if r["rule"] == rule and r["N"] == N]
      grid = np.full((len(Ts), len(alphas)), np.nan)
      for i, T in enumerate(Ts):
        for j, a in enumerate(alphas):
          v = [r["m_mean"] for r in sel if r["T"] == T and r["alpha"] == a]
          if v:
            grid[i, j] = np.mean(v)
      # Squares centred on the grid points (non-uniform grids are fine).
      xe = _edges(alphas)
      ye = _edges(Ts)
      mesh = ax.pcolormesh(xe, ye, grid, cmap="viridis", vmin=0, vmax=1, shading="flat")
      ax.plot(a_g, 1 + np.sqrt(a_g), color="white", ls="--", lw=1.3, label="T_g = 1 + √α")
      ax.plot(a_line, tm, color="white", lw=1.8, label="T_M (retrieval states exist)")
      ok = np.isfinite(tc)
      ax.plot(np.append(a_line[ok], ags.alpha_thermodynamic()), np.append(tc[ok], 0.0),
              color="tab:orange", lw=1.8, ls="-.", label="T_c (retrieval = global min.)")
      b = sorted((x["alpha"], x["T_50"]) for x in boundary
                 if x["rule"] == rule and x["N"] == N and x["T_50"] is not None)
      if b:
        ax.plot(*zip(*b), "x", color="red", ms=6, mew=1.5, label="MC: mean m = 1/2")
      ax.plot([ags.alpha_c()], [0.0], "o", color="white", ms=7, clip_on=False,
              label=f"α_c = {ags.alpha_c():.4f}")
      ax.plot([ags.alpha_thermodynamic()], [0.0], "s", color="tab:orange", ms=6,
              clip_on=False, label=f"edge {ags.alpha_thermodynamic():.4f}")
      ax.set_xlim(xe[0], xe[-1])
      ax.set_ylim(0, ye[-1])
      ax.set_xlabel("α = P / N")
      ax.set_ylabel("T")
      ax.set_title(f"{rule}: heat bath from ξ¹, N = {N}, "
                   f"{config['burn_in']} + {config['measure']} sweeps")
      ax.legend(loc="upper right", fontsize=6.5, framealpha=0.7)
      fig.colorbar(mesh, ax=ax, label="mean time-averaged overlap m")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


def _edges(centres):
  c = np.asarray(centres, float)
  if len(c) == 1:
    return np.array([c[0] * 0.5, c[0] * 1.5])
  mid = (c[1:] + c[:-1]) / 2
  return np.concatenate([[max(c[0] - (mid[0] - c[0]), 0.0)], mid,
                         [c[-1] + (c[-1] - mid[-1])]])


# docs/hopfield.md §1.4: where the mean m crosses 1/2 in a reference
# simulation (N = 1000, 8 samples), per alpha.
REFERENCE_T_50 = {0.02: 0.70, 0.05: 0.55, 0.10: 0.32}


def _t50_error(rows, b) -> float | None:
  """Standard error of the interpolated T_50: `_hebbian_headlines.crossing`
  between the bracketing temperatures (the delta method on the standard
  errors of the mean m there, and the T grid's resolution where m jumps)."""
  lo, hi = b.get("T_50_lo"), b.get("T_50_hi")
  if b.get("T_50") is None or lo is None or hi is None or hi == lo:
    return math.inf  # noise unknown: unresolved
  at = lambda T: _report.field_mean_se(
      _report.select(rows, rule=b["rule"], N=b["N"], alpha=b["alpha"], T=T), "m_mean")
  (m_lo, se_lo), (m_hi, se_hi) = at(lo), at(hi)
  if None in (m_lo, m_hi, se_lo, se_hi) or m_lo == m_hi:
    return math.inf  # noise unknown: unresolved
  _, err, _, _ = hh.crossing((lo, hi), (m_lo, m_hi), (se_lo, se_hi), 0.5)
  return math.inf if err is None else err


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/hopfield.md §1.4, §6) from boundary.jsonl: per
  rule, N and alpha, T_50 (the temperature at which the mean time-averaged m
  falls through 1/2; linear interpolation on the T grid) against the AGS
  T_M(alpha) (derived), tolerance 0.03 (docs/hopfield.md §6). Its error is
  the standard error of the two bracketing means of m over seeds carried
  through the interpolation (delta method). A run started at the pattern follows the
  metastable branch, so T_M, not T_c, is the target. Loads at or above
  alpha_c (T_M = 0, while a finite network still retrieves at small T) have
  no target and are not declared.
  """
  out = []
  rows = _report.records(workdir)
  for b in _report.records(workdir, "boundary.jsonl"):
    a = b["alpha"]
    if not (_report.value(b["T_M_theory"]) or 0.0) > 0.0:
      continue
    ref = next((v for k, v in REFERENCE_T_50.items() if abs(k - a) < 1e-9), None)
    lo, hi = b.get("T_50_lo"), b.get("T_50_hi")
    out.append(_report.Quantity(
        name=f"T_50 (alpha = {a:g}, N = {b['N']}, {b['rule']})", figure=NAME,
        measured=_report.value(b["T_50"]), error=_t50_error(rows, b),
        theory=_report.value(b["T_M_theory"]),
        reference=ref, provenance="reference simulation (docs/hopfield.md §1.4)"
        if ref is not None else "derived (AGS RS equations)", compare_to="theory",
        tolerance=0.03, note=f"theory T_M (derived); T_50 in [{lo}, {hi}]"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
