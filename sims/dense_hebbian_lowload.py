"""Learning archetypes from noisy examples at low load: the Mattis overlap m
and the example magnetisation n against the dataset entropy rho, for dense
Hebbian networks of order P, supervised and unsupervised
(docs/dense_hebbian.md §2, §5; figure D1).

    python -m sims.dense_hebbian_lowload --config=configs/dense_hebbian_lowload.py:quick --workdir=DIR

Points: each P in config.P, protocol in config.protocol, M in config.M and
rho in config.rho (the example quality r = 1/sqrt(1 + rho M)). A task
learns config.K archetypes of N spins from M examples each, starts at
archetype 1 and runs T = 0 random-sequential dynamics to a fixed point
(assoc.hopfield.learning.learning_trial). The archetypes and examples depend
on (M, rho, seed) only: P and protocol are compared on the same data. One
compiled program per (P, protocol): M and r are traced.

Records (DIR/results.jsonl), one per (P, protocol, M, rho, seed):
  r, m, n, sweeps, converged, and the derived low-load theory (T = 0,
  docs/dense_hebbian.md §2, independent of P): m_theory = erf(1/sqrt(2
  rho)) (Gaussian y), m_theory_binomial (exact at this M), n_theory =
  E|y|/(1 + rho), n_theory_binomial; theory_provenance "derived".
"""

from __future__ import annotations

import functools

import ml_collections

from assoc import cli, experiment
from assoc.hopfield import learning
from sims import _dense_hebbian
from theory import dense_hebbian as dh

NAME = "dense_hebbian_lowload"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  _dense_hebbian.check_orders_protocols_examples(config)
  for M in experiment.axis(config, "M"):
    req(M % 2 == 1 or config.allow_even_M, f"config.M={M} is even: sites whose class average "
        f"is 0 get no signal and keep their initial spin, which inflates m at finite N "
        f"(docs/dense_hebbian.md §6); use odd M or set config.allow_even_M")
  for rho in experiment.axis(config, "rho"):
    req(isinstance(rho, (int, float)) and rho > 0, f"config.rho: every dataset entropy must "
        f"be > 0, got {rho!r}")
  experiment.check_int(config, "N", "K", at_least=2)
  experiment.check_int(config, "num_seeds", "max_sweeps")
  return [{"P": P, "protocol": protocol, "M": M, "rho": rho}
          for P in experiment.axis(config, "P") for protocol in experiment.axis(config, "protocol")
          for M in experiment.axis(config, "M") for rho in experiment.axis(config, "rho")]


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  M_max = max(experiment.axis(config, "M"))

  def build(group, group_points):
    P, protocol = group
    return functools.partial(learning.learning_trial, N=config.N, K=config.K, M_max=M_max, P=P,
                             protocol=protocol, max_sweeps=config.max_sweeps)

  def to_record(task, out):
    p = task.point
    return dict(r=float(dh.r_of_rho(p["rho"], p["M"])), m=out["m"], n=out["n"],
                sweeps=out["sweeps"], converged=out["converged"], **_theory(p["M"], p["rho"]))

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["P"], p["protocol"]),
      inputs_of=lambda p: {"r": float(dh.r_of_rho(p["rho"], p["M"])), "M": p["M"]},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=("M", "rho"))


@functools.cache
def _theory(M: int, rho: float) -> dict:
  return dict(m_theory=float(dh.m_low_load(rho)), m_theory_binomial=float(dh.m_low_load(rho, M)),
              n_theory=float(dh.n_low_load(rho)), n_theory_binomial=float(dh.n_low_load(rho, M)),
              theory_provenance="derived")


if __name__ == "__main__":
  cli.main(run, NAME)
