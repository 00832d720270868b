"""Classical conditioning through online memory rules: acquisition and
extinction, blocking and overexpectation, Rescorla-Wagner against Hebbian,
on conditioned-stimulus indicators (docs/pavlovian.md §1.4, §3.4; figure
F5).

    python -m sims.conditioning --config=configs/conditioning.py:quick --workdir=DIR

Points: each protocol in config.protocol (assoc.probes.protocol: two CSs, A
and B; phase 1 of config.n1 trials, phase 2 of config.n2) and each rule in
config.rule. A trial writes the key x (the CS indicators, in {0,1}^2) and
the value lam * u (the US, lam = config.lam, u in {0, 1}); the associative
strength of CS X after the trial is the memory's answer to X alone, V_X =
read(state, e_X). Gates: a rule with a `salience` gate gets config.salience
(a_A, a_B) and beta = config.beta; any other rule gets its `beta` gate =
config.beta if it has one, and its `eta` gate = a_A * config.beta if it has
one (the Hebbian write strength of one CS; equal saliences assumed);
config.gates[rule] overrides these. Deterministic: one seed.

One compiled program per rule: the protocols are padded to the longest,
the padding trials write nothing.

Records (DIR/results.jsonl), one per (protocol, rule, trial):
  cs ("A", "B" or "AB"), us, V_A, V_B, and V_A_theory, V_B_theory (the
  closed forms of theory/rules.py keyed by rule name: Rescorla-Wagner and
  the Hebbian contrast, derived, docs/pavlovian.md §3.4; null for other
  rules), theory_provenance "derived".
"""

from __future__ import annotations

import functools

import ml_collections
import numpy as np

from assoc import cli, experiment, probes, rules
from sims import _pavlovian
from theory import rules as predictions

NAME = "conditioning"
RUNTIME_FIELDS = ("batch_size",)


def gates_of(config, name: str) -> dict:
  spec = rules.get(name, "online").gate_spec
  gates = {}
  if "salience" in spec:
    gates["salience"] = tuple(config.salience)
  if "beta" in spec:
    gates["beta"] = config.beta
  if "eta" in spec and "beta" not in spec:
    gates["eta"] = config.salience[0] * config.beta
  gates.update(_pavlovian.by_rule(config, "gates", name))
  try:
    return rules.get(name, "online").gates(gates)
  except ValueError as e:
    raise experiment.ConfigError(f"config.beta/salience/gates.{name}: {e}") from None


def trials_of(config, protocol: str) -> tuple[list, list]:
  return probes.protocol(protocol, config.n1, config.n2)


def validate(config) -> list[dict]:
  req = experiment.require
  names = _pavlovian.rule_names(config)
  protocols = _pavlovian.check_kinds(config, "protocol", probes.PROTOCOLS)
  experiment.check_int(config, "n1", "n2")
  req(isinstance(config.beta, (int, float)) and config.beta > 0,
      f"config.beta must be > 0, got {config.beta!r}")
  req(isinstance(config.lam, (int, float)), f"config.lam must be a number, got {config.lam!r}")
  salience = tuple(config.salience)
  req(len(salience) == 2 and all(isinstance(a, (int, float)) and a > 0 for a in salience),
      f"config.salience must be two saliences > 0 (a_A, a_B), got {salience!r}")
  for name in names:
    gates_of(config, name)
  experiment.require(config.num_seeds == 1, "config.num_seeds must be 1: the protocols are "
                     "deterministic")
  return [{"protocol": protocol, "rule": name} for protocol in protocols for name in names]


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  T_max = max(len(trials_of(config, p["protocol"])[0]) for p in points)

  def inputs_of(p):
    cs, us = trials_of(config, p["protocol"])
    T = len(cs)
    pad = T_max - T
    return {"cs": np.asarray(cs + [[0.0, 0.0]] * pad, np.float32),
            "us": np.asarray(us + [0.0] * pad, np.float32),
            "valid": np.arange(T_max) < T,
            **_pavlovian.flatten_gates(gates_of(config, p["rule"]))}

  def build(group, group_points):
    (name,) = group
    rule = _pavlovian.rule_of(config, name, T_max)

    def trial(key, cs, us, valid, **gates):
      del key  # deterministic
      V = probes.conditioning(rule, cs, us, config.lam, _pavlovian.unflatten_gates(gates), valid)
      return {"V": V}

    return trial

  def to_record(task, out):
    p = task.point
    cs, us = trials_of(config, p["protocol"])
    t = p["trial"] - 1
    theory = _theory(config, p["protocol"], p["rule"])
    return dict(cs={(1.0, 0.0): "A", (0.0, 1.0): "B", (1.0, 1.0): "AB"}[tuple(cs[t])],
                us=us[t], V_A=out["V"][0], V_B=out["V"][1],
                V_A_theory=None if theory is None else theory[t, 0],
                V_B_theory=None if theory is None else theory[t, 1],
                theory_provenance=_pavlovian.THEORY_PROVENANCE)

  def inner(p):
    return [{"trial": t} for t in range(1, len(trials_of(config, p["protocol"])[0]) + 1)]

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=1, group_of=lambda p: (p["rule"],),
      inputs_of=inputs_of, build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      inner_axes=inner)


@functools.lru_cache(maxsize=None)
def _theory_cached(protocol, name, n1, n2, lam, gates):
  fn = predictions.get(name, "conditioning")
  return None if fn is None else np.asarray(fn(protocol, n1, n2, lam, **dict(gates)))


def _theory(config, protocol, name):
  gates = {k: (tuple(float(x) for x in v) if np.ndim(v) else float(v))
           for k, v in gates_of(config, name).items()}
  return _theory_cached(protocol, name, config.n1, config.n2, float(config.lam),
                        tuple(sorted(gates.items())))


if __name__ == "__main__":
  cli.main(run, NAME)
