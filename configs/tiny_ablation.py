r"""Tiny-transformer component ablation: Muon on {none, QK, VO, FFN, VO+FFN,
all}, Adam elsewhere, on heavy-tailed fact recall (docs/muon_tail.md §7.2,
figure M-6).

Commands (from the repository root), results and runtimes on 2 CPU cores:

  python -m sims.tiny_ablation --config=configs/tiny_ablation.py:smoke --workdir=/tmp/ta_smoke
    m = 5 (S = 32), R = 4, V = 64, 1 layer, d = 32, 20 steps in two segments
    (one orbax checkpoint), no fillers, Adam lr tuned over {0.003, 0.01},
    configurations none, VO, all, 1 seed: ~22 s (compilation). Final loss
    2.06 / 2.12 / 2.20 from log V = 4.16; subject 0 learnt (FTA 1).

  python -m sims.tiny_ablation --config=configs/tiny_ablation.py:quick --workdir=/tmp/ta_quick
    m = 9 (S = 512 subjects, 4096 facts), R = 8, V = 512, 1 layer, d = 64,
    4 heads, B = 128, 300 steps, 2 fillers, 2 seeds (1 for tuning), 4-point
    grids: ~30 s on 2 idle cores (~5 s of it compiling the one program: its
    init, training segment and evaluation, shared by the three stages).
    Measured (derived; the expected ordering of docs/muon_tail.md §7.2 is the
    paper's LLM result):
      Adam lr 0.0178 (final loss 2.42, 1.47, 1.16, 2.03 over 0.00178..0.0562),
      Muon lr 0.0533 (1.20, 1.02, 0.995, 1.16 over 0.00533..0.169): both
      interior. Final population loss, mean of 2 seeds: all 1.005,
      VO+FFN 1.019, FFN 1.027, VO 1.065, QK 1.135, none 1.155; final FTA of
      the last 3 subject groups: 0.42, 0.41, 0.40, 0.37, 0.33, 0.31 (same
      order in each seed); groups 0-5 at FTA 1.0 in every configuration.
      The paper's ordering (all ~ VO+FFN < none ~ QK; Muon on VO or FFN
      lifts the tail) holds at this size, and Muon's W_V W_O, W_in, W_out
      stay more isotropic (H, eRank higher; TopE_10, Q_75/25 lower).
      Not robust to the task: without fillers (--config.n_filler=0, 52 s)
      the tuning picks Muon lr 0.0169 (0.999 vs 1.007 at 0.0533, one seed)
      and the final losses are VO 0.937, all 0.991, VO+FFN 1.04, none 1.09,
      QK 1.09, FFN 1.17: VO alone best and FFN behind Adam.

  python -m sims.tiny_ablation --config=configs/tiny_ablation.py --workdir=/tmp/ta
    Paper-like scale (docs/muon_tail.md §7.2): m = 12 (S = 4096), R = 8, V = 2048, 2
    layers, d = 128, 4 heads, B = 256, 5000 steps, 5 seeds, 5-point grids;
    checkpointed every 500 steps (for a GPU).

Choices the paper leaves open (docs/muon_tail.md §7.2, §10; all config fields):
  the protocol of the paper: Adam b1 = 0.8, b2 = 0.95, Muon momentum 0.95,
  nesterov False, no weight decay; the Adam lr tuned with "none" and the Muon
  lr with "all" (tune_muon_with) at the selected Adam lr, both by the lowest
  final population loss (mean over seeds), then held fixed across the six
  configurations. Grids half a decade apart. schedule = "linear" (decay to 0
  over n_steps, both step sizes), as in ht_memory. Muon acts on the full
  d x d matrices (muon_per_head = False) with optax's 5-step quintic
  Newton-Schulz and its shape factor sqrt(max(1, fan_out / fan_in)) (2 for
  W_in, 1 elsewhere). n_filler = 2 random filler tokens (from a vocabulary of
  filler_vocab = 16) in front of [s, r], so that the query has to find the
  subject (QK has work to do); the population metrics use one fixed filler
  draw per fact and seed. Spectral metrics per matrix averaged over layers;
  the figure's "VO" is the product W_V W_O (vo_matrix = "product"; "separate"
  draws W_V and W_O). auc_tail and fta_tail average the last tail_groups = 3
  subject groups; head_groups = 3. Quick tunes on one seed (tune_num_seeds)
  with 4-point grids and runs in chunks of 4 tasks (batch_size, runtime only):
  the three stages then share one compiled program.
"""

import ml_collections

from configs import _common


ABLATIONS = ("none", "QK", "VO", "FFN", "VO+FFN", "all")


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.ablation = ABLATIONS
  # Step sizes: a grid tunes (stages tune_adam / tune_muon), one value is used as is.
  c.adam_lr = _common.lr_grid(1e-2, 5)
  c.muon_lr = _common.lr_grid(3e-2, 5)
  c.tune_muon_with = "all"
  c.tune_num_seeds = 0  # seeds of the tuning stages (0: all num_seeds)
  c.adam_b1 = 0.8
  c.adam_b2 = 0.95
  c.muon_beta = 0.95
  c.ns_steps = 5
  c.muon_per_head = False
  c.schedule = "linear"
  # The task.
  c.m = 12
  c.R = 8
  c.V = 2048
  c.n_filler = 2
  c.filler_vocab = 16
  c.data_seed = 0
  # The model and training.
  c.num_layers = 2
  c.d = 128
  c.num_heads = 4
  c.ffn_mult = 4
  c.B = 256
  c.n_steps = 5000
  c.num_seeds = 5
  c.base_seed = 0
  # Logging and analysis.
  c.num_evals = 20
  c.spectral_rtol = 1e-12
  c.quantile_method = "linear"
  c.vo_matrix = "product"
  c.tail_groups = 3
  c.head_groups = 3
  c.segment_steps = 500
  c.batch_size = 64  # runtime only: tasks per compiled call
  c.vectorize = 0

  if preset == "quick":
    c.m, c.R, c.V = 9, 8, 512
    c.num_layers, c.d, c.num_heads, c.B, c.n_steps = 1, 64, 4, 128, 300
    c.num_seeds = 2
    c.adam_lr = _common.lr_grid(1e-2, 4)
    c.muon_lr = _common.lr_grid(3e-2, 4)
    c.tune_num_seeds = 1
    c.num_evals = 10
    c.segment_steps = 300  # one segment: no checkpoints
    c.batch_size = 4  # every stage in chunks of 4: one compiled program
  elif preset == "smoke":
    c.ablation = ("none", "VO", "all")
    c.m, c.R, c.V = 5, 4, 64
    c.num_layers, c.d, c.num_heads, c.B, c.n_steps = 1, 32, 4, 64, 20
    c.num_seeds = 1
    c.num_evals = 6
    c.n_filler = 0
    c.adam_lr = (3e-3, 1e-2)
    c.muon_lr = (3e-2,)
    c.tail_groups = 2
    c.segment_steps = 10  # two segments: checkpointed once
    c.batch_size = 2
  return c
