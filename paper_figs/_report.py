"""Headline quantities of the reproduction report: the shared type and the
helpers figure modules use to declare them.

A figure module with headline numbers defines

    def headlines(workdir: str) -> list[Quantity]

beside its `make(workdir, outdir)`: it reads only its run's files
(results.jsonl, its summaries) and `theory/`, and returns each headline
quantity with its measured value, the theory value for the same point, the
reference value where a paper or the docs give one (with its provenance) and
the tolerance. `paper_figs.report` collects them into REPORT.md and
index.html and checks them; there is no central list of quantities.

Verdict of a quantity (`Quantity.verdict`): the target is the theory value or
the reference value (`compare_to`);
  "unresolved"  the measured value or the target is missing or not finite, or
                the measurement is too noisy for the tolerance (2 error >
                tolerance): the preset cannot decide, and it never counts as a
                pass;
  "within"      |measured - target| <= tolerance;
  "outside"     otherwise.
"""

from __future__ import annotations

import dataclasses
import math
import os
from typing import Any, Callable, Iterable

import numpy as np

from assoc import results

VERDICTS = ("within", "outside", "unresolved")
# An error this many times larger than half the tolerance makes a quantity
# unresolved: 2 * error > tolerance.
RESOLUTION = 2.0


def _finite(x) -> bool:
  return x is not None and isinstance(x, (int, float, np.floating, np.integer)) \
      and not isinstance(x, bool) and math.isfinite(float(x))


@dataclasses.dataclass(frozen=True)
class Quantity:
  """One headline number of a figure, beside its theory and reference.

  name: short, unique within its figure, in the papers' notation
    ("alpha_50 (N = 500, hebbian)").
  figure: the figure module's name (paper_figs.<figure>).
  measured, error: the measured value and its standard error (None: none
    known; a bracket or a deterministic value).
  theory: the theory value for the same point (None: no theory).
  reference: the value of a paper or the docs (None: none).
  provenance: where the reference comes from: "paper: <short citation>",
    "derived", "reference simulation" (or of the theory value when there is
    no reference).
  compare_to: "theory" or "reference": the target of the verdict.
  tolerance: absolute, > 0.
  note: optional short text (the criterion, why a value may differ).
  """
  name: str
  figure: str
  measured: float | None
  error: float | None
  theory: float | None
  reference: float | None
  provenance: str
  compare_to: str
  tolerance: float
  note: str = ""
  bounds: tuple[float, float] | None = None  # an interval criterion (`interval`)

  def __post_init__(self):
    if self.compare_to not in ("theory", "reference"):
      raise ValueError(f"{self.name}: compare_to must be 'theory' or 'reference', "
                       f"got {self.compare_to!r}")
    if not (self.tolerance > 0):
      raise ValueError(f"{self.name}: tolerance must be > 0, got {self.tolerance!r}")

  @property
  def target(self) -> float | None:
    return self.theory if self.compare_to == "theory" else self.reference

  @property
  def deviation(self) -> float | None:
    """measured - target (None where either is missing or not finite)."""
    if not (_finite(self.measured) and _finite(self.target)):
      return None
    return float(self.measured) - float(self.target)

  @property
  def verdict(self) -> str:
    if self.deviation is None:
      return "unresolved"
    if self.error is not None and not _finite(self.error):
      return "unresolved"
    if self.error is not None and RESOLUTION * float(self.error) > self.tolerance:
      return "unresolved"
    return "within" if abs(self.deviation) <= self.tolerance else "outside"


# ---------------------------------------------------------------- reading runs

def records(workdir: str, name: str = results.RESULTS_FILE) -> list[dict]:
  """The records of a run file (results.jsonl or a summary such as
  capacity.jsonl); an empty list where the file does not exist."""
  return results.read_records(os.path.join(workdir, name))


def select(rows: Iterable[dict], **where: Any) -> list[dict]:
  """The rows whose fields equal `where` (floats compared to 1e-9)."""
  def match(row):
    for k, v in where.items():
      x = row.get(k)
      if isinstance(v, float) and _finite(x):
        if abs(float(x) - v) > 1e-9:
          return False
      elif x != v:
        return False
    return True
  return [r for r in rows if match(r)]


def one(rows: Iterable[dict], **where: Any) -> dict | None:
  """The one row matching `where` (None if there is none; the first if
  several)."""
  found = select(rows, **where)
  return found[0] if found else None


def mean_se(values: Iterable[float]) -> tuple[float | None, float | None]:
  """Mean and standard error over seeds (None, None for no value; SE
  infinite for a single value: its noise is unknown, so a quantity read
  from one seed is unresolved, never within)."""
  x = np.asarray([float(v) for v in values if v is not None], float)
  if x.size == 0:
    return None, None
  if x.size == 1:
    return float(x[0]), math.inf
  return float(x.mean()), float(x.std(ddof=1) / math.sqrt(x.size))


