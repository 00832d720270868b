"""Capacity of an online memory probed on its own stored pairs: relMSE,
top-1 and bit error against N / d_k, for any online rule, against the
derived Hebbian curves (docs/pavlovian.md §1.3a-d; figures F1 and F2).

    python -m sims.pavlovian_capacity --config=configs/pavlovian_capacity.py:quick --workdir=DIR

Points: each rule in config.rule, each number of passes in
config.passes[rule] (default 1), each d_k in config.d_k, each ratio in
config.n_over_dk (n = max(2, round(ratio d_k)) pairs) and each key ensemble
in config.keys. A task draws n_max pairs (n_max: the largest n at its d_k),
writes the first n of them in order, `passes` times over, with the rule's
gates config.gates[rule] (the same for every token), then reads every stored
key: the probe order of docs/pavlovian.md §0. Values: config.values
(default "signs", +-1/sqrt(d_v), unit norm, so that the bit error has its
theory; d_v = config.d_v, or d_k if 0). The pairs depend on (d_k,
n_over_dk, seed) only: every rule, pass count and key ensemble sees the
same normals (sphere keys are the Gaussian keys normalised), so the
comparisons are paired.

One compiled program per (rule, d_k): n, passes, the key ensemble and the
gates are traced, and a batch of tasks costs its largest n * passes.

Records (DIR/results.jsonl), one per (rule, passes, d_k, n_over_dk, keys,
seed):
  n, d_v, relmse (sum over the n items of |o - v|^2 / sum |v|^2), top1 (the
  fraction of items whose answer is closest, by inner product, to their own
  value among the n stored), bit_error (the fraction of value coordinates
  whose sign is wrong), relmse_theory, top1_theory and bit_error_theory (theory/rules.py
  keyed by rule name; null where the project has no theory for the rule,
  for passes > 1, or for top-1 and bit error with other than sphere keys),
  theory_provenance ("derived": docs/pavlovian.md §1.1).

DIR/capacity.jsonl, one record per (rule, passes, d_k, keys): the capacity
at a budget (docs/pavlovian.md §7.1: config.capacity_metric, config.eps):
N_max where the mean relMSE reaches eps^2 ("relmse": relative RMS error
eps), the mean top-1 falls to 1 - eps ("top1"), the mean bit error reaches
eps ("bit"), or the fraction of trials in which every bit of every item is
decoded right falls to 1 - eps ("all_correct"); interpolated in log N between the grid points N_lo and
N_hi (null when the grid does not bracket it), with N_max_theory, the
derived Hebbian value (relmse: eps^2 d_k + 1 for unit keys, eps^2 d_k - 1
for Gaussian ones; null for other rules).
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
from scipy import optimize

from assoc import analysis, cli, experiment, probes, results
from sims import _pavlovian
from theory import pavlovian

NAME = "pavlovian_capacity"
RUNTIME_FIELDS = ("batch_size",)
KEYS = ("sphere", "gaussian", "cs_indicator")  # orthogonal keys need n <= d_k: see tests
CAPACITY_METRICS = ("relmse", "top1", "bit", "all_correct")


num_pairs, passes_of = _pavlovian.num_pairs, _pavlovian.passes_of


def d_v_of(config, d_k: int) -> int:
  return config.d_v or d_k


def points_of(config) -> list[dict]:
  # Group by (rule, d_k); within it, slowest passes then n, so that a batch
  # of tasks holds similar n * passes (its cost is the largest).
  return [{"rule": rule, "passes": passes, "d_k": d_k, "n_over_dk": ratio, "keys": keys}
          for rule in experiment.axis(config, "rule")
          for d_k in experiment.axis(config, "d_k")
          for passes in passes_of(config, rule)
          for ratio in experiment.axis(config, "n_over_dk")
          for keys in experiment.axis(config, "keys")]


def validate(config) -> list[dict]:
  req = experiment.require
  names = _pavlovian.rule_names(config)
  _pavlovian.check_kinds(config, "keys", KEYS)
  _pavlovian.check_values(config)
  for d_k in experiment.axis(config, "d_k"):
    req(experiment.is_int(d_k) and d_k >= 2, f"config.d_k: every d_k must be an integer >= 2, "
        f"got {d_k!r}")
  req(experiment.is_int(config.d_v) and config.d_v >= 0,
      f"config.d_v must be an integer >= 1, or 0 for d_v = d_k; got {config.d_v!r}")
  for ratio in experiment.axis(config, "n_over_dk"):
    req(isinstance(ratio, (int, float)) and ratio > 0,
        f"config.n_over_dk: every ratio N/d_k must be > 0, got {ratio!r}")
  _pavlovian.check_passes(config, names)
  for name in names:
    for d_k in experiment.axis(config, "d_k"):
      _pavlovian.gates_of(config, name, d_k, d_v_of(config, d_k))
    _pavlovian.rule_of(config, name)
  experiment.check_choice("capacity_metric", config.capacity_metric, CAPACITY_METRICS)
  req(isinstance(config.eps, (int, float)) and 0 < config.eps < 1,
      f"config.eps (the capacity budget) must be in (0, 1), got {config.eps!r}")
  experiment.check_int(config, "num_seeds")
  return points_of(config)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  keys = experiment.axis(config, "keys")

  def n_max_of(group_points):
    return max(num_pairs(p["n_over_dk"], p["d_k"]) for p in group_points)

  def build(group, group_points):
    name, d_k = group
    n_max = n_max_of(group_points)
    writes = n_max * max(p["passes"] for p in group_points)
    trial = functools.partial(probes.capacity_trial,
                              rule=_pavlovian.rule_of(config, name, writes), d_k=d_k,
                              d_v=d_v_of(config, d_k), n_max=n_max, keys=keys,
                              values=config["values"])
    return lambda key, n, key_kind, passes, **gates: trial(
        key, n, key_kind, passes, _pavlovian.unflatten_gates(gates))

  def inputs_of(p):
    gates = _pavlovian.gates_of(config, p["rule"], p["d_k"], d_v_of(config, p["d_k"]))
    return {"n": num_pairs(p["n_over_dk"], p["d_k"]), "key_kind": keys.index(p["keys"]),
            "passes": p["passes"], **_pavlovian.flatten_gates(gates)}

  def to_record(task, out):
    p = task.point
    return dict(n=num_pairs(p["n_over_dk"], p["d_k"]), d_v=d_v_of(config, p["d_k"]),
                relmse=out["relmse"], top1=out["top1"], bit_error=out["bit_error"],
                **theory_of(config, p))

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["rule"], p["d_k"]), inputs_of=inputs_of, build=build,
      to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=("d_k", "n_over_dk"))
  if jax.process_index() == 0:
    results.write_summary(workdir, "capacity.jsonl",
                          capacity_summary(records, config.capacity_metric, config.eps))
  return records


def _metric(metric: str, group: list[dict]) -> float:
  """The value of the capacity metric over the seeds of one point, oriented
  so that it falls with N (crossed downwards at its level)."""
  if metric == "relmse":
    return -float(np.mean([r["relmse"] for r in group]))
  if metric == "top1":
    return float(np.mean([r["top1"] for r in group]))
  if metric == "bit":
    return -float(np.mean([r["bit_error"] for r in group]))
  return float(np.mean([r["bit_error"] == 0.0 for r in group]))  # all_correct: every bit


def _level(metric: str, eps: float) -> float:
  return {"relmse": -eps**2, "top1": 1 - eps, "bit": -eps, "all_correct": 1 - eps}[metric]


def capacity_theory(rule: str, metric: str, eps: float, d_k: int, d_v: int, keys: str):
  """The derived Hebbian capacity at the budget (docs/pavlovian.md §1.3,
  §7.1), or None: relmse eps^2 d_k +- 1; top1 and bit, the N where the top-1
  integral falls to 1 - eps or Q(sqrt(d_k/(N - 1))) reaches eps;
  all_correct, where the union bound reaches 1 (eps-free)."""
  if rule != "hebbian" or keys not in ("sphere", "gaussian"):
    return None
  if metric == "relmse":
    return pavlovian.capacity(eps, d_k, keys)
  if keys != "sphere":
    return None
  if metric == "all_correct":
    return pavlovian.all_correct_capacity(d_k, d_v)
  f = {"top1": lambda N: pavlovian.top1(int(round(N)), d_k, d_v) - (1 - eps),
       "bit": lambda N: eps - float(pavlovian.bit_error(N, d_k))}[metric]
  hi = 2.0
  while f(hi) > 0 and hi < 1e6:
    hi *= 2
  return float(optimize.brentq(f, 1.5, hi, xtol=0.5)) if f(1.5) > 0 > f(hi) else None


def capacity_summary(records, metric: str, eps: float) -> list[dict]:
  """One record per (rule, passes, d_k, keys): N_max, where the metric
  reaches its budget (interpolated in log N between the grid points N_lo and
  N_hi; null if not bracketed), and its derived Hebbian value."""
  out = []
  for rule, passes, d_k, keys in dict.fromkeys(
      (r["rule"], r["passes"], r["d_k"], r["keys"]) for r in records):
    by_n: dict[int, list[dict]] = {}
    for r in records:
      if (r["rule"], r["passes"], r["d_k"], r["keys"]) == (rule, passes, d_k, keys):
        by_n.setdefault(r["n"], []).append(r)
    ns = sorted(by_n)
    x, lo, hi = analysis.crossing(np.log(ns), [_metric(metric, by_n[n]) for n in ns],
                                  _level(metric, eps))
    grid = lambda v: int(round(np.exp(v))) if np.isfinite(v) else None  # noqa: E731
    d_v = by_n[ns[0]][0]["d_v"]
    out.append(dict(rule=rule, passes=passes, d_k=d_k, keys=keys, metric=metric, eps=eps,
                    N_max=float(np.exp(x)) if np.isfinite(x) else None, N_lo=grid(lo),
                    N_hi=grid(hi), N_max_theory=capacity_theory(rule, metric, eps, d_k, d_v, keys)
                    if passes == 1 else None, theory_provenance=_pavlovian.THEORY_PROVENANCE))
  return out


@functools.lru_cache(maxsize=None)
def _theory(name, passes, d_k, d_v, n, keys, values, gates):
  g = dict(gates)
  one_pass = passes == 1
  sphere = keys == "sphere"
  # Least squares does not change with repeated passes: A and B only scale.
  relmse = (_pavlovian.theory(name, "relmse", n, d_k, keys, **g)
            if (one_pass or name == "lsq") and keys in ("sphere", "gaussian") else None)
  return dict(relmse_theory=relmse,
              top1_theory=_pavlovian.theory(name, "top1", n, d_k, d_v, **g)
              if one_pass and sphere else None,
              bit_error_theory=_pavlovian.theory(name, "bit_error", n, d_k, **g)
              if one_pass and sphere and values == "signs" else None,
              theory_provenance=_pavlovian.THEORY_PROVENANCE)


def theory_of(config, p) -> dict:
  d_v = d_v_of(config, p["d_k"])
  gates = _pavlovian.gates_of(config, p["rule"], p["d_k"], d_v)
  return _theory(p["rule"], p["passes"], p["d_k"], d_v, num_pairs(p["n_over_dk"], p["d_k"]),
                 p["keys"], config["values"], tuple(sorted((k, float(v)) for k, v in gates.items()
                                         if jnp.ndim(v) == 0)))


if __name__ == "__main__":
  cli.main(run, NAME)
