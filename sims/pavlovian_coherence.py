"""Worst-case interference: the coherence mu = max_{i != j} |k_i . k_j| of N
random keys, and the guarantee (N - 1) mu < 1/2 for nearest-neighbour
retrieval from a Hebbian memory (docs/pavlovian.md §1.3c; figure F3).

    python -m sims.pavlovian_coherence --config=configs/pavlovian_coherence.py:quick --workdir=DIR

Points: each d_k in config.d_k; every task draws max(config.N) keys of the
ensemble config.keys and measures mu of its first N keys for every N in
config.N (one draw serves every N). One compiled program per d_k.

Records (DIR/results.jsonl), one per (d_k, seed, N):
  mu, crosstalk_bound ((N - 1) mu: the worst-case crosstalk of a probe,
  relative to the signal, for unit values), bound_theory ((N - 1) sqrt(4 ln
  N / d_k), the conservative derived bound of theory/pavlovian.py), margin
  (config.margin: retrieval is guaranteed while (N - 1) mu < margin),
  theory_provenance "derived".
"""

from __future__ import annotations

import functools

import ml_collections

from assoc import cli, experiment, probes
from theory import pavlovian

NAME = "pavlovian_coherence"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  experiment.check_choice("keys", config["keys"], ("sphere", "gaussian", "cs_indicator"))
  for d_k in experiment.axis(config, "d_k"):
    req(experiment.is_int(d_k) and d_k >= 2, f"config.d_k: every d_k must be an integer >= 2, "
        f"got {d_k!r}")
  for N in experiment.axis(config, "N"):
    req(experiment.is_int(N) and N >= 2, f"config.N: every N must be an integer >= 2 (mu needs "
        f"two keys), got {N!r}")
  req(isinstance(config.margin, (int, float)) and config.margin > 0,
      f"config.margin must be > 0, got {config.margin!r}")
  experiment.check_int(config, "num_seeds")
  return [{"d_k": d_k} for d_k in experiment.axis(config, "d_k")]


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  Ns = experiment.axis(config, "N")

  def build(group, group_points):
    (d_k,) = group
    return functools.partial(probes.coherence_trial, d_k=d_k, N=Ns, keys=config["keys"])

  def to_record(task, out):
    N, d_k = task.point["N"], task.point["d_k"]
    return dict(mu=out["mu"], crosstalk_bound=(N - 1) * float(out["mu"]),
                bound_theory=float(pavlovian.coherence_bound(N, d_k)), margin=config.margin,
                theory_provenance="derived")

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["d_k"],), inputs_of=lambda p: {}, build=build,
      to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      inner_axes=[{"N": N} for N in Ns])


if __name__ == "__main__":
  cli.main(run, NAME)
