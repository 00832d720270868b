r"""Capacity of dense associative memories F(S) = S^n at T = 0
(docs/hopfield.md §2; figures H7 and H8).

Commands (from the repository root) and what they give on 2 CPU cores:

  python -m sims.dense_capacity --config=configs/dense_capacity.py:smoke --workdir=/tmp/dc_smoke
    n in {2, 3}, one N each, loads {0.5, 3}: ~8 s. At half the RS capacity the
    pattern is kept (overlap 1); at 3x no stored pattern is a fixed point and
    retrieval fails (at N = 40 one run in four may still end above 0.8).

  python -m sims.dense_capacity --config=configs/dense_capacity.py:quick --workdir=/tmp/dc_quick
    n = 2, 3, 4 over the N ranges of docs/hopfield.md §2.4, 10 loads, 12 seeds: about a
    minute. Fitted small-error exponents near n - 1 (reference slopes 2.04 and
    3.09 for n = 3, 4, docs/hopfield.md §2.4; tolerance 0.15).

  python -m sims.dense_capacity --config=configs/dense_capacity.py --workdir=/tmp/dc
    Paper scale: n = 2..4 (add 6 if wanted), wider N, 48 seeds.

Choices the papers leave open (docs/hopfield.md §8; config fields):
  the all-index (Krotov–Hopfield) convention, in the simulation and in every
  theory curve drawn solid (the distinct-index curve is dashed, labelled);
  retrieval_threshold = 0.8 (small-error criterion, docs/hopfield.md §0); error-free =
  the first `num_tested` = 8 stored patterns of each task tested for being
  exact fixed points; loads are multiples of the all-index RS alpha_c (AGS
  0.138 for n = 2); start at pattern 1, max_sweeps = 100, tie = keep.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.n = (2, 3, 4)
  c.N_by_n = ml_collections.ConfigDict({
      "2": (100, 200, 400, 800, 1600), "3": (40, 80, 160, 320), "4": (20, 40, 60, 90)})
  # P = load * alpha_ref(n) * N^(n-1), alpha_ref = RS alpha_c (all-index) or AGS.
  c.load = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0, 2.3, 2.6)
  c.num_seeds = 48
  c.base_seed = 0
  c.flip_frac = 0.0
  c.max_sweeps = 100
  c.retrieval_threshold = 0.8
  c.num_tested = 8
  c.batch_size = 128
  c.block = 32
  c.vectorize = 0

  if preset == "quick":
    c.N_by_n = ml_collections.ConfigDict({
        "2": (100, 200, 400, 800), "3": (40, 80, 160), "4": (20, 40, 60)})
    c.num_seeds = 16
  elif preset == "smoke":
    c.n = (2, 3)
    c.N_by_n = ml_collections.ConfigDict({"2": (100,), "3": (40,)})
    c.load = (0.5, 3.0)
    c.num_seeds = 4
  return c
