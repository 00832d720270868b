r"""Tiny-transformer component ablation: Muon on {none, QK, VO, FFN, VO+FFN,
all} and Adam elsewhere, on a synthetic heavy-tailed fact-recall task
(docs/muon_tail.md §7.2, figure M-6; the CPU-scale analogue of the NanoGPT
ablation and heavy-tailed QA of Wang et al., arXiv 2509.26030 v2, §4).

    python -m sims.tiny_ablation --config=configs/tiny_ablation.py:quick --workdir=DIR

Task (assoc.facts): S = 2^m subjects with the heavy-tailed group law, R
relations, V objects, a fixed random fact table from `data_seed`; queries
[fillers..., s, r] with the answer predicted at the last position. Model
(assoc.models.tiny_transformer): pre-norm RMSNorm decoder, learned token
and position embeddings, untied head, no biases, W_Q, W_K, W_V, W_O d x d,
GELU feed-forward of width ffn_mult x d.

Optimisers (the paper's protocol, docs/muon_tail.md §7.2): "none" is `optax.adam` (b1 =
adam_b1, b2 = adam_b2); every other configuration is one
`optax.contrib.muon` call (momentum muon_beta, nesterov False, ns_steps
Newton-Schulz steps with optax's default quintic, no weight decay) whose
`muon_weight_dimension_numbers` put Muon on the named matrices of every
layer (full d x d matrices, or per head with `muon_per_head`) and None
(Adam, `adam_learning_rate`, the same b1, b2) on everything else:
embeddings, head and norms always use Adam (`make_optimizer`). Both step
sizes follow `schedule` (constant, or linear / cosine decay to 0 over
n_steps). The runs use `switchable_optimizer`, which computes that
optimiser with the choice of matrices as a traced input (Muon on every
matrix and Adam on every leaf, each leaf's update taken from the one its
configuration names); it equals `make_optimizer` for every configuration
(bit for bit eagerly, to float32 rounding when compiled; tests/
test_muon_tiny_ablation.py), and lets every configuration, step size and
stage run in one compiled program.

Protocol, in three stages, each an ordinary resumable sweep:
  1. DIR/tune_adam: "none" over the adam_lr grid; the Adam lr with the lowest
     final population loss (mean over the first tune_num_seeds seeds, 0 = all)
     is kept (skipped for one value).
  2. DIR/tune_muon: `tune_muon_with` ("all") over the muon_lr grid at that
     Adam lr; the lowest final loss gives the Muon lr (skipped for one value).
  3. DIR: every configuration of `ablation` at the two selected step sizes.
A seed fixes the initial parameters, the mini-batches and the evaluation
fillers, shared by every configuration and step size (paired comparisons;
the key fields are empty), so stage 3's "none" and "all" records repeat the
tuning runs at the selected step sizes exactly. Training runs in segments of
`segment_steps` steps, checkpointed with orbax in between (assoc.segments).

Records (DIR/results.jsonl, and the same keys in DIR/tune_*/results.jsonl),
one per (ablation, adam_lr, muon_lr, seed):
  ablation, adam_lr, muon_lr, seed   the run (muon_lr null for "none")
  muon_matrices                 the matrices Muon updated
  steps                         evaluation steps (log- and linearly spaced)
  loss, acc_weighted            exact population loss -sum p(s, r) log P(o | s, r)
                                and p-weighted first-token accuracy (lists)
  fta_group                     first-token accuracy per subject group at each
                                evaluation step (list over steps of lists
                                over groups 0..m)
  {H,erank,top10,q75_25}_{W_V,W_O,W_VW_O,W_in,W_out}
                                spectral isotropy (assoc.metrics.spectral) of
                                W_V, W_O, the product W_V W_O, W_in, W_out,
                                averaged over layers (lists)
  final_loss, final_fta_group   at the last step
  fta_tail                      final FTA averaged over the last tail_groups groups
  auc_tail                      area under FTA vs log(step), normalised to
                                [0, 1], averaged over the last tail_groups
                                groups (derived)
DIR/selected.jsonl: one record per stage (tune_adam, tune_muon) with the
grid, the mean final loss per step size, the selection and whether it sits
on the grid's edge, then one record per configuration with its per-seed
final loss, tail FTA, head FTA and auc_tail.
"""

from __future__ import annotations

import os

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import optax

from assoc import cli, experiment, facts, results, segments
from assoc.metrics import spectral
from assoc.models import tiny_transformer as tt
from assoc.training import loop, optimizers
from assoc.training.selection import select

