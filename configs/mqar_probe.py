r"""The training-free MQAR probe: top-1 over the value vocabulary against
N / d_k for online rules (docs/pavlovian.md §4; figure F13).

  python -m sims.mqar_probe --config=configs/mqar_probe.py:smoke --workdir=/tmp/mp_smoke
  python -m sims.mqar_probe --config=configs/mqar_probe.py:quick --workdir=/tmp/mp_quick
    d_k = 32; N/d_k = 1/8 .. 4; hebbian, delta (1 and 4 passes),
    gated_delta, lsq, softmax; V = 8192 (a dictionary of 4096 values); 20
    seeds: ~17 s (5 compiled programs). Measured top-1 at N = 4, 8, 16,
    32, 64, 128 [the derived Hebbian integral over D = 4096, a pessimistic
    one-sided bound]:
      hebbian      1.000, 1.000, 0.994, 0.895, 0.498, 0.161
                   [0.999, 0.994, 0.939, 0.694, 0.342, 0.122]
      delta        1.000, 1.000, 0.903, 0.673, 0.329, 0.151
      delta x4     1.000, 1.000, 1.000, 0.939, 0.388, 0.155
      gated_delta  1.000, 1.000, 0.881, 0.616, 0.312, 0.148
      lsq          1.000, 1.000, 1.000, 1.000, 0.881, 0.258
      softmax      1.000 everywhere (a buffer of every pair, beta_s = 20)
    Four passes bring delta to lsq up to N = d_k / 2 and within 0.06 at N =
    d_k (one pass: 0.33 below).
  python -m sims.mqar_probe --config=configs/mqar_probe.py --workdir=/tmp/mp
    Paper scale: every registered online rule, d_k = 16 .. 128, 50 seeds.

Choices (docs/pavlovian.md §7): softmax at beta_s = 20 (rule_options);
token embeddings i.i.d. on the unit sphere
(keys in R^d_k, values in R^d_v, d_v = d_k); fillers are not written; each
key queried once after the whole context; decoding by the largest inner
product over all value tokens; every rule at its default gates.
"""

import ml_collections

from assoc import rules
from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.rule = rules.names("online")
  c.passes = ml_collections.ConfigDict({"delta": (1, 2, 4)})  # per rule; others: 1
  c.gates = ml_collections.ConfigDict({})
  # Softmax at its default 1/sqrt(d_k) barely separates unit keys (scores within
  # +-1/sqrt(d_k)): top-1 0.34 at N = 4, d_k = 32. A sharp temperature makes it
  # the nearest-key look-up it is meant to be (docs/pavlovian.md §7).
  c.rule_options = ml_collections.ConfigDict({"lsq": {"ridge": 0.0},
                                              "softmax": {"beta_s": 20.0}})
  c.d_k = (16, 32, 64, 128)
  c.n_over_dk = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0)
  c.vocab_size = 8192
  c.num_seeds = 50
  c.base_seed = 0
  c.batch_size = 64
  c.vectorize = 0
  if preset == "quick":
    c.rule = ("hebbian", "delta", "gated_delta", "lsq", "softmax")
    c.passes = ml_collections.ConfigDict({"delta": (1, 4)})
    c.d_k = (32,)
    c.num_seeds = 20
  elif preset == "smoke":
    c.rule = ("hebbian", "delta", "lsq")
    c.passes = ml_collections.ConfigDict({"delta": (1, 4)})
    c.d_k = (16,)
    c.n_over_dk = (0.5, 2.0)
    c.vocab_size = 512
    c.num_seeds = 4
  return c
