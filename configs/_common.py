"""Helpers shared by the configs: the presets and the grids they are made of.

Every config module defines `get_config(arg)` with `arg` a preset:

    smoke    seconds, for tests
    quick    about a minute on a laptop CPU (paper_figs.all --preset quick)
    default  (no preset) paper scale, for a GPU or a cluster

and starts from `new_config(arg)`.
"""

from __future__ import annotations

import ml_collections
import numpy as np

PRESETS = ("smoke", "quick", "default")


def preset_of(arg: str | None) -> str:
  """The preset named by `get_config`'s argument (None: "default");
  ValueError naming the presets for any other."""
  preset = arg or "default"
  if preset not in PRESETS:
    raise ValueError(f"unknown preset {preset!r}; presets: {', '.join(PRESETS)}")
  return preset


def new_config(arg: str | None) -> tuple[ml_collections.ConfigDict, str]:
  """An empty config for the preset `arg`, with its `preset` field, and the
  preset's name."""
  preset = preset_of(arg)
  c = ml_collections.ConfigDict()
  c.preset = preset
  return c, preset


def linear_grid(lo: float, hi: float, step: float) -> tuple[float, ...]:
  """lo, lo + step, ..., hi (rounded to 6 decimals)."""
  n = int(round((hi - lo) / step)) + 1
  return tuple(round(lo + i * step, 6) for i in range(n))


def log_grid(lo: float, hi: float, num: int, digits: int = 4) -> tuple[float, ...]:
  """`num` log-spaced values in [lo, hi] to `digits` significant digits."""
  return tuple(float(f"{v:.{digits}g}") for v in np.geomspace(lo, hi, num))


def log_ints(lo, hi, num) -> tuple[int, ...]:
  """`num` log-spaced integers in [lo, hi] (rounded, duplicates removed)."""
  return tuple(sorted({int(round(v)) for v in np.geomspace(lo, hi, num)}))


def lr_grid(center: float, num: int) -> tuple[float, ...]:
  """`num` step sizes half a decade apart, centred (in log) on `center`
  (3 significant digits)."""
  return tuple(float(f"{center * 10 ** (0.5 * (i - (num - 1) / 2)):.3g}") for i in range(num))
