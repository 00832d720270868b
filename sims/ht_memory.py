r"""Heavy-tailed training of a linear associative memory: Muon (optax), Adam
and SGD with momentum on power-law class groups with random Gaussian
embeddings (docs/muon_tail.md §7.1, figure M-5; the project's CPU-scale
analogue of Wang et al.'s heavy-tailed QA experiment, arXiv 2509.26030 v2).

    python -m sims.ht_memory --config=configs/ht_memory.py:quick --workdir=DIR

Sweep: (optimizer, lr) pairs, config.lr[optimizer] for each optimizer, times
`num_seeds` seeds. A seed fixes the embeddings E, Ẽ, the initial W and the
sequence of mini-batches, shared by every (optimizer, lr): paired
comparisons (the key fields are empty). Each task trains W (d_s x d_o, from
init_scale x N(0, 1/d_s), 0 by default) for n_steps steps of mini-batch
cross-entropy with B classes drawn i.i.d. from p, and at log-spaced steps
(`eval_steps`) evaluates the exact population metrics and the spectral
isotropy of W. Training runs in segments of `segment_steps` steps; between
segments the state (W, optimiser state, the metrics so far) is saved with
orbax-checkpoint, so a killed run resumes from its last segment and ends with
the records of an uninterrupted run (`assoc.segments`).

Optimisers (assoc.training.optimizers): muon_ns = optax.contrib.muon on W
(MuonDimensionNumbers(0, 1)), nesterov False, momentum beta; adam =
optax.adam; sgd_momentum = optax.sgd with momentum; also signgd, gd and muon
(exact polar). The step size follows `schedule` (constant, linear or cosine
decay to 0 over n_steps) from lr.

Records (DIR/results.jsonl), one per (optimizer, lr, seed):
  optimizer, lr, seed          the run
  steps                        the evaluation steps (list)
  acc_group                    per-group accuracy at each evaluation step
                               (list over steps of lists over groups 0..m)
  loss, acc_weighted, delta, min_P
                               population loss -sum p_k log P_k, p-weighted
                               accuracy, max P_k - min P_k, min P_k (lists)
  entropy, erank, top10, q75_25, rank
                               spectral metrics of W (assoc.metrics.spectral;
                               lists; null where W = 0)
  final_loss, final_acc_group  at the last step
  auc_tail                     area under accuracy vs log(step) between the
                               first and last evaluation step, normalised to
                               [0, 1], averaged over the last `tail_groups`
                               groups (derived)

DIR/selected.jsonl, one record per optimizer, rewritten after every run: the
step size with the lowest final population loss averaged over seeds (never
tail accuracy), its per-seed final loss, auc_tail, head accuracy (groups
0..head_groups-1) and last-group accuracy, and for Muon the per-seed
comparison with each other optimizer's selected run.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import optax
from optax.contrib import MuonDimensionNumbers

from assoc import cli, experiment, heavy_tail, results, segments
from assoc.metrics import spectral
from assoc.training import loop, optimizers
from assoc.training.selection import select

NAME = "ht_memory"
OPTIMIZERS = ("muon_ns", "adam", "sgd_momentum", "signgd", "gd", "muon")
RUNTIME_FIELDS = ("batch_size",)
METRICS = ("loss", "acc_weighted", "delta", "min_P")
SPECTRAL = ("entropy", "erank", "top10", "q75_25")


eval_steps = loop.log_steps  # about num_evals log-spaced steps in [1, n_steps]


def validate(config: ml_collections.ConfigDict) -> list[dict]:
  """Checks the config; returns the sweep's points. Raises ConfigError."""
  req = experiment.require
  names = experiment.axis(config, "optimizer")
  # Before the optimisers are built below.
  experiment.check_choice("schedule", config.schedule, optimizers.RUN_LENGTH_SCHEDULES)
  points = []
  for name in names:
    experiment.check_choice("optimizer", name, OPTIMIZERS)
    req(name in config.lr, f"config.lr has no step sizes for optimizer {name!r} "
        f"(set --config.lr.{name}=...)")
    lrs = experiment.axis(config.lr, name)
    for lr in lrs:
      req(isinstance(lr, (int, float)) and lr > 0,
          f"config.lr.{name} must hold step sizes > 0, got {lr!r}")
    try:  # names, options and their values, before anything compiles
      _optimizer(name, 1.0, config)
    except (ValueError, TypeError) as e:
      raise experiment.ConfigError(f"config.optimizer_options.{name}: {e}") from None
    points += [{"optimizer": name, "lr": float(lr)} for lr in lrs]
  req(isinstance(config.m, int) and 2 <= config.m <= 20,
      f"config.m must be an integer in [2, 20] (K = 2^m classes), got {config.m!r}")
  experiment.check_int(config, "d_s", "d_o", "B", "n_steps", "num_evals", "segment_steps",
                       "num_seeds")
  req(config.init_scale >= 0, f"config.init_scale must be >= 0, got {config.init_scale}")
  experiment.check_choice("quantile_method", config.quantile_method,
                          spectral.QUANTILE_METHODS)
  req(0 < config.spectral_rtol < 1, f"config.spectral_rtol must be in (0, 1), got "
      f"{config.spectral_rtol}")
  req(isinstance(config.tail_groups, int) and 1 <= config.tail_groups <= config.m,
      f"config.tail_groups must be an integer in [1, m = {config.m}], got "
      f"{config.tail_groups!r}")
  req(isinstance(config.head_groups, int) and 1 <= config.head_groups <= config.m,
      f"config.head_groups must be an integer in [1, m = {config.m}], got "
      f"{config.head_groups!r}")
  return points