NAME = "tiny_ablation"
RUNTIME_FIELDS = ("batch_size",)
SPECTRAL_MATRICES = ("W_V", "W_O", "W_VW_O", "W_in", "W_out")
SPECTRAL = ("entropy", "erank", "top10", "q75_25")
SPECTRAL_KEYS = {"entropy": "H", "erank": "erank", "top10": "top10", "q75_25": "q75_25"}
VO_MATRICES = ("product", "separate")
SPECTRAL_RECORD_KEYS = tuple(f"{SPECTRAL_KEYS[k]}_{name}" for name in SPECTRAL_MATRICES
                             for k in SPECTRAL)


def components_of(ablation: str) -> tuple[str, ...]:
  """"none" -> (), "all" -> (QK, VO, FFN), "VO+FFN" -> (VO, FFN), ..."""
  if ablation == "none":
    return ()
  if ablation == "all":
    return tuple(tt.COMPONENTS)
  return tt.check_components(ablation.split("+"))


def eval_steps(n_steps: int, num: int) -> np.ndarray:
  """About `num` log-spaced and `num` linearly spaced steps in [1, n_steps]
  (the loss curve's end is drawn on a linear axis)."""
  lin = np.round(np.linspace(n_steps / num, n_steps, num)).astype(int)
  return np.union1d(loop.log_steps(n_steps, num), lin[lin >= 1])


def task_of(config) -> facts.FactTask:
  return facts.FactTask(m=config.m, R=config.R, V=config.V, n_filler=config.n_filler,
                        filler_vocab=config.filler_vocab, data_seed=config.data_seed)


def model_of(config) -> tt.TinyTransformer:
  task = task_of(config)
  return tt.TinyTransformer(vocab_in=task.vocab_in, vocab_out=config.V, max_len=task.length,
                            d=config.d, num_heads=config.num_heads,
                            num_layers=config.num_layers, ffn_mult=config.ffn_mult)


def validate(config: ml_collections.ConfigDict) -> None:
  """Checks the config before anything compiles. Raises ConfigError."""
  req = experiment.require
  ablations = experiment.axis(config, "ablation")
  for a in ablations:
    try:
      components_of(a)
    except ValueError as e:
      raise experiment.ConfigError(
          f"config.ablation: {a!r}: {e} (or 'none', 'all', joined with '+')") from None
  req(len(set(ablations)) == len(ablations), f"config.ablation repeats a configuration: {ablations}")
  try:
    components_of(config.tune_muon_with)
  except ValueError as e:
    raise experiment.ConfigError(f"config.tune_muon_with: {e}") from None
  req(config.tune_muon_with != "none", "config.tune_muon_with must name Muon matrices, not 'none'")
  for f in ("adam_lr", "muon_lr"):
    values = experiment.axis(config, f)
    for v in values:
      req(isinstance(v, (int, float)) and v > 0, f"config.{f} must hold step sizes > 0, got {v!r}")
  req(isinstance(config.m, int) and 1 <= config.m <= 16,
      f"config.m must be an integer in [1, 16] (S = 2^m subjects), got {config.m!r}")
  experiment.check_int(config, "R", "V", "d", "num_heads", "num_layers", "ffn_mult", "B",
                       "n_steps", "num_evals", "segment_steps", "num_seeds", "filler_vocab",
                       "ns_steps")
  req(isinstance(config.tune_num_seeds, int) and 0 <= config.tune_num_seeds <= config.num_seeds,
      f"config.tune_num_seeds must be an integer in [0, num_seeds = {config.num_seeds}] "
      f"(0: all seeds), got {config.tune_num_seeds!r}")
  req(config.V >= 2, f"config.V must be >= 2 (object tokens), got {config.V}")
  experiment.check_int(config, "n_filler", at_least=0)
  req(config.d % config.num_heads == 0,
      f"config.d = {config.d} must be a multiple of config.num_heads = {config.num_heads}")
  for f in ("adam_b1", "adam_b2", "muon_beta"):
    req(0 <= config[f] < 1, f"config.{f} must be in [0, 1), got {config[f]}")
  experiment.check_choice("schedule", config.schedule, optimizers.RUN_LENGTH_SCHEDULES)
  experiment.check_choice("quantile_method", config.quantile_method, spectral.QUANTILE_METHODS)
  experiment.check_choice("vo_matrix", config.vo_matrix, VO_MATRICES)
  req(0 < config.spectral_rtol < 1, f"config.spectral_rtol must be in (0, 1), got "
      f"{config.spectral_rtol}")
  for f in ("tail_groups", "head_groups"):
    req(isinstance(config[f], int) and 1 <= config[f] <= config.m,
        f"config.{f} must be an integer in [1, m = {config.m}], got {config[f]!r}")


