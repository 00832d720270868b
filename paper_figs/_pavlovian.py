"""Helpers of the Pavlovian-attention figures (docs/pavlovian.md §5): means
and standard errors over seeds, grouped by fields; the fast-weight curves
of figures F8 and F9."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Mapping, Sequence

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
