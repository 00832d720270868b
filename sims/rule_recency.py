"""Recency of an online memory: the relMSE of a stored item against its lag,
the number of writes after it, for any online rule, against the derived
curves of the decayed Hebbian and delta rules (docs/pavlovian.md §3.2;
figure F4).

    python -m sims.rule_recency --config=configs/rule_recency.py:quick --workdir=DIR

Points: each rule in config.rule, d_k in config.d_k, n in config.n, and
each value of the gates the rule has among alpha (config.alpha: retention)
and beta (config.beta: write strength); a rule without either runs once
(alpha, beta null). Its other gates come from config.gates[rule] (defaults
otherwise). A task writes n pairs (keys config.keys, values config.values,
d_v = d_k) with constant gates, then probes the item at every lag in
config.lags below n (lag 0: the last written). The pairs depend on (d_k, n,
seed) only: every rule and gate value sees the same pairs.

One compiled program per (rule, d_k, n); the gates are traced.

Records (DIR/results.jsonl), one per (rule, d_k, n, alpha, beta, seed, lag):
  relmse (|o - v|^2 / |v|^2 of that one item), relmse_theory
  (theory/rules.py "recency" keyed by rule name: decay_hebbian
  (1 - alpha^lag)^2 + (sum_{m<n} alpha^(2m) - alpha^(2 lag))/d_k, delta
  1 + beta/(2 - beta) - 2 beta (1 - beta/d_k)^lag (mean field, n >> d_k),
  hebbian (n - 1)/d_k; null for the others), theory_provenance "derived".
"""

from __future__ import annotations

import functools
import itertools

import ml_collections

from assoc import cli, experiment, kv, probes, rules
from sims import _pavlovian

NAME = "rule_recency"
RUNTIME_FIELDS = ("batch_size",)
SWEPT_GATES = ("alpha", "beta")


def points_of(config) -> list[dict]:
  points = []
  for rule in experiment.axis(config, "rule"):
    spec = rules.get(rule, "online").gate_spec
    swept = [g for g in SWEPT_GATES if g in spec and spec[g].shape == "scalar"]
    for d_k in experiment.axis(config, "d_k"):
      for n in experiment.axis(config, "n"):
        for values in itertools.product(*(experiment.axis(config, g) for g in swept)):
          gates = dict(zip(swept, values))
          points.append({"rule": rule, "d_k": d_k, "n": n,
                         "alpha": gates.get("alpha"), "beta": gates.get("beta")})
  return points


def gates_of(config, p) -> dict:
  """The point's gates: config.gates[rule] (defaults filled in) with its
  swept alpha and beta."""
  swept = {g: p[g] for g in SWEPT_GATES if p[g] is not None}
  given = {**_pavlovian.gates_of(config, p["rule"], p["d_k"], p["d_k"]), **swept}
  rule = rules.get(p["rule"], "online")
  try:
    rule.gates(given)
  except ValueError as e:
    raise experiment.ConfigError(f"config.{'/'.join(swept) or 'gates'}: {e}") from None
  return given


def lags_of(config, n: int) -> list[int]:
  return [lag for lag in experiment.axis(config, "lags") if lag < n]


def validate(config) -> list[dict]:
  req = experiment.require
  _pavlovian.rule_names(config)
  experiment.check_choice("keys", config["keys"], kv.KEYS)
  _pavlovian.check_values(config)
  for d_k in experiment.axis(config, "d_k"):
    req(experiment.is_int(d_k) and d_k >= 2, f"config.d_k: every d_k must be an integer >= 2, "
        f"got {d_k!r}")
  for n in experiment.axis(config, "n"):
    req(experiment.is_int(n) and n >= 1, f"config.n: every n must be an integer >= 1, got {n!r}")
    req(bool(lags_of(config, n)), f"config.lags: no lag is below n={n} (lag 0 is the last "
        f"item written)")
  for lag in experiment.axis(config, "lags"):
    req(experiment.is_int(lag) and lag >= 0, f"config.lags: every lag must be an integer >= 0, "
        f"got {lag!r}")
  req(config["keys"] != "orthogonal" or max(experiment.axis(config, "n")) <= min(
      experiment.axis(config, "d_k")), "config.keys='orthogonal' needs n <= d_k")
  points = points_of(config)
  for p in points:
    gates_of(config, p)
    _pavlovian.rule_of(config, p["rule"], p["n"])
  experiment.check_int(config, "num_seeds")
  return points


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)

  def build(group, group_points):
    name, d_k, n = group
    trial = functools.partial(probes.recency_trial, rule=_pavlovian.rule_of(config, name, n),
                              d_k=d_k, d_v=d_k, n=n, lags=lags_of(config, n),
                              keys=config["keys"], values=config["values"])
    return lambda key, **gates: trial(key, _pavlovian.unflatten_gates(gates))

  def to_record(task, out):
    p = task.point
    gates = {k: float(v) for k, v in gates_of(config, p).items()}
    return dict(relmse=out["relmse"], relmse_theory=_theory(
        p["rule"], p["lag"], p["n"], p["d_k"], tuple(sorted(gates.items()))),
        theory_provenance=_pavlovian.THEORY_PROVENANCE)

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["rule"], p["d_k"], p["n"]),
      inputs_of=lambda p: _pavlovian.flatten_gates(gates_of(config, p)),
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      key_fields=("d_k", "n"), inner_axes=lambda p: [{"lag": lag}
                                                     for lag in lags_of(config, p["n"])])


@functools.lru_cache(maxsize=None)
def _theory(rule, lag, n, d_k, gates):
  return _pavlovian.theory(rule, "recency", lag, n, d_k, **dict(gates))


if __name__ == "__main__":
  cli.main(run, NAME)
