r"""Storage capacity of the classical Hopfield network at T = 0
(docs/hopfield.md §1, figure H1).

Sweeps N x alpha x rule x seeds; each task stores P = round(alpha N) random
patterns with the rule, starts at pattern 1 (a fraction `flip_frac` of spins
flipped), runs zero-temperature dynamics to a fixed point and records the
final overlap, beside the AGS prediction m(alpha).

Commands (from the repository root) and what they give on 2 CPU cores:

  python -m sims.hopfield_capacity --config=configs/hopfield_capacity.py:smoke \
      --workdir=/tmp/hc_smoke
    N = 200, alpha in {0.05, 0.3}, 3 rules x 8 seeds: ~8 s. Every rule keeps
    the pattern exactly at 0.05 (overlap 1.0); at 0.3 Hebbian fails (1 of 8
    runs ends just above 0.9, mean overlap 0.5), pseudo-inverse stays at 1.0
    and Storkey retrieves all 8.

  python -m sims.hopfield_capacity --config=configs/hopfield_capacity.py:quick \
      --workdir=/tmp/hc_quick
    N in {250, 500, 1000}, alpha = 0.02..0.24 (12 values), 3 rules, 16 seeds:
    ~25 s. Hebbian overlap within 0.02 of AGS for alpha <= 0.12; 50 %
    retrieval at alpha ~ 0.19, 0.18, 0.17 for N = 250, 500, 1000 (above
    alpha_c = 0.138: finite size); Storkey and pseudo-inverse retrieve on the
    whole grid (their capacities lie beyond 0.24).

  python -m sims.hopfield_capacity --config=configs/hopfield_capacity.py \
      --workdir=/tmp/hc
    Paper scale: N in {1000, 2000, 4000}, alpha = 0.02..0.24 (23 values),
    3 rules, 40 seeds (8280 tasks); for a GPU or a cluster (tens of minutes on
    a laptop CPU for the Hebbian rule alone).

  The Hebbian check at N = 2000 (~15 s): overlap within
  0.001 of AGS for alpha <= 0.12, 50 % retrieval at alpha ~ 0.155:
  python -m sims.hopfield_capacity --config=configs/hopfield_capacity.py \
      --config.N=2000 --config.rule=hebbian --workdir=/tmp/hc_2000

  Storkey and pseudo-inverse capacities (~100 s): Storkey's 50 % point at
  alpha ~ 0.48, 0.46, 0.45 (N = 250, 500, 1000; its exact-fixed-point theory
  N/sqrt(2 ln N) / N = 0.30, 0.28, 0.27 is a lower criterion), pseudo-inverse
  retrieves everything up to 0.95:
  python -m sims.hopfield_capacity --config=configs/hopfield_capacity.py:quick \
      --config.rule=storkey --config.rule=pseudo_inverse --config.alpha=0.2 \
      --config.alpha=0.3 --config.alpha=0.4 --config.alpha=0.45 --config.alpha=0.5 \
      --config.alpha=0.55 --config.alpha=0.6 --config.alpha=0.8 --config.alpha=0.95 \
      --workdir=/tmp/hc_rules

Choices the papers leave open (docs/hopfield.md §8; all config fields):
  retrieval_threshold = 0.9 (retrieved: final overlap > 0.9); tie = "keep"
  (a zero field keeps the spin); max_sweeps = 100; flip_frac = 0 (start at the
  pattern, as the reference values of docs/hopfield.md §1.4); pseudo-inverse
  with zero_diag = True; Storkey with W_ii = 0 throughout (no option);
  fss_exponent = 0.5 (alpha_50(N) extrapolated linearly in N^-1/2: a derived
  number).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)

  # Swept axes (tuples: override with --config.N=500 --config.N=1000 ...).
  c.N = (1000, 2000, 4000)
  c.alpha = _common.linear_grid(0.02, 0.24, 0.01)
  c.rule = ("hebbian", "storkey", "pseudo_inverse")
  c.num_seeds = 40
  c.base_seed = 0
  # Options of each rule, passed as keyword arguments (see assoc/rules/).
  c.rule_options = ml_collections.ConfigDict({
      "hebbian": {}, "storkey": {}, "pseudo_inverse": {"zero_diag": True}})
  # Dynamics.
  c.dynamics = "async"          # "async" (random sequential) or "sync"
  c.flip_frac = 0.0             # fraction of spins flipped in the start state
  c.max_sweeps = 100
  c.tie = "keep"                # zero field: "keep" the spin or set "plus" (+1)
  c.retrieval_threshold = 0.9
  # Analysis: alpha_50(N) = a + b N^-fss_exponent, extrapolated to N -> inf.
  c.fss_exponent = 0.5
  # Runtime only: change speed and memory, never results.
  c.batch_size = 128            # tasks per compiled call
  c.block = 32                  # spins examined per step of async dynamics
  # Tasks vmapped together on a device (0: 1 on CPU, 64 on accelerators).
  # Batched kernels may round floats differently: part of the config.
  c.vectorize = 0

  if preset == "quick":
    c.N = (250, 500, 1000)
    c.alpha = _common.linear_grid(0.02, 0.24, 0.02)
    c.num_seeds = 16
  elif preset == "smoke":
    c.N = (200,)
    c.alpha = (0.05, 0.3)
    c.num_seeds = 8
  return c
