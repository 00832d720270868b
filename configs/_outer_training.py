"""Config pieces shared by the simulations of trained outer-product memories
(sims/_outer_training.py: outer_grid, outer_sgd_map, outer_embeddings): a
panel with the grid experiment's defaults, and the common fields."""

import ml_collections

from configs import _common

D_GRID = (10, 20, 50, 100, 200, 500, 1000)


def panel(**fields) -> ml_collections.ConfigDict:
  """A sub-grid with the grid experiment's defaults (docs/outer_product.md §4)."""
  p = dict(N=100, M=5, alpha=2.0, d=D_GRID, model="matrix", optimizer="sgd", ln=False,
           gamma=1.0, B=64, T=(10240,), steps=None, schedule="constant",
           decay_factor=1.0, decay_step=0, w0_std=None, emb_std=None, adam_b1=0.0,
           adam_b2=0.0, adam_eps=1e-8, lr_rescale=True, eq16_denominator="M-1")
  p.update(fields)
  return ml_collections.ConfigDict(p)


def training_config(preset: str, panels: dict, **fields) -> ml_collections.ConfigDict:
  """The config of a sims/_outer_training.py simulation: `panels`, the common
  fields at their defaults, then `fields`."""
  c, preset = _common.new_config(preset)
  c.panels = ml_collections.ConfigDict(panels)
  c.num_seeds = 10
  c.base_seed = 0
  c.n_head = 30                 # tokens of error_head / error_tail
  c.eq16 = False                # also run the Eq. 16 map beside each run
  c.grad_std = False            # record the population-gradient std of W
  c.sgd_kernel = True           # SGD on the matrix model in its exact O(N^2 M) form
  c.factored = True             # the matrix model without LN through A = W^T U^T (no d x d W)
  c.d_buckets = (100, 1000)     # d <= bucket runs in one program of that size
  c.num_bootstrap = 200         # fits.jsonl slope errors
  c.batch_size = 64             # runtime only: tasks per compiled call
  c.vectorize = 0
  c.update(fields)
  return c
