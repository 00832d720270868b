"""Basins of attraction of classical Hopfield networks: final vs initial
overlap for each storage rule at several loads (docs/hopfield.md §1.2,
§8.2; figure H4).

    python -m sims.hopfield_basins --config=configs/hopfield_basins.py:quick --workdir=DIR

Points: for each rule, each alpha in config.alpha_by_rule[rule] (the
pseudo-inverse also at high load), each initial overlap m0 in config.m0: the
start is pattern 1 with round((1 - m0) N / 2) spins flipped, then T = 0
asynchronous dynamics to a fixed point. Random numbers depend on (alpha,
seed): every rule and every m0 sees the same patterns, and the flipped spins
of a smaller m0 include those of a larger one.

Records (DIR/results.jsonl), one per (rule, alpha, m0, seed):
  rule, alpha, m0, seed, N, P, m0_actual (the initial overlap realised),
  overlap (final), retrieved (> retrieval_threshold), sweeps, flips
"""

from __future__ import annotations

import functools

import ml_collections

from assoc import cli, experiment, hopfield, rules
from sims import _hopfield

NAME = "hopfield_basins"
RUNTIME_FIELDS = ("batch_size", "block")


def _flips(N, m0):
  return int(round((1 - m0) * N / 2))


def points_of(config) -> list[dict]:
  return [{"rule": rule, "alpha": alpha, "m0": m0}
          for rule in experiment.axis(config, "rule")
          for alpha in _hopfield.axis_by_rule(config, "alpha_by_rule", rule)
          for m0 in experiment.axis(config, "m0")]


def validate(config):
  req = experiment.require
  req(isinstance(config.N, int), f"config.N must be an integer, got {config.N!r}")
  for rule in experiment.axis(config, "rule"):
    _hopfield.validate_network(config, {"N": (config.N,), "rule": (rule,),
                                        "alpha": _hopfield.axis_by_rule(config, "alpha_by_rule",
                                                                        rule)})
  for m0 in experiment.axis(config, "m0"):
    req(isinstance(m0, (int, float)) and -1 <= m0 <= 1,
        f"config.m0: every initial overlap must be in [-1, 1], got {m0!r}")
  experiment.check_int(config, "max_sweeps", "num_seeds", "block")
  return points_of(config)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  options = _hopfield.rule_options(config)
  N = config.N

  def build(rule, group_points):
    P_max = max(_hopfield.num_patterns(N, p["alpha"]) for p in group_points)
    return functools.partial(hopfield.retrieval_trial, N=N, P_max=P_max,
                             store=rules.storage(rule, options.get(rule)),
                             dynamics_name="async",
                             max_sweeps=config.max_sweeps, tie=config.tie,
                             block=config.block)

  def to_record(task, out):
    P = _hopfield.num_patterns(N, task.point["alpha"])
    overlap = int(out["overlap_sum"]) / N
    return dict(N=N, P=P, m0_actual=(N - 2 * _flips(N, task.point["m0"])) / N,
                overlap=overlap, retrieved=overlap > config.retrieval_threshold,
                sweeps=out["sweeps"], flips=out["flips"], stability=out["stability"])

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: p["rule"],
      inputs_of=lambda p: {"num_patterns": _hopfield.num_patterns(N, p["alpha"]),
                           "flip_frac": _flips(N, p["m0"]) / N},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      key_fields=("alpha",))


if __name__ == "__main__":
  cli.main(run, NAME)
