"""Multitasking on diluted patterns: the sorted amplitudes of the K Mattis
overlaps after T = 0 dynamics from a random start, against the derived
hierarchy (1 - d) d^(k-1) (docs/dense_hebbian.md §7; figure D6).

    python -m sims.multitask_amplitudes --config=configs/multitask_amplitudes.py:quick --workdir=DIR

Points: each K in config.K and d in config.d. A task draws K diluted
archetypes of N spins (dilution d), stores them with the Hebbian couplings
(1/N) sum xi xi (zero diagonal), starts at a random state and runs T = 0
random-sequential dynamics to a fixed point
(assoc.hopfield.learning.multitask_trial). One compiled program per K; d is
traced.

Records (DIR/results.jsonl), one per (K, d, seed):
  m_sorted (the K amplitudes |m_k|, largest first), m_theory (the derived T
  = 0 hierarchy (1 - d) d^(k-1)), stable_theory (d below the stability edge
  of the hierarchy, theory.multitask.stability_edge(K)), m_sym (the
  symmetric parallel state's overlap), sweeps, converged, theory_provenance
  "derived".
"""

from __future__ import annotations

import functools

import ml_collections

from assoc import cli, experiment
from assoc.hopfield import learning
from theory import multitask

NAME = "multitask_amplitudes"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  for K in experiment.axis(config, "K"):
    req(experiment.is_int(K) and K >= 1, f"config.K: every number of archetypes must be an "
        f"integer >= 1, got {K!r}")
  for d in experiment.axis(config, "d"):
    req(isinstance(d, (int, float)) and 0 <= d < 1, f"config.d: every dilution must be in "
        f"[0, 1), got {d!r}")
  req(config.T == 0, f"config.T={config.T!r}: this simulation runs T = 0 dynamics only "
      f"(finite T: sims.multitask_phase)")
  experiment.check_int(config, "N", at_least=2)
  experiment.check_int(config, "num_seeds", "max_sweeps")
  return [{"K": K, "d": d} for K in experiment.axis(config, "K")
          for d in experiment.axis(config, "d")]


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)

  def build(group, group_points):
    (K,) = group
    return functools.partial(learning.multitask_trial, N=config.N, K=K,
                             max_sweeps=config.max_sweeps)

  def to_record(task, out):
    K, d = task.point["K"], task.point["d"]
    return dict(m_sorted=out["m_sorted"], m_theory=multitask.hierarchy(d, K),
                stable_theory=K == 1 or d < multitask.stability_edge(K),
                m_sym=multitask.m_sym(d, K), sweeps=out["sweeps"], converged=out["converged"],
                theory_provenance="derived")

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["K"],), inputs_of=lambda p: {"d": p["d"]}, build=build,
      to_record=to_record, runtime_fields=RUNTIME_FIELDS)


if __name__ == "__main__":
  cli.main(run, NAME)
