"""Step-size selection over a grid, from a sweep's records.

A training simulation sweeps a step size (or any hyperparameter) over a grid
and keeps the value with the lowest mean of a metric over seeds: by
default the final population loss, never a test metric such as tail
accuracy, so that the selection does not favour what is being compared
(docs/muon_tail.md §7).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np


def select(records: Sequence[Mapping[str, Any]], field: str,
           metric: str = "final_loss") -> dict[str, Any]:
  """The value of `field` whose records have the lowest mean `metric`.

  Returns {"grid": the sorted values, "mean_<metric>": the mean at each,
  "selected": the best value (the smallest of tied ones), "at_grid_edge":
  whether it is the grid's first or last value (with more than one value),
  which suggests widening the grid}.
  """
  values = sorted({r[field] for r in records})
  if not values:
    raise ValueError(f"no records to select {field} from")
  mean = {v: float(np.mean([r[metric] for r in records if r[field] == v])) for v in values}
  best = min(values, key=lambda v: mean[v])
  return {"grid": values, f"mean_{metric}": [mean[v] for v in values], "selected": best,
          "at_grid_edge": len(values) > 1 and best in (values[0], values[-1])}
