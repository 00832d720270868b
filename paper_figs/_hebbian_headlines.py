"""Helpers for the headline quantities of the dense Hebbian, multitasking and
Hopfield figures (docs/dense_hebbian.md §10, docs/hopfield.md §6): means
over seeds at one point, paired differences, crossings with a delta-method
error, binomial fractions. The declarations live beside each figure
(`headlines` in paper_figs/<figure>.py); the type and the verdict rule are
paper_figs/_report.py.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Sequence

import numpy as np

from paper_figs import _report


def component(rows: Iterable[dict], field: str, k: int) -> tuple[float | None, float | None]:
  """Mean and standard error over seeds of element k of a list field
  (m_sorted, m_theory)."""
  return _report.mean_se([r[field][k] for r in rows if r.get(field) is not None
                          and len(r[field]) > k and _report.value(r[field][k]) is not None])


def fraction(flags: Sequence[bool]) -> tuple[float | None, float | None]:
  """A fraction and its binomial standard error sqrt(p (1 - p) / n)."""
  n = len(flags)
  if n == 0:
    return None, None
  p = sum(bool(f) for f in flags) / n
  return p, math.sqrt(p * (1.0 - p) / n)


def theory(rows: Sequence[dict], field: str) -> float | None:
  """A theory field of the records of one point (the same in every row)."""
  return _report.value(rows[0].get(field)) if rows else None


def crossing(xs: Sequence[float], means: Sequence[float], ses: Sequence[float | None],
             level: float, log: bool = False
             ) -> tuple[float | None, float | None, float | None, float | None]:
  """Where the mean (sampled at increasing x) first falls through `level`:
  (x, error, x_lo, x_hi). Linear interpolation between the bracketing grid
  points (in log x with `log`); the error carries the standard errors of the
  two bracketing means through the interpolation (delta method; infinite
  where one is unknown) and, where the curve jumps between the two points,
  the grid's own resolution (`_report.grid_error`). (None, None, lo, hi)
  when the grid does not bracket it."""
  pts = sorted((float(x), float(m), s) for x, m, s in zip(xs, means, ses) if m is not None)
  if not pts:
    return None, None, None, None
  if pts[0][1] < level:
    return None, None, None, pts[0][0]
  for (x0, m0, s0), (x1, m1, s1) in zip(pts, pts[1:]):
    if m1 < level:
      u0, u1 = (math.log(x0), math.log(x1)) if log else (x0, x1)
      w = (m0 - level) / (m0 - m1)
      u = u0 + w * (u1 - u0)
      err = math.inf
      if s0 is not None and s1 is not None:
        err = abs(u1 - u0) / abs(m0 - m1) * float(np.hypot((1 - w) * s0, w * s1))
      err = _report.grid_error(err, u0, u1, m0 - m1)
      if log:
        x = math.exp(u)
        return x, x * err, x0, x1
      return u, err, x0, x1
  return None, None, pts[-1][0], None


def crossing_of(rows: Sequence[dict], x_field: str, level: float,
                y: Callable[[dict], float], log: bool = False
                ) -> tuple[float | None, float | None, float | None, float | None]:
  """`crossing` of the mean over seeds of y(row), per value of x_field."""
  xs = sorted({r[x_field] for r in rows})
  stats = [_report.mean_se([y(r) for r in rows if r[x_field] == x]) for x in xs]
  return crossing(xs, [m for m, _ in stats], [s for _, s in stats], level, log)


def bracket_note(lo: float | None, hi: float | None) -> str:
  """Where an interpolated crossing lies on the grid."""
  if lo is None and hi is None:
    return "no data"
  if hi is None:
    return f"beyond the grid (> {lo:g})"
  if lo is None:
    return f"below the grid (< {hi:g})"
  return f"between grid points {lo:g} and {hi:g}"
