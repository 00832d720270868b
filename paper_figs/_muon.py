"""Helpers shared by the Muon figures (M-1 .. M-4): styles and selections of
the muon_one_step records."""

from __future__ import annotations

import numpy as np

# (optimizer, embedding) -> (label, colour, line style)
CURVES = {
    ("gd", "decoupled"): ("GD (coupled = decoupled)", "tab:blue", "-"),
    ("gd", "coupled"): ("GD, coupled", "tab:cyan", "--"),
    ("signgd", "coupled"): ("SignGD, coupled", "tab:orange", "-"),
    ("signgd", "decoupled"): ("SignGD, decoupled", "tab:red", "-"),
    ("muon", "decoupled"): ("Muon (exact polar), decoupled", "tab:green", "-"),
    ("muon", "coupled"): ("Muon (exact polar), coupled", "tab:olive", "--"),
}


def figure_K(records, preferred: int = 999) -> int:
  """The K drawn in the path figures: `preferred` if swept, else the largest."""
  Ks = sorted({r["K"] for r in records})
  return preferred if preferred in Ks else Ks[-1]


def by_curve(records, K: int) -> dict[tuple[str, str], dict]:
  """The records at K keyed by (optimizer, embedding); GD is drawn once when
  its two embeddings agree (they must: GD is equivariant)."""
  out = {(r["optimizer"], r["embedding"]): r for r in records if r["K"] == K}
  gd = [out.get(("gd", e)) for e in ("decoupled", "coupled")]
  if all(gd) and np.allclose(gd[0]["path_delta"], gd[1]["path_delta"], rtol=1e-9, atol=1e-15):
    out.pop(("gd", "coupled"))
  return out


def label(optimizer: str, embedding: str) -> tuple[str, str, str]:
  default = (f"{optimizer}, {embedding}", "0.4", "-")
  return CURVES.get((optimizer, embedding), default)