def _schedule(lr, config):
  return optimizers.schedule(lr, config.schedule, config.n_steps)


def make_optimizer(ablation: str, adam_lr, muon_lr, params, config) -> optax.GradientTransformation:
  """Adam for "none"; otherwise optax.contrib.muon with Muon on the named
  matrices and Adam (adam_lr) on every other leaf."""
  adam = _schedule(adam_lr, config)
  if ablation == "none":
    return optimizers.make("adam", adam, b1=config.adam_b1, b2=config.adam_b2)
  dims = tt.muon_dimension_numbers(params, components_of(ablation), config.muon_per_head)
  return optimizers.make(
      "muon_ns", _schedule(muon_lr, config), weight_dimension_numbers=dims,
      ns_steps=config.ns_steps, beta=config.muon_beta, nesterov=False,
      adam_b1=config.adam_b1, adam_b2=config.adam_b2, adam_learning_rate=adam)


def switchable_optimizer(adam_lr, muon_lr, on: dict, params, config
                         ) -> optax.GradientTransformation:
  """The optimiser of `make_optimizer` with the configuration traced: on =
  {"QK": b, "VO": b, "FFN": b} (booleans, possibly traced) picks the Muon
  components; equal to make_optimizer's for every choice (to float32
  rounding; tests check it),
  so every configuration runs in one compiled program."""
  dims = tt.muon_dimension_numbers(params, tuple(tt.COMPONENTS), config.muon_per_head)
  return optimizers.switchable_muon(
      _schedule(muon_lr, config), dims, tt.muon_switch(params, on),
      adam_learning_rate=_schedule(adam_lr, config), ns_steps=config.ns_steps,
      beta=config.muon_beta, nesterov=False, adam_b1=config.adam_b1, adam_b2=config.adam_b2)


def build_task(config) -> segments.Segmented:
  """The segmented training run of one (configuration, step sizes, seed);
  the configuration is an input (muon_QK, muon_VO, muon_FFN in {0, 1})."""
  task, model = task_of(config), model_of(config)
  groups_np, p_np = task.law()
  num_groups = config.m + 1
  table = jnp.asarray(task.table())
  cdf = jnp.asarray(np.minimum(np.cumsum(p_np), 1.0), jnp.float32).at[-1].set(1.0)
  p_fact = jnp.asarray(np.repeat(p_np / config.R, config.R), jnp.float32)
  fact_group = jnp.asarray(np.repeat(groups_np, config.R))
  group_size = jnp.asarray(np.bincount(groups_np, minlength=num_groups) * config.R, jnp.float32)
  answers = table.reshape(-1)

  def loss(params, batch, queries):
    tokens, targets = batch
    logits = model.apply(params, tokens, last_only=True)
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), targets[:, None], 1))

  def evaluate(params, queries):
    logits = model.apply(params, queries, last_only=True)
    lp_all = jax.nn.log_softmax(logits)
    lp = jnp.take_along_axis(lp_all, answers[:, None], 1)[:, 0]
    correct = (jnp.argmax(logits, axis=1) == answers).astype(jnp.float32)
    out = {"loss": -jnp.sum(p_fact * lp), "acc_weighted": jnp.sum(p_fact * correct),
           "fta_group": jax.ops.segment_sum(correct, fact_group, num_groups) / group_size}
    per_layer = [tt.matrices(params, i) for i in range(config.num_layers)]
    for name in SPECTRAL_MATRICES:
      metrics = [spectral.spectral_metrics(mats[name], config.spectral_rtol,
                                           config.quantile_method) for mats in per_layer]
      for k in SPECTRAL:
        out[f"{SPECTRAL_KEYS[k]}_{name}"] = jnp.mean(jnp.stack([x[k] for x in metrics]))
    return out

  def optimizer(hyper, params):
    on = {c: hyper[f"muon_{c}"] > 0.5 for c in tt.COMPONENTS}
    return switchable_optimizer(hyper["adam_lr"], hyper["muon_lr"], on, params, config)

  return loop.segmented_training(
      init=lambda key, hyper: model.init(jax.random.fold_in(key, 1),
                                         jnp.zeros((1, task.length), jnp.int32)),
      context=lambda key: task.population_inputs(jax.random.fold_in(key, 3))[0],
      data=lambda key_t, queries: task.sample(key_t, cdf, table, config.B),
      loss=loss, optimizer=optimizer, evaluate=evaluate, n_steps=config.n_steps,
      segment_steps=config.segment_steps, eval_steps=eval_steps(config.n_steps, config.num_evals))


