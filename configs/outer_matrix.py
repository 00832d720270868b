r"""Memory-matrix heat maps (docs/outer_product.md §5, figure F-f:
paper_figs.outer_matrix): N = 10 tokens, M = 5 classes, d = 10, α = 1,
T = 1000 samples, q^ = p^^ρ on seen tokens for ρ in {0, 1}.

Commands and what they gave on 2 CPU cores (wall time of the command, with
~2.5 s of start-up; measured beside one other job: up to ~1.5x inflated):

  python -m sims.outer_matrix --config=configs/outer_matrix.py:smoke --workdir=/tmp/om_smoke
  python -m sims.outer_matrix --config=configs/outer_matrix.py:quick --workdir=/tmp/om_quick
  python -m sims.outer_matrix --config=configs/outer_matrix.py --workdir=/tmp/om
    1 trial (smoke), 10 (quick) or 100 (default): ~4 s / ~5 s (all
    compilation). Quick: mean error 0.18 at ρ = 0 and 0.27 at ρ = 1 (ρ = 1
    keeps the frequent tokens, ρ = 0 spreads the weight over all seen ones).

The figure shows the first trial (as the paper, one draw) and the mean of
the softmax over all trials. Softmax of the raw scores: with ρ = 1, q = p^
sums to 1 and the scores are small, so the rows are flatter (as in the
reference figure); `score` in the records is the unnormalised read-out.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.N = 10
  c.M = 5
  c.alpha = 1.0
  c.d = 10
  c.T = 1000
  c.rho = (0.0, 1.0)
  c.num_seeds = 100
  c.base_seed = 0
  c.e_dist = "gaussian"
  c.u_dist = "sphere"
  c.batch_size = 128
  c.vectorize = 0
  if preset == "quick":
    c.num_seeds = 10
  elif preset == "smoke":
    c.num_seeds = 1
  return c