def field_mean_se(rows: Iterable[dict], field: str,
                  transform: Callable[[float], float] | None = None
                  ) -> tuple[float | None, float | None]:
  """`mean_se` of one field of `rows` (optionally transformed first)."""
  vals = [r.get(field) for r in rows]
  vals = [float(v) for v in vals if v is not None]
  if transform is not None:
    vals = [transform(v) for v in vals]
  return mean_se(vals)


def paired_difference(rows_a: Iterable[dict], rows_b: Iterable[dict],
                      value_a: str | Callable[[dict], float],
                      value_b: str | Callable[[dict], float] | None = None
                      ) -> tuple[float | None, float | None]:
  """`mean_se` over seeds of value_a(a) - value_b(b), paired by seed (each
  seed's difference is one independent sample, whatever the correlation of
  a and b; seeds present in both, rows with a null value skipped). A value
  is a field name or a function of the row; value_b defaults to value_a."""
  def by_seed(rows, value):
    get = (lambda r: r.get(value)) if isinstance(value, str) else value
    return {r["seed"]: float(v) for r in rows if (v := get(r)) is not None}
  a = by_seed(rows_a, value_a)
  b = by_seed(rows_b, value_a if value_b is None else value_b)
  return mean_se([a[s] - b[s] for s in sorted(set(a) & set(b))])


def value(x) -> float | None:
  """A JSON number as float (None for null, NaN, inf)."""
  return float(x) if _finite(x) else None


def mc_band(reference: float, error: float | None, relative: float = 0.25,
            n_se: float = 3.0) -> float:
  """The acceptance band of a Monte-Carlo mean against a reference value in
  docs/outer_product.md §7: within `relative` of the reference or within
  `n_se` standard errors, whichever band is larger."""
  band = relative * abs(reference)
  if error is not None and _finite(error):
    band = max(band, n_se * float(error))
  return band


def slope_quantity(fit: dict | None, *, name: str, figure: str, reference: float | None,
                   tolerance: float, provenance: str, note: str = "") -> Quantity:
  """A fitted log-log slope (a fits.jsonl row: slope, slope_stderr,
  slope_theory) against its theory exponent (the target), with the
  reference slope beside it."""
  fit = fit or {}
  return Quantity(name=name, figure=figure, measured=value(fit.get("slope")),
                  error=value(fit.get("slope_stderr")), theory=value(fit.get("slope_theory")),
                  reference=reference, provenance=provenance, compare_to="theory",
                  tolerance=tolerance, note=note)


def mean_quantity(rows: list[dict], field: str, *, name: str, figure: str,
                  reference: float, provenance: str, theory: float | None = None,
                  note: str = "") -> Quantity:
  """The mean of `field` over seeds against a reference value, with the band
  of `mc_band`."""
  m, se = field_mean_se(rows, field)
  return Quantity(name=name, figure=figure, measured=m, error=se, theory=theory,
                  reference=reference, provenance=provenance, compare_to="reference",
                  tolerance=mc_band(reference, se), note=note)


def interval(name: str, figure: str, measured: float | None, error: float | None,
             lo: float, hi: float, *, provenance: str, theory: float | None = None,
             note: str = "") -> Quantity:
  """A quantity whose criterion is lo <= measured <= hi (an ordering or a
  one-sided bound on a bounded quantity), kept within the Quantity type: the
  reference is the middle of the interval and the tolerance its half-width,
  so "within" means inside the interval; unresolved when 2 error exceeds
  the half-width. The report shows the reference as the interval [lo, hi]
  and `provenance` as the source of the criterion."""
  crit = f"criterion {lo:.4g} <= value <= {hi:.4g}"
  return Quantity(
      name=name, figure=figure, measured=measured, error=error, theory=theory,
      reference=0.5 * (lo + hi), provenance=provenance, compare_to="reference",
      tolerance=0.5 * (hi - lo), note=crit + (f"; {note}" if note else ""),
      bounds=(float(lo), float(hi)))


def grid_error(error: float | None, x0: float, x1: float, drop: float) -> float:
  """The error of a crossing interpolated between grid points x0 and x1
  where the curve (an overlap-like quantity in [0, 1]) falls by `drop`: the
  noise `error` (None: unknown, infinite), and, when the curve falls by more
  than half its range between the two points (a jump the grid does not
  resolve: it may cross anywhere between), the grid's resolution
  (x1 - x0)/sqrt(12) in quadrature."""
  if error is None:
    return math.inf
  if abs(drop) <= 0.5:
    return float(error)
  return float(math.hypot(error, abs(x1 - x0) / math.sqrt(12.0)))
