"""Supervised dense Hebbian learning at high load: retrieval against the load
alpha = K / N^(P-1) at several dataset entropies rho, and the capacity
against rho, in Monte Carlo against the derived RS theory at T = 0
(docs/dense_hebbian.md §3; figures D2 and D3).

    python -m sims.dense_hebbian_capacity --config=configs/dense_hebbian_capacity.py:quick --workdir=DIR

Points: each rho in config.rho and alpha in config.alpha; K = round(alpha
N^(P-1)) classes of M examples each (quality r = 1/sqrt(1 + rho M); rho = 0
stores the archetypes themselves). A task stores the K class averages
(drawn directly, assoc.patterns.class_averages), normalised to unit mean
square, in a dense memory of order P (all-index: powers of overlaps), starts
at archetype 1 and runs T = 0 random-sequential dynamics to a fixed point
(assoc.hopfield.learning.capacity_trial). One compiled program: K and r are
traced, the stored rows padded to the largest K.

Records (DIR/results.jsonl), one per (rho, alpha, seed):
  K, r, m, n, sweeps, converged, m_theory and n_theory (the RS retrieval
  state at T = 0 in the all-index convention, the one simulated; 0 beyond
  alpha_c), alpha_c_theory (all-index), theory_provenance "derived".

DIR/capacity.jsonl, one record per rho: alpha_mc, where the mean m falls
through config.m_threshold times its derived low-load value (the exact
binomial m_low_load(rho, M): at large rho even perfect learning leaves m
well below 1), interpolated linearly in alpha between the grid points
alpha_lo and alpha_hi (null if not bracketed), and the derived alpha_c of
both conventions.
"""

from __future__ import annotations

import functools

import jax
import ml_collections
import numpy as np

from assoc import analysis, cli, experiment, results
from assoc.hopfield import learning
from sims import _dense_hebbian
from theory import dense_hebbian as dh

NAME = "dense_hebbian_capacity"
RUNTIME_FIELDS = ("batch_size",)


num_classes, quality = _dense_hebbian.num_classes, _dense_hebbian.quality


def validate(config) -> list[dict]:
  _dense_hebbian.check_high_load(config, "the capacity theory of docs/dense_hebbian.md §3")
  experiment.check_int(config, "num_seeds", "max_sweeps")
  return [{"rho": rho, "alpha": alpha} for rho in experiment.axis(config, "rho")
          for alpha in experiment.axis(config, "alpha")]


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  K_max = max(num_classes(config, p["alpha"]) for p in points)

  def build(group, group_points):
    return functools.partial(learning.capacity_trial, N=config.N, K=K_max, M=config.M,
                             P=config.P, max_sweeps=config.max_sweeps)

  def to_record(task, out):
    rho, alpha = task.point["rho"], task.point["alpha"]
    return dict(K=num_classes(config, alpha), r=quality(config, rho), m=out["m"], n=out["n"],
                sweeps=out["sweeps"], converged=out["converged"],
                **_theory(config.P, rho, alpha))

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds, group_of=lambda p: (),
      inputs_of=lambda p: {"r": quality(config, p["rho"]),
                           "num_classes": num_classes(config, p["alpha"])},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS)
  if jax.process_index() == 0:
    results.write_summary(workdir, "capacity.jsonl",
                          capacity_summary(records, config.P, config.M, config.m_threshold))
  return records


@functools.cache
def _theory(P: int, rho: float, alpha: float) -> dict:
  m, n = dh.zero_t_overlaps(alpha, rho, P, "all_index")
  return dict(m_theory=m, n_theory=n, alpha_c_theory=dh.alpha_c(P, rho, "all_index"),
              theory_provenance="derived")


def capacity_summary(records, P: int, M: int, threshold: float) -> list[dict]:
  out = []
  for rho in dict.fromkeys(r["rho"] for r in records):
    alphas = sorted({r["alpha"] for r in records if r["rho"] == rho})
    m = [np.mean([r["m"] for r in records if r["rho"] == rho and r["alpha"] == a])
         for a in alphas]
    m_low = 1.0 if rho == 0 else float(dh.m_low_load(rho, M))
    x, lo, hi = analysis.crossing(alphas, np.asarray(m) / m_low, threshold)
    finite = lambda v: float(v) if np.isfinite(v) else None  # noqa: E731
    out.append(dict(rho=rho, alpha_mc=finite(x), alpha_lo=finite(lo), alpha_hi=finite(hi),
                    m_threshold=threshold, m_low_load=m_low,
                    alpha_c_all_index=dh.alpha_c(P, rho, "all_index"),
                    alpha_c_distinct=dh.alpha_c(P, rho, "distinct"),
                    theory_provenance="derived"))
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
