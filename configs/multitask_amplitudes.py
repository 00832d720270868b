r"""Multitasking amplitudes vs dilution at T = 0 (docs/dense_hebbian.md §7;
figure D6).

  python -m sims.multitask_amplitudes --config=configs/multitask_amplitudes.py:smoke --workdir=/tmp/mt_smoke
  python -m sims.multitask_amplitudes --config=configs/multitask_amplitudes.py:quick --workdir=/tmp/mt_quick
    K = 2, 3, 4; d = 0 .. 0.95 in steps of 0.05; N = 2000, 8 seeds: ~6 s
    (3 compiled programs). Measured K = 3 (mean over seeds; reference values
    at N = 4000 of docs/dense_hebbian.md §10 in brackets, tolerance 0.03):
      d = 0.4: (0.590, 0.251, 0.099) [0.604, 0.242, 0.093]
      d = 0.5: (0.494, 0.256, 0.140) [0.487, 0.263, 0.147]
      d = 0.6: (0.373, 0.262, 0.163) [0.373, 0.276, 0.176]
      d = 0.7: (0.287, 0.221, 0.159) [0.287, 0.226, 0.175]
      d = 0.8: (0.202, 0.162, 0.129) [0.198, 0.159, 0.133]
    all within 0.03 (the largest gap 0.016: d = 0.7, m_3). For d < 0.3 random
    starts often end in symmetric mixtures (m_1 < 1 - d on average).
  python -m sims.multitask_amplitudes --config=configs/multitask_amplitudes.py --workdir=/tmp/mt
    Paper scale: N = 10 000, 10 seeds.

Choices (docs/dense_hebbian.md §11): J = (1/N) sum xi xi with zero diagonal;
a random start; T = 0 random-sequential dynamics to a fixed point, ties
keep the spin; amplitudes are |m_k| sorted (a random start may land on -xi).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.K = (2, 3, 4)
  c.d = _common.linear_grid(0.0, 0.95, 0.05)
  c.N = 10_000
  c.T = 0.0
  c.max_sweeps = 100
  c.num_seeds = 10
  c.base_seed = 0
  c.batch_size = 32
  c.vectorize = 0
  if preset == "quick":
    c.N = 2000
    c.num_seeds = 8
  elif preset == "smoke":
    c.K = (3,)
    c.d = (0.2, 0.5)
    c.N = 400
    c.num_seeds = 2
  return c
