r"""Capacity of online memories probed on their stored pairs: relMSE, top-1
and bit error vs N/d_k (docs/pavlovian.md §1.3a-d; figures F1 and F2).

  python -m sims.pavlovian_capacity --config=configs/pavlovian_capacity.py:smoke --workdir=/tmp/pc_smoke
    hebbian, delta (1 and 4 passes) and lsq at d_k = 16, N/d_k = 1/2, 2, 2
    seeds: a few seconds.
  python -m sims.pavlovian_capacity --config=configs/pavlovian_capacity.py:quick --workdir=/tmp/pc_quick
    hebbian, delta (1 and 10 passes), lsq; d_k = 64; N/d_k = 1/8 .. 8;
    sphere and Gaussian keys; 50 seeds: ~11 s (3 compiled programs). Measured at d_k = 64 (mean
    over 50 seeds; docs/pavlovian.md §6 reference values in brackets):
      Hebbian relMSE, sphere keys, N/d_k = 1/8, 1/2, 1, 2, 4:
        0.104, 0.477, 0.985, 1.963, 3.991 (SE 0.003 .. 0.014)
        [ref .107, .484, .978, 2.000, 3.984; theory (N-1)/d_k .109, .484, .984, 1.984, 3.984]
      Hebbian relMSE, Gaussian keys: 0.142, 0.509, 1.016, 1.996, 4.029
        [theory (N+1)/d_k .141, .516, 1.016, 2.016, 4.016]
      Hebbian top-1, N = 64, 128, 256, 512: 1.000, 0.983, 0.757, 0.332
        [ref 1.00, .98, .77, .33; integral 0.998, 0.956, 0.693, 0.301]
      one-pass relMSE, N/d_k = 1/2, 1, 2, 4: delta (beta = 1) 0.288, 0.599, 1.057, 1.495
        [ref .30, .60, 1.06, 1.49]; lsq 0.000, 0.014, 0.499, 0.749 [theory 0, 0, .50, .75]
      top-1 at N/d_k = 2: delta 0.541 vs Hebbian 0.983 [ref .54 vs .98]
      delta, 10 passes, N/d_k = 1/2: 0.001 (lsq: 0; at N/d_k = 1: 0.184, not
        yet converged)
      Hebbian bit error, N = 16, 32, 64: 0.020, 0.075, 0.156 [Q(sqrt(d_k/(N-1)))
        0.019, 0.075, 0.157]
    Every row within its tolerance of docs/pavlovian.md §6. (The Hebbian
    one-pass reference 2.000 at N/d_k = 2 is 0.037 off: measured 1.963 +-
    0.009, theory 1.984; that row's tolerance is stated for delta and lsq.)
  python -m sims.pavlovian_capacity --config=configs/pavlovian_capacity.py --workdir=/tmp/pc
    Paper scale: d_k = 32, 64, 128 (figure F1), 100 seeds.

Any registered online rule runs by name (--config.rule=NAME; its gates in
config.gates.NAME, its options in config.rule_options.NAME).

Choices (docs/pavlovian.md §7): values are signs +-1/sqrt(d_v) (unit norm:
the reference top-1 values are for unit-norm values, and the bit error has
its Q(sqrt(SNR)) theory only for signs); d_v = d_k; multi-pass delta uses a
fixed beta = 1 (§7.11: it converges to least squares only for N <= d_k);
lsq at ridge 0 (the pseudo-inverse); the capacity of capacity.jsonl is
where the relative RMS error reaches eps = 1/2 (§7.1: capacity_metric,
eps).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.rule = ("hebbian", "delta", "lsq")
  c.passes = ml_collections.ConfigDict({"delta": (1, 10)})  # per rule; others: 1
  c.gates = ml_collections.ConfigDict({"delta": {"beta": 1.0}})
  c.rule_options = ml_collections.ConfigDict({"lsq": {"ridge": 0.0}})
  c.keys = ("sphere", "gaussian")
  c.values = "signs"
  c.d_k = (32, 64, 128)
  c.d_v = 0  # 0: d_v = d_k
  c.n_over_dk = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)
  c.capacity_metric = "relmse"  # capacity.jsonl: relmse, top1, bit or all_correct
  c.eps = 0.5                   # its budget (relmse: relative RMS error eps)
  c.num_seeds = 100
  c.base_seed = 0
  c.batch_size = 128
  c.vectorize = 0
  if preset == "quick":
    c.d_k = (64,)
    c.num_seeds = 50
  elif preset == "smoke":
    c.passes = ml_collections.ConfigDict({"delta": (1, 4)})
    c.d_k = (16,)
    c.n_over_dk = (0.5, 2.0)
    c.num_seeds = 2
  return c
