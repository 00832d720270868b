"""Helpers shared by the Muon figures (M-1 .. M-4): styles and selections of
the muon_one_step records."""

from __future__ import annotations

import numpy as np

from paper_figs import _report

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


# ------------------------------------------------- headline quantities (report)

# docs/muon_tail.md §8: the reference setting of Fig. 4b and its values.
REFERENCE_SETTING = {"K": 999, "alpha": 0.8, "beta": 0.2, "eps": 0.01}
PAPER = "reference value (pinned by this project from Wang et al. 2025's setting, docs/muon_tail.md §8)"
THEORY = "derived (theory/muon_one_step.py)"


def at_reference(config: dict, K: int) -> bool:
  """Whether the run's (K, alpha, beta, eps) is the docs' reference setting."""
  here = {"K": K, **{k: config.get(k) for k in ("alpha", "beta", "eps")}}
  return all(here[k] is not None and abs(float(here[k]) - v) < 1e-12
             for k, v in REFERENCE_SETTING.items())


def read_config(workdir: str) -> dict:
  """The run's config.json ({} where it does not exist)."""
  import json
  import os
  path = os.path.join(workdir, "config.json")
  if not os.path.exists(path):
    return {}
  with open(path) as f:
    return json.load(f)


def rel_tolerance(rtol: float, target: float | None, floor: float = 1e-15) -> float:
  """A relative tolerance as the absolute one `Quantity` takes (> 0)."""
  return max(rtol * abs(target), floor) if target is not None else rtol


def paired_differences(a: dict, b: dict, field: str) -> list[float]:
  """Per-seed a[field] - b[field] of two summaries with `seeds` lists (the
  selected.jsonl rows of ht_memory and tiny_ablation), paired by seed."""
  xa = dict(zip(a.get("seeds", []), a.get(field) or []))
  xb = dict(zip(b.get("seeds", []), b.get(field) or []))
  return [float(xa[s]) - float(xb[s]) for s in xa if s in xb
          and xa[s] is not None and xb[s] is not None]


def ordering_quantity(diffs: list[float], *, name: str, figure: str, reference: float,
                      provenance: str, note: str) -> _report.Quantity:
  """A paired per-seed difference (mean ± SE over seeds) whose expected sign
  is that of `reference`: the tolerance is |reference|, so "within" means
  the same sign and at most twice the reference size."""
  m, se = _report.mean_se(diffs)
  return _report.Quantity(name=name, figure=figure, measured=m, error=se, theory=None,
                         reference=reference, provenance=provenance, compare_to="reference",
                         tolerance=abs(reference), note=note)
