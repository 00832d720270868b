"""Storage capacity of each rule as exact fixed points vs N, against the
signal-to-noise theory (docs/hopfield.md §1.5-§1.6; figures H5, P_50 vs N,
and H6, the signal-to-noise check).

    python -m sims.rule_capacity --config=configs/rule_capacity.py:quick --workdir=DIR

Points: for each rule, each N in config.N_by_rule[rule] and each ratio in
config.ratio_by_rule[rule], P = round(ratio * P_ref(rule, N)) with P_ref the
rule's theory value: Hebbian, P_50 of the finite-N formula
Phi(sqrt((N-1)/(P-1)))^N = 1/2; Storkey, N / sqrt(2 ln N); pseudo-inverse, N
(ratios above 0.95 are refused: float32, see assoc/rules/pseudo_inverse.py);
any other registered rule, N (its ratios are alpha = P/N), with the
"default" entries of N_by_rule and ratio_by_rule if it has none of its own.
Each task stores P patterns and tests every one of them for being an exact
fixed point (every bit strictly stable). Random numbers depend on (N, ratio,
seed), and pattern mu is drawn from its own key: rules at the same (N, ratio)
share their first patterns.

Records (DIR/results.jsonl), one per (rule, N, ratio, seed):
  rule, N, ratio, seed, P, fraction_fixed (over the P stored patterns),
  min_stability (min over patterns and bits of xi_i h_i: > 0 iff all fixed),
  p_fixed_theory (Hebbian: the finite-N formula, derived; pseudo-inverse: 1,
  derived; Storkey and rules without a theory: null)

DIR/capacity.jsonl, one record per (rule, N): P50 (where the fraction fixed
falls through 1/2, interpolated in log P; null if not bracketed), P50_lo and
P50_hi (the grid P values around it; null for an open side), and the
theory lines at N: P50_formula (Hebbian finite-N formula), hebbian_one
N/(2 ln N), hebbian_all N/(4 ln N), storkey N/sqrt(2 ln N), pseudo_inverse N.
"""

from __future__ import annotations

import functools
import math

import jax
import ml_collections
import numpy as np

from assoc import analysis, cli, experiment, hopfield, results, rules
from sims import _hopfield
from theory import capacities, snr

NAME = "rule_capacity"
RUNTIME_FIELDS = ("batch_size",)


# Each rule's own theory of its capacity, the unit of its ratio grid.
P_REF = {"hebbian": snr.p50, "storkey": capacities.storkey_p_max,
         "pseudo_inverse": capacities.pseudo_inverse_p_max}


def p_ref(rule: str, N: int) -> float:
  """The unit of P for `rule` at N: its theory's capacity, or N for a rule
  without one here (its ratios are then alpha = P/N)."""
  return P_REF[rule](N) if rule in P_REF else float(N)


def num_patterns(rule: str, N: int, ratio: float) -> int:
  return max(2, int(math.floor(ratio * p_ref(rule, N) + 0.5)))


def points_of(config) -> list[dict]:
  return [{"rule": rule, "N": N, "ratio": ratio}
          for rule in experiment.axis(config, "rule")
          for N in _hopfield.axis_by_rule(config, "N_by_rule", rule)
          for ratio in _hopfield.axis_by_rule(config, "ratio_by_rule", rule)]


def validate(config):
  req = experiment.require
  for rule in experiment.axis(config, "rule"):
    try:
      rules.get(rule)
    except ValueError as e:
      raise experiment.ConfigError(f"config.rule: {e}") from None
  points = points_of(config)
  options = _hopfield.rule_options(config)
  for p in points:
    n_key = _hopfield.entry_by_rule(config, "N_by_rule", p["rule"])
    r_key = _hopfield.entry_by_rule(config, "ratio_by_rule", p["rule"])
    req(isinstance(p["N"], int) and p["N"] >= 4,
        f"config.N_by_rule['{n_key}']: every N must be an integer >= 4, got {p['N']!r}")
    req(isinstance(p["ratio"], (int, float)) and p["ratio"] > 0,
        f"config.ratio_by_rule['{r_key}']: every ratio must be > 0, got {p['ratio']!r}")
    try:
      rules.validate(p["rule"], options.get(p["rule"]), N=p["N"],
                     P=num_patterns(p["rule"], p["N"], p["ratio"]))
    except ValueError as e:
      raise experiment.ConfigError(f"{e} (at N={p['N']}, ratio={p['ratio']})") from None
  experiment.check_int(config, "num_seeds")
  return points


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  options = _hopfield.rule_options(config)

  def build(group, group_points):
    rule, N = group
    P_max = max(num_patterns(p["rule"], p["N"], p["ratio"]) for p in group_points)
    return functools.partial(hopfield.fixed_point_trial, N=N, P_max=P_max,
                             store=rules.storage(rule, options.get(rule)))

  def to_record(task, out):
    rule, N, ratio = task.point["rule"], task.point["N"], task.point["ratio"]
    P = num_patterns(rule, N, ratio)
    theory = {"hebbian": snr.prob_fixed(N, P), "pseudo_inverse": 1.0}.get(rule)
    return dict(P=P, fraction_fixed=int(out["fixed"]) / P, min_stability=out["min_stability"],
                p_fixed_theory=theory)

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["rule"], p["N"]),
      inputs_of=lambda p: {"num_patterns": num_patterns(p["rule"], p["N"], p["ratio"])},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      key_fields=("N", "ratio"))
  if jax.process_index() == 0:
    results.write_summary(workdir, "capacity.jsonl", capacity_summary(records))
  return records


def capacity_summary(records) -> list[dict]:
  out = []
  for rule, N in dict.fromkeys((r["rule"], r["N"]) for r in records):
    by_P: dict[int, list[float]] = {}
    for r in records:
      if r["rule"] == rule and r["N"] == N:
        by_P.setdefault(r["P"], []).append(r["fraction_fixed"])
    Ps = sorted(by_P)
    x, lo, hi = analysis.crossing(np.log(Ps), [np.mean(by_P[P]) for P in Ps])
    grid_P = lambda v: int(round(np.exp(v))) if np.isfinite(v) else None  # noqa: E731
    out.append(dict(rule=rule, N=N, P50=float(np.exp(x)) if np.isfinite(x) else None,
                    P50_lo=grid_P(lo), P50_hi=grid_P(hi),
                    P50_formula=snr.p50(N), hebbian_one=snr.p_max_one(N),
                    hebbian_all=snr.p_max_all(N), storkey=capacities.storkey_p_max(N),
                    pseudo_inverse=float(N)))
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
