r"""Capacity of each storage rule as exact fixed points vs N
(docs/hopfield.md §1.5-§1.6; figures H5 and H6).

  python -m sims.rule_capacity --config=configs/rule_capacity.py:smoke --workdir=/tmp/rc_smoke
    N = 200: Hebbian at 0.5 and 1.5 x its P_50 formula (P = 14, 42), Storkey
    at 1 and 2.5 x N/sqrt(2 ln N) (P = 61, 154), pseudo-inverse at 0.5 and
    0.95 N, 2 seeds: ~5 s. Every pseudo-inverse pattern is fixed; Storkey
    keeps all 61; the Hebbian P_50 falls between 14 and 42.
  python -m sims.rule_capacity --config=configs/rule_capacity.py:quick --workdir=/tmp/rc_quick
    Hebbian N = 100..2000, Storkey and pseudo-inverse N = 100..800, 7/7/4
    ratios, 4 seeds (all P patterns tested per task): ~15 s. Measured P_50
    (capacity.jsonl): Hebbian 17.4, 31.0, 48.7, 60.0, 85.0, 101, 178 at N =
    100, 200, 400, 500, 800, 1000, 2000 against the finite-N formula 17.3,
    28.3, 47.7, 56.7, 82.4, 98.7, 174.7; Storkey 53, 100, 186, 346 at N = 100,
    200, 400, 800, about 1.6 x N/sqrt(2 ln N) = 33, 61, 116, 219 (docs/hopfield.md §1.6:
    "well above it"); pseudo-inverse: every pattern fixed up to 0.95 N.
  python -m sims.rule_capacity --config=configs/rule_capacity.py --workdir=/tmp/rc
    Paper scale: 16 seeds, N up to 1600 for all rules.

A newly registered storage rule runs too (--config.rule=NAME): without a
theory of its own here it takes the "default" entries of N_by_rule and
ratio_by_rule, with P = round(ratio N) (ratio = alpha), and null
p_fixed_theory.

Choices: P_ref per rule as above (a ratio grid around each rule's own
theory); pseudo-inverse zero_diag = True; Storkey's capacity criterion is
"one pattern an exact fixed point" (docs/hopfield.md §8.1), the criterion measured here.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.rule = ("hebbian", "storkey", "pseudo_inverse")
  c.N_by_rule = ml_collections.ConfigDict({
      "hebbian": (100, 200, 400, 500, 800, 1000, 1600, 2000),
      "storkey": (100, 200, 400, 800, 1600),
      "pseudo_inverse": (100, 200, 400, 800, 1600),
      "default": (100, 200, 400, 800, 1600)})
  # P = round(ratio * P_ref(rule, N)): a grid around each rule's own theory.
  # "default": rules without an entry (a new rule); P_ref = N, so its
  # ratios are alpha = P/N, from below Hebbian capacity to near N.
  c.ratio_by_rule = ml_collections.ConfigDict({
      "hebbian": (0.5, 0.7, 0.85, 1.0, 1.15, 1.3, 1.5),
      "storkey": (0.5, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5),
      "pseudo_inverse": (0.5, 0.7, 0.9, 0.95),
      "default": (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 0.9)})
  c.rule_options = ml_collections.ConfigDict({
      "hebbian": {}, "storkey": {}, "pseudo_inverse": {"zero_diag": True}})
  c.num_seeds = 16
  c.base_seed = 0
  c.batch_size = 64
  c.vectorize = 0
  if preset == "quick":
    c.N_by_rule = ml_collections.ConfigDict({
        "hebbian": (100, 200, 400, 500, 800, 1000, 2000),
        "storkey": (100, 200, 400, 800), "pseudo_inverse": (100, 200, 400, 800),
        "default": (100, 200, 400, 800)})
    c.num_seeds = 4
  elif preset == "smoke":
    c.N_by_rule = ml_collections.ConfigDict({
        "hebbian": (200,), "storkey": (200,), "pseudo_inverse": (200,), "default": (200,)})
    c.ratio_by_rule = ml_collections.ConfigDict({
        "hebbian": (0.5, 1.5), "storkey": (1.0, 2.5), "pseudo_inverse": (0.5, 0.95),
        "default": (0.05, 0.3)})
    c.num_seeds = 2
  return c
