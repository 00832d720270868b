"""Multitasking learned from examples: the sorted amplitudes of the K Mattis
overlaps against the number of examples per class M, supervised and
unsupervised, with the derived signal-to-noise thresholds M_k*
(docs/dense_hebbian.md §7; figure D8).

    python -m sims.multitask_learning --config=configs/multitask_learning.py:quick --workdir=DIR

Points: each protocol in config.protocol, quality r in config.r and M in
config.M. A task draws K diluted archetypes of N spins (dilution config.d),
M examples of each of quality r (blanks stay blank), stores them in a
Hebbian network (supervised: the class averages over sqrt(R), R = r^2 + (1 -
r^2)/M; unsupervised: every example with weight 1/M), starts at a random
state and runs T = 0 random-sequential dynamics to a fixed point
(assoc.hopfield.learning.multitask_learning_trial). The archetypes,
examples and start depend on (r, M, seed) only, so the protocols are
compared on the same data; at M = 1 they store the same memory. One compiled
program per protocol: r and M are traced.

Records (DIR/results.jsonl), one per (protocol, r, M, seed):
  rho (the dataset entropy (1 - r^2)/(M r^2)), m_sorted, sweeps,
  converged; m_theory (the T = 0 hierarchy (1 - d) d^(k-1) that perfect
  learning reaches), M_star_theory (per level k, the examples needed by the
  derived signal-to-noise threshold with config.snr_c; null where the
  threshold is never met), theory_provenance "derived".
"""

from __future__ import annotations

import functools
import math

import ml_collections

from assoc import cli, experiment
from assoc.hopfield import learning
from sims import _dense_hebbian
from theory import dense_hebbian as dh
from theory import multitask

NAME = "multitask_learning"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  _dense_hebbian.check_orders_protocols_examples(config, orders=False)
  experiment.check_int(config, "K", at_least=2)
  req(isinstance(config.d, (int, float)) and 0 <= config.d < 1,
      f"config.d (the dilution) must be in [0, 1), got {config.d!r}")
  for r in experiment.axis(config, "r"):
    req(isinstance(r, (int, float)) and 0 < r <= 1, f"config.r: every example quality must "
        f"be in (0, 1], got {r!r}")
  req(isinstance(config.snr_c, (int, float)) and config.snr_c > 0,
      f"config.snr_c must be > 0, got {config.snr_c!r}")
  experiment.check_int(config, "N", at_least=2)
  experiment.check_int(config, "num_seeds", "max_sweeps")
  return [{"protocol": protocol, "r": r, "M": M}
          for protocol in experiment.axis(config, "protocol")
          for r in experiment.axis(config, "r") for M in experiment.axis(config, "M")]


@functools.cache
def _theory(K: int, d: float, r: float, snr_c: float) -> dict:
  n = multitask.hierarchy(d, K)
  M_star = [multitask.examples_needed(r, multitask.learning_threshold(n, k, snr_c))
            for k in range(1, K + 1)]
  return dict(m_theory=[float(x) for x in n],
              M_star_theory=[M if math.isfinite(M) else None for M in M_star],
              theory_provenance="derived")


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  M_max = max(experiment.axis(config, "M"))

  def build(group, group_points):
    (protocol,) = group
    return functools.partial(learning.multitask_learning_trial, N=config.N, K=config.K,
                             d=config.d, M_max=M_max, protocol=protocol,
                             max_sweeps=config.max_sweeps)

  def to_record(task, out):
    p = task.point
    return dict(rho=float(dh.rho_of(p["r"], p["M"])), m_sorted=out["m_sorted"],
                sweeps=out["sweeps"], converged=out["converged"],
                **_theory(config.K, config.d, p["r"], config.snr_c))

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["protocol"],), inputs_of=lambda p: {"r": p["r"], "M": p["M"]},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=("r", "M"))


if __name__ == "__main__":
  cli.main(run, NAME)
