r"""Hopfield networks at temperature T: heat-bath Monte Carlo against the AGS
phase diagram (docs/hopfield.md §1.2-§1.4, figures H2 and H3).

Commands (from the repository root) and what they give on 2 CPU cores:

  python -m sims.hopfield_glauber --config=configs/hopfield_glauber.py:smoke --workdir=/tmp/hg_smoke
    N = 200, alpha in {0.02, 0.05}, T in {0.3, 1.3}, 4 seeds: ~10 s. At T = 0.3
    the runs stay at the pattern (m_mean ~ RS m = 0.99); at T = 1.3 (above
    T_g) they are paramagnetic (|m| < 0.2).

  python -m sims.hopfield_glauber --config=configs/hopfield_glauber.py:quick --workdir=/tmp/hg_quick
    N = 500, 8 loads x 14 temperatures, 4 seeds, 50 + 50 sweeps: ~30 s. The
    T where the mean m falls through 1/2 tracks T_M(alpha) (target: within
    0.03, docs/hopfield.md §6). Measured T_50 - T_M: -0.012, -0.008, -0.008
    at alpha = 0.01, 0.02, 0.03, then +0.032, +0.035, +0.045 at alpha = 0.05,
    0.07, 0.10 and +0.011 at 0.12: above alpha = 0.03 the retrieval state
    outlives T_M in these 100 sweeps (the reference simulation of
    docs/hopfield.md §1.4 also finds T_50 ~ 0.55 against T_M = 0.542 at
    alpha = 0.05, and 0.32 against 0.315 at 0.10), so the report
    (paper_figs.report) finds alpha = 0.05 just outside 0.03.

  python -m sims.hopfield_glauber --config=configs/hopfield_glauber.py --workdir=/tmp/hg
    Paper scale: N = 2000, 100 + 100 sweeps, 8 seeds, two replicas (q).

Choices the papers leave open (docs/hopfield.md §8; config fields):
  order = "sequential" (random-sequential heat bath, the Boltzmann measure
  AGS describes; "parallel" is Little dynamics, labelled, not compared with
  AGS); start at pattern 1 (flip_frac = 0); retrieving = time-averaged m >
  0.5; the T grid starts at 0.05 (T = 0 is the foundation's sim).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.N = (2000,)
  c.alpha = (0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.07, 0.10, 0.12, 0.14)
  c.T = _common.linear_grid(0.05, 1.4, 0.05)
  c.rule = ("hebbian",)
  c.num_seeds = 8
  c.base_seed = 0
  c.rule_options = ml_collections.ConfigDict({
      "hebbian": {}, "storkey": {}, "pseudo_inverse": {"zero_diag": True}})
  c.order = "sequential"       # "sequential" (Boltzmann) or "parallel" (Little)
  c.burn_in = 100
  c.measure = 100
  c.replicas = 2               # 2: also measure q between two replicas
  c.flip_frac = 0.0
  c.retrieving_threshold = 0.5
  # Runtime only.
  c.batch_size = 128
  c.block = 32
  c.vectorize = 0

  if preset == "quick":
    c.N = (500,)
    c.alpha = (0.01, 0.02, 0.03, 0.05, 0.07, 0.10, 0.12, 0.14)
    c.T = _common.linear_grid(0.05, 0.9, 0.05) + (1.0, 1.1, 1.2, 1.3)
    c.num_seeds = 4
    c.burn_in = 50
    c.measure = 50
    c.replicas = 1
  elif preset == "smoke":
    c.N = (200,)
    c.alpha = (0.02, 0.05)
    c.T = (0.3, 1.3)
    c.num_seeds = 4
    c.burn_in = 20
    c.measure = 20
    c.replicas = 2
  return c
