"""Hopfield networks at temperature T: heat-bath (Glauber) Monte Carlo from a
stored pattern against the AGS replica-symmetric phase diagram
(docs/hopfield.md §1.2-§1.4; figures H2, the T-alpha phase diagram, and H3, m vs T).

    python -m sims.hopfield_glauber --config=configs/hopfield_glauber.py:quick --workdir=DIR

Sweep: config.N x config.alpha x config.T x config.rule, `num_seeds` seeds.
Random numbers depend on (N, alpha, seed) only: at every T and for every rule
a seed stores the same patterns and draws the same uniforms (common random
numbers, so curves in T are smooth). Each task stores P = round(alpha N)
patterns, starts at pattern 1 (a fraction flip_frac flipped), runs `burn_in`
heat-bath sweeps and averages over `measure` more.

Records (DIR/results.jsonl), one per (N, alpha, T, rule, seed):
  N, alpha, T, rule, seed, P
  m_mean, m_abs_mean     time averages of m = xi^1 . sigma / N and |m|
                         (replica 1)
  m_final                m after the last sweep
  q_mean                 time average of sigma^1 . sigma^2 / N between two
                         replicas (null unless replicas = 2)
  retrieving             m_mean > config.retrieving_threshold
  flips                  spin changes during the measured sweeps
  stability              min_i xi^1_i h_i at the stored pattern (T = 0 sense)
  m_theory               RS retrieval overlap m(P/N, T) (0 above T_M) for the
                         Hebbian rule; null for rules without a theory
  T_M_theory, T_c_theory, T_g_theory
                         the RS lines at alpha = P/N (T_c null above 0.0519)

DIR/boundary.jsonl, one record per (rule, N, alpha): T_50, the temperature
where the mean of m_mean falls through 1/2 (interpolated; null if not
bracketed), T_50_lo / T_50_hi (grid points around it), and T_M_theory,
T_c_theory. Started at a pattern, the runs follow the metastable retrieval
branch, so T_50 tracks T_M, not T_c (docs/hopfield.md §1.4).
"""

from __future__ import annotations

import functools

import jax
import ml_collections
import numpy as np

from assoc import analysis, cli, experiment, hopfield, results, rules
from assoc.hopfield import dynamics
from sims import _hopfield
from sims._hopfield import num_patterns
from theory import ags

NAME = "hopfield_glauber"
AXES = ("N", "alpha", "T", "rule")
KEY_FIELDS = ("N", "alpha")
RUNTIME_FIELDS = ("batch_size", "block")


def validate(config: ml_collections.ConfigDict) -> dict[str, tuple]:
  req = experiment.require
  axes = {name: experiment.axis(config, name) for name in AXES}
  _hopfield.validate_network(config, axes)
  for T in axes["T"]:
    req(isinstance(T, (int, float)) and T >= 0,
        f"config.T: every temperature must be >= 0, got {T!r}")
  experiment.check_choice("order", config.order, dynamics.ORDERS)
  experiment.check_int(config, "burn_in", "measure", at_least=0)
  req(config.measure >= 1, "config.measure must be >= 1: m is averaged over it")
  req(config.replicas in (1, 2), f"config.replicas must be 1 or 2, got {config.replicas}")
  req(0.0 <= config.flip_frac <= 1.0, f"config.flip_frac must be in [0, 1], got {config.flip_frac}")
  req(-1.0 <= config.retrieving_threshold < 1.0,
      f"config.retrieving_threshold must be in [-1, 1), got {config.retrieving_threshold}")
  experiment.check_int(config, "num_seeds", "block")
  return axes


@functools.lru_cache(maxsize=None)
def _lines(alpha: float) -> tuple[float, float, float]:
  return ags.t_m(alpha), ags.t_c(alpha), ags.t_g(alpha)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  axes = validate(config)
  options = _hopfield.rule_options(config)

  def build(group, points):
    N, rule = group
    return functools.partial(
        hopfield.glauber_trial, N=N, P_max=_hopfield.largest_P(points),
        store=rules.storage(rule, options.get(rule)), order=config.order,
        burn_in=config.burn_in, measure=config.measure, replicas=config.replicas,
        flip_frac=config.flip_frac, block=config.block)

  def to_record(task, out):
    N, alpha, T, rule = (task.point[k] for k in AXES)
    P = num_patterns(N, alpha)
    a = P / N
    T_M, T_c, T_g = _lines(a)
    theory = ags.overlap_rs(a, T) if rule == "hebbian" else None
    return dict(P=P, m_mean=out["m_mean"], m_abs_mean=out["m_abs_mean"],
                m_final=out["m_final"],
                q_mean=out.get("q_mean"),
                retrieving=float(out["m_mean"]) > config.retrieving_threshold,
                flips=out["flips"], stability=out["stability"], m_theory=theory,
                T_M_theory=T_M, T_c_theory=T_c, T_g_theory=T_g)

  records = experiment.run(
      NAME, config, workdir, axes=axes, num_seeds=config.num_seeds,
      group_of=_hopfield.group_by_network,
      inputs_of=lambda p: {"num_patterns": num_patterns(p["N"], p["alpha"]),
                           "T": float(p["T"])},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      key_fields=KEY_FIELDS)
  if jax.process_index() == 0:
    results.write_summary(workdir, "boundary.jsonl", boundary_summary(records))
  return records


def boundary_summary(records) -> list[dict]:
  """Per (rule, N, alpha): where the mean m falls through 1/2 in T."""
  m: dict[tuple, dict[float, list[float]]] = {}
  for r in records:
    m.setdefault((r["rule"], r["N"], r["alpha"]), {}).setdefault(r["T"], []).append(r["m_mean"])
  out = []
  for (rule, N, alpha), by_T in m.items():
    Ts = sorted(by_T)
    t50, lo, hi = analysis.crossing(Ts, [np.mean(by_T[T]) for T in Ts])
    a = num_patterns(N, alpha) / N
    T_M, T_c, _ = _lines(a)
    out.append(dict(rule=rule, N=N, alpha=alpha, T_50=t50, T_50_lo=lo, T_50_hi=hi,
                    T_M_theory=T_M, T_c_theory=T_c))
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
