"""Pieces shared by the classical-Hopfield simulations."""

from __future__ import annotations

import math

import ml_collections

from assoc import experiment, rules


def num_patterns(N: int, alpha: float) -> int:
  """P = round(alpha N), halves rounded up."""
  return int(math.floor(alpha * N + 0.5))


def rule_options(config: ml_collections.ConfigDict) -> dict:
  return config.rule_options.to_dict() if config.get("rule_options") else {}


def validate_network(config: ml_collections.ConfigDict, axes) -> None:
  """Checks the axes N, alpha, rule and config.rule_options (ConfigError)."""
  req = experiment.require
  for N in axes["N"]:
    req(isinstance(N, int) and N >= 2, f"config.N: every N must be an integer "
        f">= 2 (a network needs two neurons), got {N!r}")
  for alpha in axes["alpha"]:
    req(isinstance(alpha, (int, float)) and alpha >= 0,
        f"config.alpha: every alpha = P/N must be >= 0, got {alpha!r}")
  for N in axes["N"]:
    for alpha in axes["alpha"]:
      req(num_patterns(N, alpha) >= 1,
          f"config.alpha={alpha} at N={N} stores P = round(alpha N) = 0 "
          f"patterns; the target pattern needs P >= 1")
  options = rule_options(config)
  for name in options:
    try:
      rules.get(name)
    except ValueError as e:
      raise experiment.ConfigError(f"config.rule_options: {e}") from None
  for name in axes["rule"]:
    for N in axes["N"]:
      for alpha in axes["alpha"]:
        try:
          rules.validate(name, options.get(name), N=N, P=num_patterns(N, alpha))
        except ValueError as e:
          raise experiment.ConfigError(
              f"config.rule: {e} (at N={N}, alpha={alpha})") from None


def entry_by_rule(config: ml_collections.ConfigDict, field: str, rule: str) -> str:
  """The key of config.<field> that serves `rule`: its own, or "default" for
  a rule without an entry (a newly registered rule)."""
  entries = config[field]
  key = rule if rule in entries else "default"
  experiment.require(key in entries, f"config.{field} has no entry for rule {rule!r} and no "
                     f"'default' entry (entries: {', '.join(entries.keys())})")
  return key


def axis_by_rule(config: ml_collections.ConfigDict, field: str, rule: str) -> tuple:
  """config.<field>[rule] as a swept axis, or config.<field>.default for a
  rule without an entry of its own."""
  key = entry_by_rule(config, field, rule)
  return experiment.axis(config[field], key, path=f"{field}.{key}")


def group_by_network(point) -> tuple:
  """The compile group of a Hopfield task: its shape N and its rule."""
  return (point["N"], point["rule"])


def largest_P(points) -> int:
  return max(num_patterns(p["N"], p["alpha"]) for p in points)