_BUILT: dict[str, segments.Segmented] = {}


def _built(config) -> segments.Segmented:
  """build_task(config), one object per config: the stages then share the
  engine's jitted programs (one compilation per chunk shape)."""
  text = config.to_json_best_effort(sort_keys=True)
  if text not in _BUILT:
    _BUILT.clear()
    _BUILT[text] = build_task(config)
  return _BUILT[text]


def inputs_of(point) -> dict:
  """A task's numeric inputs: the step sizes and the Muon components."""
  chosen = components_of(point["ablation"])
  return {"adam_lr": point["adam_lr"], "muon_lr": point["muon_lr"] or 0.0,
          **{f"muon_{c}": float(c in chosen) for c in tt.COMPONENTS}}


def _stage(config, workdir: str, points: list[dict], num_seeds: int) -> list[dict]:
  """One resumable sweep over (ablation, adam_lr, muon_lr) x seeds."""
  steps = eval_steps(config.n_steps, config.num_evals)
  tail = range(config.m + 1 - config.tail_groups, config.m + 1)

  def to_record(task, out):
    fta = np.asarray(out["fta_group"])
    rec = {"muon_matrices": list(tt.muon_matrices(components_of(task.point["ablation"]))),
           "steps": steps, "loss": out["loss"], "acc_weighted": out["acc_weighted"],
           "fta_group": fta.tolist()}
    rec.update({k: out[k] for k in SPECTRAL_RECORD_KEYS})
    rec["final_loss"] = float(np.asarray(out["loss"])[-1])
    rec["final_fta_group"] = fta[-1].tolist()
    rec["fta_tail"] = float(np.mean(fta[-1, list(tail)]))
    rec["auc_tail"] = float(np.mean([loop.auc(steps, fta[:, g]) for g in tail]))
    return rec

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=num_seeds,
      group_of=lambda pt: NAME,  # every configuration in one compiled program
      inputs_of=inputs_of, build=lambda group, pts: _built(config),
      to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=())


def _point(ablation: str, adam_lr: float, muon_lr: float) -> dict:
  return {"ablation": ablation, "adam_lr": float(adam_lr),
          "muon_lr": None if ablation == "none" else float(muon_lr)}


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) the tuning stages and the ablation; returns the
  ablation's records."""
  validate(config)
  # Refuse a different config, or another run, before any stage runs; hold
  # the workdir through every stage.
  with experiment.claim(workdir, config, RUNTIME_FIELDS):
    return _stages(config, workdir)


def _stages(config, workdir: str) -> list[dict]:
  adam_grid = [float(v) for v in experiment.axis(config, "adam_lr")]
  muon_grid = [float(v) for v in experiment.axis(config, "muon_lr")]
  summary = []
  tune_seeds = config.tune_num_seeds or config.num_seeds
  adam_lr, muon_lr = adam_grid[0], muon_grid[0]
  if len(adam_grid) > 1:
    recs = _stage(config, os.path.join(workdir, "tune_adam"),
                  [_point("none", a, muon_grid[0]) for a in adam_grid], tune_seeds)
    sel = select(recs, "adam_lr")
    adam_lr = sel["selected"]
    summary.append({"stage": "tune_adam", "ablation": "none", **sel})
  if len(muon_grid) > 1:
    recs = _stage(config, os.path.join(workdir, "tune_muon"),
                  [_point(config.tune_muon_with, adam_lr, m) for m in muon_grid], tune_seeds)
    sel = select(recs, "muon_lr")
    muon_lr = sel["selected"]
    summary.append({"stage": "tune_muon", "ablation": config.tune_muon_with,
                    "adam_lr": adam_lr, **sel})
  ablations = experiment.axis(config, "ablation")
  records = _stage(config, workdir, [_point(a, adam_lr, muon_lr) for a in ablations],
                   config.num_seeds)
  for a in ablations:
    runs = sorted((r for r in records if r["ablation"] == a), key=lambda r: r["seed"])
    summary.append(dict(
        stage="ablation", ablation=a, adam_lr=adam_lr, muon_lr=runs[0]["muon_lr"],
        seeds=[r["seed"] for r in runs], final_loss=[r["final_loss"] for r in runs],
        fta_tail=[r["fta_tail"] for r in runs], auc_tail=[r["auc_tail"] for r in runs],
        head_fta=[float(np.mean(r["final_fta_group"][:config.head_groups])) for r in runs]))
  if jax.process_index() == 0:
    results.write_summary(workdir, "selected.jsonl", summary)
  return records


if __name__ == "__main__":
  cli.main(run, NAME)
