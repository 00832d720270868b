"""Helpers shared by the outer-product figures: selecting records, means and
standard deviations over trials, ±k std bands on log axes, slope legends,
the joint-law (threshold) records and the error contour plot."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import numpy as np

from assoc import results


def select(records: Iterable[Mapping[str, Any]], **match) -> list[Mapping[str, Any]]:
  return [r for r in records if all(r.get(k) == v for k, v in match.items())]


def curve(records, x: str, y: str = "error") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
  """(x values, mean of y, std of y) over the records at each x (sorted; None last)."""
  values: dict[Any, list[float]] = {}
  for r in records:
    values.setdefault(r[x], []).append(r[y])
  xs = sorted((v for v in values if v is not None))
  mean = np.array([np.mean(values[v]) for v in xs])
  std = np.array([np.std(values[v]) for v in xs])
  return np.array(xs, float), mean, std


def band(ax, x, mean, std, k: float = 0.5, log: bool = True, **kw):
  """Line with markers and a ±k std band (clipped above 0 on a log axis)."""
  kw = {"marker": "o", "ms": 3, "lw": 1.0, **kw}
  line, = ax.plot(x, mean, **kw)
  lo = mean - k * std
  if log:
    lo = np.where(lo > 0, lo, mean * 0.5)
  ax.fill_between(x, lo, mean + k * std, color=line.get_color(), alpha=0.2, lw=0)
  return line


def fit_of(fits, **match) -> Mapping[str, Any] | None:
  found = select(fits, **match)
  return found[0] if found else None


def slope_text(fit) -> str:
  """'slope −0.98 ± 0.01 (theory −1)' from a fits.jsonl record."""
  if fit is None or fit.get("slope") is None:
    return ""
  err = fit.get("slope_stderr")
  text = f"slope {fit['slope']:.2f}" + (f" ± {err:.2f}" if err is not None else "")
  if fit.get("slope_theory") is not None:
    text += f" (theory {fit['slope_theory']:.2f})"
  return text


def fmt_T(T) -> str:
  if T is None:
    return "T = ∞"
  exp = np.log10(T)
  return f"$T = 10^{{{exp:.0f}}}$" if float(exp).is_integer() else f"T = {T:g}"


def mean_grid(records, xs, ys, x: str, y: str, z: str = "error") -> np.ndarray:
  """(len(ys), len(xs)) means of z over records at each (x, y)."""
  cells: dict[tuple, list[float]] = {}
  for r in records:
    cells.setdefault((r[x], r[y]), []).append(r[z])
  return np.array([[np.mean(cells[(a, b)]) for a in xs] for b in ys])


def by_seed(records, x: str, y: str = "error") -> dict[Any, dict[int, float]]:
  """{x value: {seed: y}}."""
  out: dict[Any, dict[int, float]] = {}
  for r in records:
    out.setdefault(r[x], {})[r["seed"]] = r[y]
  return out


def tuned_curve(records, x: str = "d", over: str = "gamma"):
  """Per seed, the minimum error over `over` at each x (optimistic 'tuned'
  curve): (x, mean, std)."""
  best: dict[tuple, float] = {}
  for r in records:
    k = (r[x], r["seed"])
    best[k] = min(best.get(k, float("inf")), r["error"])
  xs = sorted({k[0] for k in best})
  vals = [[v for (a, _), v in best.items() if a == xv] for xv in xs]
  return np.array(xs, float), np.array([np.mean(v) for v in vals]), np.array([np.std(v) for v in vals])


def finish(ax, xlabel: str, title: str, loc: str = "lower left") -> None:
  """Log-log axes, labels, title and legend of an error curve panel."""
  ax.set_xscale("log")
  ax.set_yscale("log")
  ax.set_xlabel(xlabel)
  ax.set_ylabel("population error")
  ax.set_title(title, fontsize=8.5)
  ax.legend(fontsize=6.5, frameon=False, loc=loc)


# The joint-law setting shared by F-a, F-b and F-c: the threshold scheme.
P_DIV = 12
LEVELS = np.linspace(0.0, 0.9, 21)  # error contours of F-c and F-d


def threshold_records(workdir):
  """Records of the joint-law setting (threshold, P_div = 12 if run, else the
  smallest P_div), its fits, the run's config and (N, M, alpha)."""
  records = results.load(workdir)
  fits = results.load(workdir, "fits.jsonl")
  config = results.read_config(workdir)
  sel = select(records, scheme="threshold")
  P_divs = sorted({r["P_div"] for r in sel})
  P_div = P_DIV if P_DIV in P_divs else P_divs[0]
  sel = select(sel, P_div=P_div)
  N, M, alpha = sel[0]["N"], sel[0]["M"], sel[0]["alpha"]
  sel = select(sel, N=N, M=M, alpha=alpha)
  fits = select(fits, scheme="threshold", P_div=P_div, N=N, M=M, alpha=alpha)
  return sel, fits, config, (N, M, alpha, P_div)


def contour(ax, records, title):
  """Filled contour of mean error over (d, T) (finite T); returns the mappable."""
  records = [r for r in records if r["T"] is not None]
  ds = sorted({r["d"] for r in records})
  Ts = sorted({r["T"] for r in records})
  Z = mean_grid(records, ds, Ts, "d", "T")
  cs = ax.contourf(ds, Ts, np.clip(Z, 0, 0.9), levels=LEVELS, cmap="RdBu_r",
                   vmin=0, vmax=0.9)
  ax.set_xscale("log")
  ax.set_yscale("log")
  ax.set_xlabel("memory size d")
  ax.set_ylabel("data size T")
  ax.set_title(title, fontsize=8.5)
  return cs


# ------------------------------------------------- headline quantities (report)

def difference(a: tuple[float | None, float | None],
               b: tuple[float | None, float | None]) -> tuple[float | None, float | None]:
  """(mean, SE) of a - b for independent estimates (SE in quadrature; None
  where either is missing)."""
  (ma, sa), (mb, sb) = a, b
  if ma is None or mb is None:
    return None, None
  se = None if sa is None or sb is None else float(np.hypot(sa, sb))
  return ma - mb, se


def std_se(records, field: str = "error") -> tuple[float | None, float | None]:
  """The standard deviation over trials of `field` and its approximate
  standard error s / sqrt(2 (n - 1)) (normal theory)."""
  x = [float(r[field]) for r in records if r.get(field) is not None]
  if len(x) < 2:
    return None, None
  s = float(np.std(x, ddof=1))
  return s, s / np.sqrt(2.0 * (len(x) - 1))
