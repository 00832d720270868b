r"""Errors through depth: chained retrievals and residual noise
(docs/pavlovian.md §1.3f; figure F7).

  python -m sims.pavlovian_depth --config=configs/pavlovian_depth.py:smoke --workdir=/tmp/depth_smoke
  python -m sims.pavlovian_depth --config=configs/pavlovian_depth.py:quick --workdir=/tmp/depth_quick
    Hebbian, d_k = 64; chain of N_chain = 128 items (N/d_k = 2), L <= 32;
    residual noise with N = 16 pairs per layer, gamma = .9, 1, 1.1; 200
    seeds: ~6 s. Measured: P(all L hops right) = 0.985, 0.855, 0.535 at L =
    1, 8, 32 (SE .035 at L = 32). (1 - p)^L with p = .015 +- .009 measured
    at L = 1 gives 0.885, 0.617 at L = 8, 32; with p = .017, one minus the
    Hebbian top-1 at N/d_k = 2 of pavlovian_capacity (50 x 128 probes),
    0.87, 0.58: consistent within the errors. The derived top-1 integral
    (0.956 per hop) is pessimistic, as stated in §1.3d. Residual noise at gamma = 1:
    0.234, 1.877, 7.742 at L = 1, 8, 32 (derived L (N - 1)/d_k: 0.234,
    1.875, 7.500).
  python -m sims.pavlovian_depth --config=configs/pavlovian_depth.py --workdir=/tmp/depth
    1000 seeds.

Choices (derived model, docs/pavlovian.md §1.3f): the chain is one memory
(k_i -> k_{i+1}) followed with clean-up to the nearest stored key, so a hop
fails as a Hebbian top-1 decode among the N_chain stored keys; the residual
stream adds one independent probe error per layer with gain gamma.
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.rule = ("hebbian",)
  c.d_k = 64
  c.N_chain = 128
  c.N = 16
  c.L_max = 32
  c.gamma = (0.9, 1.0, 1.1)
  c.values = "signs"
  c.gates = ml_collections.ConfigDict()
  c.rule_options = ml_collections.ConfigDict()
  c.num_seeds = 1000
  c.base_seed = 0
  c.batch_size = 200
  c.vectorize = 0
  if preset == "quick":
    c.num_seeds = 200
  elif preset == "smoke":
    c.d_k = 16
    c.N_chain = 16
    c.N = 4
    c.L_max = 4
    c.gamma = (1.0,)
    c.num_seeds = 2
  return c