def _optimizer(name: str, lr, config) -> optax.GradientTransformation:
  lr = optimizers.schedule(lr, config.schedule, config.n_steps)
  opts = dict(config.optimizer_options.get(name, {}))
  if name == "muon_ns":
    opts["weight_dimension_numbers"] = {"W": MuonDimensionNumbers(reduction_axis=0,
                                                                  output_axis=1)}
  return optimizers.make(name, lr, **opts)


def build_task(optimizer: str, config) -> segments.Segmented:
  """The segmented training run of one (optimizer, lr, seed)."""
  groups, _, p_np = heavy_tail.group_law(config.m)
  K = len(groups)
  p = jnp.asarray(p_np, jnp.float32)
  cdf = jnp.asarray(np.minimum(np.cumsum(p_np), 1.0), jnp.float32).at[-1].set(1.0)

  def init(key, hyper):
    W = config.init_scale * jax.random.normal(
        jax.random.fold_in(key, 1), (config.d_s, config.d_o)) / np.sqrt(config.d_s)
    return {"W": W}

  def evaluate(params, ctx):
    E, Et = ctx
    out = heavy_tail.population(params["W"], E, Et, p, groups)
    out.update(spectral.spectral_metrics(params["W"], config.spectral_rtol,
                                         config.quantile_method))
    return out

  return loop.segmented_training(
      init=init,
      context=lambda key: heavy_tail.embeddings(jax.random.fold_in(key, 0), K, config.d_s,
                                                config.d_o),
      data=lambda key_t, ctx: heavy_tail.sample_classes(key_t, cdf, config.B),
      loss=lambda params, idx, ctx: heavy_tail.batch_loss(params, idx, *ctx),
      optimizer=lambda hyper, params: _optimizer(optimizer, hyper["lr"], config),
      evaluate=evaluate, n_steps=config.n_steps, segment_steps=config.segment_steps,
      eval_steps=eval_steps(config.n_steps, config.num_evals))


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) the sweep into `workdir`; returns all records."""
  points = validate(config)
  steps = eval_steps(config.n_steps, config.num_evals)

  def to_record(task, out):
    acc = np.asarray(out["acc_group"])
    rank = np.asarray(out["rank"])
    rec = {"steps": steps, "acc_group": acc.tolist()}
    for k in METRICS:
      rec[k] = out[k]
    for k in SPECTRAL:  # undefined for W = 0
      rec[k] = [None if r == 0 else float(v) for v, r in zip(np.asarray(out[k]), rank)]
    rec["rank"] = rank
    rec["final_loss"] = float(np.asarray(out["loss"])[-1])
    rec["final_acc_group"] = acc[-1].tolist()
    rec["auc_tail"] = float(np.mean([loop.auc(steps, acc[:, g])
                                     for g in range(config.m + 1 - config.tail_groups,
                                                    config.m + 1)]))
    return rec

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda pt: pt["optimizer"],
      inputs_of=lambda pt: {"lr": pt["lr"]},
      build=lambda group, pts: build_task(group, config),
      to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=())
  if jax.process_index() == 0:
    results.write_summary(workdir, "selected.jsonl", selection(records, config))
  return records


def selection(records, config) -> list[dict]:
  """Per optimizer: the lr with the lowest mean final population loss."""
  out = []
  chosen = {}
  for name in dict.fromkeys(r["optimizer"] for r in records):
    runs = [r for r in records if r["optimizer"] == name]
    sel = select(runs, "lr")
    best = sel["selected"]
    picked = sorted((r for r in runs if r["lr"] == best), key=lambda r: r["seed"])
    chosen[name] = picked
    out.append(dict(
        optimizer=name, lr=best, lr_grid=sel["grid"], mean_final_loss=sel["mean_final_loss"],
        at_grid_edge=sel["at_grid_edge"],
        seeds=[r["seed"] for r in picked], final_loss=[r["final_loss"] for r in picked],
        auc_tail=[r["auc_tail"] for r in picked],
        head_acc=[float(np.mean(r["final_acc_group"][:config.head_groups])) for r in picked],
        last_group_acc=[r["final_acc_group"][-1] for r in picked]))
  if "muon_ns" in chosen:
    for rec in out:
      if rec["optimizer"] == "muon_ns":
        continue
      other = {r["seed"]: r["auc_tail"] for r in chosen[rec["optimizer"]]}
      rec["muon_ns_auc_ahead"] = [r["auc_tail"] > other[r["seed"]]
                                  for r in chosen["muon_ns"] if r["seed"] in other]
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
