"""Supervised dense Hebbian learning at finite temperature: retrieval
against the load alpha and the temperature T in heat-bath Monte Carlo,
against the derived retrieval line T_M(alpha) (docs/dense_hebbian.md §4;
figure D5).

    python -m sims.dense_hebbian_temperature --config=configs/dense_hebbian_temperature.py:quick --workdir=DIR

Points: each rho in config.rho, alpha in config.alpha and T in config.T; K =
round(alpha N^(P-1)) classes of M examples (quality r = 1/sqrt(1 + rho M);
rho = 0 stores the archetypes). A task stores the K class averages, drawn
directly and normalised to unit mean square, in a dense memory of order P
(all-index), starts at archetype 1 and runs heat-bath random-sequential
dynamics at T (units of H = -(N/P!) sum m^P), config.burn_in sweeps then
config.measure sweeps over which m is averaged
(assoc.hopfield.learning.capacity_glauber_trial: the memory of
sims.dense_hebbian_capacity for the same key). One compiled program: K, r
and T are traced, the stored rows padded to the largest K.

Records (DIR/results.jsonl), one per (rho, alpha, T, seed):
  K, r, m (time average), m_final; m_theory (the RS retrieval state at this
  T, iterated from m = q = 1, all-index; 0 where it does not exist),
  T_M_theory (all-index: the convention simulated), theory_provenance
  "derived".

DIR/temperature.jsonl, one record per (rho, alpha): T_mc, where the mean m
falls through config.m_threshold (interpolated linearly in T between the
grid points T_lo and T_hi; null if not bracketed), T_M of both index
conventions and the low-load spinodal T_s (derived).
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

NAME = "dense_hebbian_temperature"
RUNTIME_FIELDS = ("batch_size",)


num_classes, quality = _dense_hebbian.num_classes, _dense_hebbian.quality


def validate(config) -> list[dict]:
  _dense_hebbian.check_high_load(config, "the first-order retrieval line of "
                                 "docs/dense_hebbian.md §4")
  for T in experiment.axis(config, "T"):
    experiment.require(isinstance(T, (int, float)) and T > 0, f"config.T: every temperature "
                       f"must be > 0 (T = 0: sims.dense_hebbian_capacity), got {T!r}")
  experiment.check_int(config, "num_seeds", "burn_in", "measure")
  return [{"rho": rho, "alpha": alpha, "T": T} for rho in experiment.axis(config, "rho")
          for alpha in experiment.axis(config, "alpha") for T in experiment.axis(config, "T")]


@functools.cache
def _T_M(P: int, rho: float, alpha: float, convention: str) -> float:
  return dh.retrieval_temperature(alpha, P, convention, rho=rho)


@functools.cache
def _theory(P: int, rho: float, alpha: float, T: float) -> dict:
  T_M = _T_M(P, rho, alpha, "all_index")
  m = dh.rs_overlaps(1 / T, alpha, rho, P, "all_index", iterations=20_000, tol=1e-12,
                     grid=4001)[0] if T < T_M else 0.0
  return dict(m_theory=float(m), T_M_theory=T_M, theory_provenance="derived")


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  K_max = max(num_classes(config, p["alpha"]) for p in points)

  def build(group, group_points):
    return functools.partial(learning.capacity_glauber_trial, N=config.N, K=K_max, M=config.M,
                             P=config.P, burn_in=config.burn_in, measure=config.measure)

  def to_record(task, out):
    p = task.point
    return dict(K=num_classes(config, p["alpha"]), r=quality(config, p["rho"]), m=out["m"],
                m_final=out["m_final"], **_theory(config.P, p["rho"], p["alpha"], p["T"]))

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds, group_of=lambda p: (),
      inputs_of=lambda p: {"r": quality(config, p["rho"]),
                           "num_classes": num_classes(config, p["alpha"]), "T": p["T"]},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS)
  if jax.process_index() == 0:
    results.write_summary(workdir, "temperature.jsonl",
                          temperature_summary(records, config.P, config.m_threshold))
  return records


def temperature_summary(records, P: int, threshold: float) -> list[dict]:
  out = []
  finite = lambda v: float(v) if np.isfinite(v) else None  # noqa: E731
  for rho, alpha in dict.fromkeys((r["rho"], r["alpha"]) for r in records):
    sel = [r for r in records if r["rho"] == rho and r["alpha"] == alpha]
    Ts = sorted({r["T"] for r in sel})
    m = [np.mean([r["m"] for r in sel if r["T"] == T]) for T in Ts]
    x, lo, hi = analysis.crossing(Ts, m, threshold)
    out.append(dict(rho=rho, alpha=alpha, T_mc=finite(x), T_lo=finite(lo), T_hi=finite(hi),
                    m_threshold=threshold, T_M_all_index=_T_M(P, rho, alpha, "all_index"),
                    T_M_distinct=_T_M(P, rho, alpha, "distinct"),
                    T_s=dh.spinodal_temperature(P)[0], theory_provenance="derived"))
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
