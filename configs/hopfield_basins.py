r"""Basins of attraction: final vs initial overlap per rule (docs/hopfield.md
§1.2, §8.2; figure H4).

  python -m sims.hopfield_basins --config=configs/hopfield_basins.py:smoke --workdir=/tmp/hb_smoke
    N = 200, Hebbian and pseudo-inverse at alpha = 0.05, m0 in {0.2, 0.8}:
    seconds. From m0 = 0.8 both return to the pattern exactly.
  python -m sims.hopfield_basins --config=configs/hopfield_basins.py:quick --workdir=/tmp/hb_quick
    N = 400, alpha in {0.05, 0.10, 0.14} (pseudo-inverse also 0.3, 0.5, 0.7),
    m0 = 0..1 in steps of 0.1, 8 seeds: ~15 s. Basins shrink with alpha for
    every rule (Hebbian at 0.14 needs m0 ~ 0.6; Storkey ~ 0.4); the
    pseudo-inverse (zero diagonal) retrieves from m0 ~ 0.3 at alpha = 0.1,
    ~ 0.9 at 0.5, and only from the pattern itself at 0.7.
  python -m sims.hopfield_basins --config=configs/hopfield_basins.py --workdir=/tmp/hb
    Paper scale: N = 1000, m0 step 0.05, 32 seeds.

Choices (docs/hopfield.md §8.2; config fields): pseudo-inverse with zero_diag = True
(rule_options; the literature's "basins vanish near alpha = 1/2 with the diagonal
kept" can be checked with --config.rule_options.pseudo_inverse.zero_diag=False);
tie = keep; retrieved = final overlap > 0.9.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.N = 1000
  c.rule = ("hebbian", "storkey", "pseudo_inverse")
  c.alpha_by_rule = ml_collections.ConfigDict({
      "hebbian": (0.05, 0.10, 0.14), "storkey": (0.05, 0.10, 0.14),
      "pseudo_inverse": (0.05, 0.10, 0.14, 0.3, 0.5, 0.7),
      "default": (0.05, 0.10, 0.14)})  # rules without an entry (a new rule)
  c.m0 = tuple(round(0.05 * i, 2) for i in range(21))
  c.rule_options = ml_collections.ConfigDict({
      "hebbian": {}, "storkey": {}, "pseudo_inverse": {"zero_diag": True}})
  c.num_seeds = 32
  c.base_seed = 0
  c.max_sweeps = 100
  c.tie = "keep"
  c.retrieval_threshold = 0.9
  c.batch_size = 128
  c.block = 32
  c.vectorize = 0
  if preset == "quick":
    c.N = 400
    c.m0 = tuple(round(0.1 * i, 1) for i in range(11))
    c.num_seeds = 8
  elif preset == "smoke":
    c.N = 200
    c.rule = ("hebbian", "pseudo_inverse")
    c.alpha_by_rule = ml_collections.ConfigDict({
        "hebbian": (0.05,), "pseudo_inverse": (0.05,), "default": (0.05,)})
    c.m0 = (0.2, 0.8)
    c.num_seeds = 4
  return c
