"""Config checks shared by the dense Hebbian simulations
(docs/dense_hebbian.md)."""

from __future__ import annotations

from assoc import experiment
from assoc.hopfield import learning
from theory import dense_hebbian as dh


def check_orders_protocols_examples(config, orders: bool = True) -> None:
  """config.P (interaction orders >= 2; unless `orders` is False),
  config.protocol (supervised or unsupervised) and config.M (examples per
  class >= 1): ConfigError naming the field otherwise."""
  req = experiment.require
  for P in experiment.axis(config, "P") if orders else ():
    req(experiment.is_int(P) and P >= 2, f"config.P: every interaction order must be an "
        f"integer >= 2, got {P!r}")
  for protocol in experiment.axis(config, "protocol"):
    experiment.check_choice("protocol", protocol, learning.PROTOCOLS)
  for M in experiment.axis(config, "M"):
    req(experiment.is_int(M) and M >= 1, f"config.M: every number of examples must be an "
        f"integer >= 1, got {M!r}")


def num_classes(config, alpha: float) -> int:
  """K = round(alpha N^(P-1)), at least 1."""
  return max(1, int(round(alpha * config.N ** (config.P - 1))))


def quality(config, rho: float) -> float:
  """The example quality r of dataset entropy rho at config.M (rho = 0: the
  archetypes themselves)."""
  return 1.0 if rho == 0 else float(dh.r_of_rho(rho, config.M))


def check_high_load(config, why: str) -> None:
  """The fields of a supervised high-load sweep: config.P (>= 3, `why`),
  N and M (odd unless config.allow_even_M), every rho >= 0 and alpha > 0,
  config.m_threshold in (0, 1); ConfigError naming the field otherwise."""
  req = experiment.require
  req(experiment.is_int(config.P) and config.P >= 3, f"config.P must be an integer >= 3 ({why}), "
      f"got {config.P!r}")
  experiment.check_int(config, "N", "M", at_least=2)
  req(config.M % 2 == 1 or config.allow_even_M, f"config.M={config.M} is even: sites whose "
      f"class average is 0 keep their initial spin (docs/dense_hebbian.md §6); use odd M "
      f"or set config.allow_even_M")
  for rho in experiment.axis(config, "rho"):
    req(isinstance(rho, (int, float)) and rho >= 0, f"config.rho: every dataset entropy must "
        f"be >= 0, got {rho!r}")
  for alpha in experiment.axis(config, "alpha"):
    req(isinstance(alpha, (int, float)) and alpha > 0, f"config.alpha: every load must be > 0, "
        f"got {alpha!r}")
  req(isinstance(config.m_threshold, (int, float)) and 0 < config.m_threshold < 1,
      f"config.m_threshold must be in (0, 1), got {config.m_threshold!r}")
