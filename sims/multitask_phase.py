"""The multitasking phase map in Monte Carlo: heat-bath dynamics of Hebbian
networks on diluted archetypes from a random start, the state reached at
each (dilution d, temperature T), against the derived phase map
(docs/dense_hebbian.md §7; figure D7).

    python -m sims.multitask_phase --config=configs/multitask_phase.py:quick --workdir=DIR

Points: each K in config.K, d in config.d and T in config.T (> 0). A task
draws the archetypes and the random start of sims.multitask_amplitudes for
the same key and runs heat-bath random-sequential dynamics at T, config.burn_in
sweeps then config.measure sweeps over which the K Mattis overlaps are
averaged (assoc.hopfield.learning.multitask_glauber_trial). One compiled
program per K: d and T are traced.

The state of the measured amplitudes (|m| sorted, m_1 >= ... >= m_K), with
zero = config.zero_tol / sqrt(N): ergodic if m_1 < zero, pure if m_2 <
zero, parallel if m_K >= config.parallel_ratio m_1, hierarchical otherwise.
Thresholds, not the theory's exact equalities: at finite N the empirical
overlaps of the archetypes (of order 1/sqrt(N)), amplified near soft modes
of the free energy, give a pure state secondary amplitudes of order
1/sqrt(N) and spread the amplitudes of a parallel state; the finite-N
mean-field fixed point of the same sample reproduces both
(docs/dense_hebbian.md §7).

Records (DIR/results.jsonl), one per (K, d, T, seed):
  m_sorted, state; m_theory (the derived equilibrium amplitudes, sorted)
  and state_theory (theory.multitask.phase: the stable solution of lowest
  free energy), T_c_theory = 1 - d, theory_provenance "derived".
"""

from __future__ import annotations

import functools

import ml_collections

from assoc import cli, experiment
from assoc.hopfield import learning
from theory import multitask

NAME = "multitask_phase"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  for K in experiment.axis(config, "K"):
    req(experiment.is_int(K) and 2 <= K <= 6, f"config.K: every number of archetypes must be "
        f"an integer in [2, 6] (the derived map sums over 3^K site types), got {K!r}")
  for d in experiment.axis(config, "d"):
    req(isinstance(d, (int, float)) and 0 <= d < 1, f"config.d: every dilution must be in "
        f"[0, 1), got {d!r}")
  for T in experiment.axis(config, "T"):
    req(isinstance(T, (int, float)) and T > 0, f"config.T: every temperature must be > 0 "
        f"(T = 0: sims.multitask_amplitudes), got {T!r}")
  req(isinstance(config.zero_tol, (int, float)) and config.zero_tol > 0,
      f"config.zero_tol (in units of 1/sqrt(N)) must be > 0, got {config.zero_tol!r}")
  req(isinstance(config.parallel_ratio, (int, float)) and 0 < config.parallel_ratio < 1,
      f"config.parallel_ratio must be in (0, 1), got {config.parallel_ratio!r}")
  experiment.check_int(config, "N", at_least=2)
  experiment.check_int(config, "num_seeds", "burn_in", "measure")
  return [{"K": K, "d": d, "T": T} for K in experiment.axis(config, "K")
          for d in experiment.axis(config, "d") for T in experiment.axis(config, "T")]


def state(m_sorted, zero: float, parallel_ratio: float) -> str:
  """The measured state of sorted amplitudes (see the module docstring)."""
  if m_sorted[0] < zero:
    return "ergodic"
  if len(m_sorted) == 1 or m_sorted[1] < zero:
    return "pure"
  if m_sorted[-1] >= parallel_ratio * m_sorted[0]:
    return "parallel"
  return "hierarchical"


@functools.cache
def _theory(K: int, d: float, T: float) -> dict:
  name, amplitudes = multitask.phase(T, d, K)
  return dict(m_theory=[float(a) for a in amplitudes], state_theory=name,
              T_c_theory=multitask.critical_temperature(d), theory_provenance="derived")


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)

  def build(group, group_points):
    (K,) = group
    return functools.partial(learning.multitask_glauber_trial, N=config.N, K=K,
                             burn_in=config.burn_in, measure=config.measure)

  def to_record(task, out):
    p = task.point
    m_sorted = [float(x) for x in out["m_sorted"]]
    zero = config.zero_tol / config.N**0.5
    return dict(m_sorted=m_sorted, state=state(m_sorted, zero, config.parallel_ratio),
                **_theory(p["K"], p["d"], p["T"]))

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["K"],), inputs_of=lambda p: {"d": p["d"], "T": p["T"]},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS)


if __name__ == "__main__":
  cli.main(run, NAME)
