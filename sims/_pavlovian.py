"""Pieces shared by the Pavlovian-attention simulations (docs/pavlovian.md):
online rules by name from the config, their options and gates checked
before anything compiles, and the theory of a rule looked up by name
(theory/rules.py; null where the project has none)."""

from __future__ import annotations

from typing import Any

import ml_collections

from assoc import experiment, kv, online, rules
from theory import rules as predictions

THEORY_PROVENANCE = "derived"


def rule_names(config: ml_collections.ConfigDict, field: str = "rule") -> tuple[str, ...]:
  """config.<field> as a tuple of registered online rules (ConfigError
  naming the registered ones otherwise)."""
  names = experiment.axis(config, field)
  for name in names:
    if name not in rules.names("online"):
      raise experiment.ConfigError(
          f"config.{field}: unknown online rule {name!r}; registered online rules: "
          f"{', '.join(rules.names('online'))}")
  return names


def by_rule(config: ml_collections.ConfigDict, field: str, name: str) -> dict:
  """config.<field>[name] (a per-rule dict such as gates or rule_options; {}
  if absent); ConfigError for an entry that names no registered online rule."""
  entries = config.get(field) or {}
  entries = entries.to_dict() if hasattr(entries, "to_dict") else dict(entries)
  for key in entries:
    if key not in rules.names("online"):
      raise experiment.ConfigError(
          f"config.{field}: {key!r} is not a registered online rule; registered: "
          f"{', '.join(rules.names('online'))}")
  return dict(entries.get(name) or {})


def rule_of(config: ml_collections.ConfigDict, name: str, writes: int | None = None):
  """The online rule `name` with its options from config.rule_options[name].
  A rule with a `capacity` option (the softmax buffer) that is not set gets
  one of `writes`, the most pairs a trial writes."""
  options = by_rule(config, "rule_options", name)
  if "capacity" in rules.get(name, "online").options and "capacity" not in options and writes:
    options["capacity"] = int(writes)
  try:
    return rules.online(name, options)
  except ValueError as e:
    raise experiment.ConfigError(f"config.rule_options.{name}: {e}") from None


def gates_of(config: ml_collections.ConfigDict, name: str, d_k: int | None = None,
             d_v: int | None = None) -> dict[str, Any]:
  """The gates of rule `name` from config.gates[name] (defaults filled in),
  validated (one-line ConfigError naming the rule and the gate)."""
  rule = rules.get(name, "online")
  given = by_rule(config, "gates", name)
  try:
    online.check_gates(rule, given, d_k, d_v)
  except ValueError as e:
    raise experiment.ConfigError(f"config.gates.{name}: {e}") from None
  return rule.gates(given)


def flatten_gates(gates) -> dict[str, Any]:
  """Gates as flat task inputs of the sweep engine: {"gate_NAME": value}."""
  return {f"gate_{k}": v for k, v in gates.items()}


def unflatten_gates(inputs) -> dict[str, Any]:
  return {k.removeprefix("gate_"): v for k, v in inputs.items()}


def check_kinds(config: ml_collections.ConfigDict, field: str, known) -> tuple[str, ...]:
  kinds = experiment.axis(config, field)
  for kind in kinds:
    experiment.check_choice(field, kind, known)
  return kinds


def check_values(config: ml_collections.ConfigDict) -> str:
  experiment.check_choice("values", config["values"], kv.VALUES)
  return config["values"]


def theory(name: str, quantity: str, *args, **kwargs) -> float | None:
  """The prediction of `quantity` for rule `name`, or None (null in the
  records) where the project has no theory for it."""
  fn = predictions.get(name, quantity)
  value = None if fn is None else fn(*args, **kwargs)
  return None if value is None else float(value)


def num_pairs(ratio: float, d_k: int) -> int:
  """n = max(2, round(ratio d_k)) pairs for a ratio N/d_k."""
  return max(2, int(round(ratio * d_k)))


def passes_of(config: ml_collections.ConfigDict, rule: str) -> tuple:
  """config.passes[rule] (the numbers of passes over the pairs), or (1,)."""
  entries = config.get("passes") or {}
  if rule in entries:
    return experiment.axis(entries, rule, path=f"passes.{rule}")
  return (1,)


def check_passes(config: ml_collections.ConfigDict, names) -> None:
  """Every entry of config.passes names a rule of config.rule and holds
  integers >= 1 (ConfigError naming the field otherwise)."""
  for name in config.get("passes") or {}:
    experiment.require(name in names, f"config.passes has an entry for {name!r}, which is not "
                       f"in config.rule ({', '.join(names)})")
    for p in passes_of(config, name):
      experiment.require(experiment.is_int(p) and p >= 1, f"config.passes.{name}: every number "
                         f"of passes must be an integer >= 1, got {p!r}")
