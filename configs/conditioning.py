r"""Classical conditioning through online rules: Rescorla-Wagner against
Hebbian (docs/pavlovian.md §3.4; figure F5).

  python -m sims.conditioning --config=configs/conditioning.py:smoke --workdir=/tmp/cond_smoke
  python -m sims.conditioning --config=configs/conditioning.py:quick --workdir=/tmp/cond_quick
    acquisition/extinction, blocking and overexpectation, 30 + 30 trials,
    beta = .2, saliences 1: ~3 s (deterministic; smoke, quick and default
    are the same run). Measured (float32): rescorla_wagner equals the closed
    forms to 1.3e-7; after blocking, V_B = 0.0006
    (Rescorla-Wagner: blocked) vs 6.0000 (Hebbian: 30 beta lambda
    = 6); after overexpectation V_A = V_B = 0.5000 (lambda/2) vs
    Hebbian 12.0 (both grow); after extinction V_A =
    0.0012 vs Hebbian 6 (no extinction). In float64 the equality
    is to 1e-12 (tests/test_pavlovian_theory.py).

Any registered online rule runs by name (--config.rule=NAME; rules without
a theory record null). Choices: lambda = 1; two CSs; for the Hebbian rule
eta = a_A beta (equal saliences).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, _ = _common.new_config(arg)
  c.rule = ("rescorla_wagner", "hebbian")
  c.protocol = ("acquisition_extinction", "blocking", "overexpectation")
  c.n1 = 30
  c.n2 = 30
  c.beta = 0.2
  c.salience = (1.0, 1.0)
  c.lam = 1.0
  c.gates = ml_collections.ConfigDict()
  c.rule_options = ml_collections.ConfigDict()
  c.num_seeds = 1
  c.base_seed = 0
  c.batch_size = 8
  c.vectorize = 0
  return c
