"""Helpers of the Pavlovian-attention figures (docs/pavlovian.md §5): means
and standard errors over seeds, grouped by fields; the fast-weight curves
of figures F8 and F9; and the pieces their headline quantities share
(paper_figs/_report.py): values by seed and jackknife errors."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Mapping, Sequence

import math

import numpy as np


def curves(records: Iterable[Mapping[str, Any]], by: Sequence[str], x: str,
           field: str) -> dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]]:
  """{group values: (x values, mean of `field`, its standard error over the
  records)} for the records grouped by the fields `by`, sorted by x."""
  groups: dict[tuple, dict[Any, list[float]]] = defaultdict(lambda: defaultdict(list))
  for r in records:
    if r.get(field) is not None:
      groups[tuple(r[b] for b in by)][r[x]].append(float(r[field]))
  out = {}
  for key, by_x in groups.items():
    xs = sorted(by_x)
    vals = [np.asarray(by_x[v]) for v in xs]
    out[key] = (np.asarray(xs, float), np.array([v.mean() for v in vals]),
                np.array([v.std(ddof=1) / np.sqrt(len(v)) if len(v) > 1 else 0.0
                          for v in vals]))
  return out


def first(records: Iterable[Mapping[str, Any]], by: Sequence[str], x: str,
          field: str) -> dict[tuple, tuple[np.ndarray, np.ndarray]]:
  """{group: (x values, `field` of the first record at each x)}: a theory
  column, the same in every seed's record."""
  groups: dict[tuple, dict[Any, float]] = defaultdict(dict)
  for r in records:
    if r.get(field) is not None:
      groups[tuple(r[b] for b in by)].setdefault(r[x], float(r[field]))
  return {k: (np.asarray(sorted(v), float), np.asarray([v[i] for i in sorted(v)]))
          for k, v in groups.items()}


FAST_WEIGHT_RULES = {"hebbian": "sum rule", "delta": "delta rule", "softmax": "softmax attention"}


def fast_weight_curves(records, setting: int):
  """{(rule, feature_map): (S, mean loss, standard error, record)} in record order."""
  out = {}
  for variant in dict.fromkeys((r["rule"], r["feature_map"]) for r in records
                               if r["setting"] == setting):
    rs = [r for r in records if r["setting"] == setting and (r["rule"], r["feature_map"])
          == variant]
    Ss = sorted({r["S"] for r in rs})
    losses = [[r["loss"] for r in rs if r["S"] == S] for S in Ss]
    mean = np.array([np.mean(v) for v in losses])
    se = np.array([np.std(v, ddof=1) / np.sqrt(len(v)) if len(v) > 1 else 0.0 for v in losses])
    out[variant] = (np.array(Ss), mean, se, rs[0])
  return out


# ---------------------------------------------------------------- headlines

def by_seed(rows: Iterable[Mapping[str, Any]], field: str) -> dict[Any, float]:
  """{seed: field} of rows (one per seed), skipping null values."""
  return {r["seed"]: float(r[field]) for r in rows if r.get(field) is not None}


def jackknife(items: Sequence[Any], stat) -> tuple[float | None, float | None]:
  """stat(items) and its leave-one-out jackknife standard error over the
  items (seeds); (stat, inf) for fewer than two items, the error NaN where
  a leave-one-out value is not finite (the quantity is then unresolved)."""
  if not items:
    return None, None
  full = stat(list(items))
  if len(items) < 2:
    return full, math.inf  # noise unknown: unresolved
  loo = np.array([stat([x for j, x in enumerate(items) if j != i]) for i in range(len(items))],
                 float)
  if full is None or not np.all(np.isfinite(loo)):
    return full, float("nan")
  n = len(items)
  return full, float(math.sqrt((n - 1) / n * np.sum((loo - loo.mean()) ** 2)))
