r"""Recency of online memories: relMSE of a stored item vs its lag
(docs/pavlovian.md §3.2; figure F4).

  python -m sims.rule_recency --config=configs/rule_recency.py:smoke --workdir=/tmp/rr_smoke
    decay_hebbian (alpha = .9) and delta (beta = 1) at d_k = 16, n = 64,
    2 seeds: a few seconds.
  python -m sims.rule_recency --config=configs/rule_recency.py:quick --workdir=/tmp/rr_quick
    decay_hebbian alpha = .9, .97, .99 and delta beta = .5, 1 at d_k = 64,
    n = 512 = 8 d_k, 18 lags in 0 .. 511, 200 seeds: ~9 s (2 compiled
    programs). Measured (mean over
    the seeds; docs/pavlovian.md §6 reference values and derived theory in
    brackets):
      decay alpha = .97, lags 0, 20, 80, 160: 0.253, 0.463, 1.094, 1.245
        [ref .252, .467, 1.140, 1.258 at n = 400; theory .249, .468, 1.097,
        1.249, the same at n = 512 to 1e-9: alpha^800 ~ 3e-11]
      delta beta = 1, lags 0, 16, 64, 128, 511: 0.000, 0.447, 1.274, 1.711, 1.986
        [ref .00, .43, 1.29, 1.66, 2.03; theory 0, .445, 1.27, 1.73, 2.00]
      delta beta = .5: 0.327, 0.451, 0.729, 0.958, 1.304
        [ref .33, .44, .74, .94, 1.30; theory .333, .451, .728, .967, 1.315]
  python -m sims.rule_recency --config=configs/rule_recency.py --workdir=/tmp/rr
    Paper scale: adds gated_delta and hebbian, 400 seeds.

Any registered online rule runs by name (--config.rule=NAME); a rule
without alpha or beta gates runs once, with its gates from config.gates.

Choices: unit keys and unit-norm values (values "sphere", E|v|^2 = 1 exactly,
so that the mean of the per-item relMSE is the ratio of means); n = 8 d_k
(figure F4) for every rule, including the decay row whose reference was
measured at n = 400 (the derived curve differs by < 1e-9 between the two).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.rule = ("decay_hebbian", "delta", "gated_delta", "hebbian")
  c.d_k = (64,)
  c.n = (512,)
  c.alpha = (0.9, 0.97, 0.99)
  c.beta = (0.5, 1.0)
  c.gates = ml_collections.ConfigDict()
  c.rule_options = ml_collections.ConfigDict()
  c.lags = (0, 4, 8, 16, 20, 32, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 448, 511)
  c.keys = "sphere"
  c.values = "sphere"
  c.num_seeds = 400
  c.base_seed = 0
  c.batch_size = 256
  c.vectorize = 0
  if preset == "quick":
    c.rule = ("decay_hebbian", "delta")
    c.num_seeds = 200
  elif preset == "smoke":
    c.rule = ("decay_hebbian", "delta")
    c.d_k = (16,)
    c.n = (64,)
    c.alpha = (0.9,)
    c.beta = (1.0,)
    c.lags = (0, 4, 16, 63)
    c.num_seeds = 2
  return c
