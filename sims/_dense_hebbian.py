"""Config checks shared by the dense Hebbian simulations
(docs/dense_hebbian.md)."""

from __future__ import annotations

from assoc import experiment
from assoc.hopfield import learning


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
