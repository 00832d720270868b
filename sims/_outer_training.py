"""Trained outer-product memories on Zipf data: the engine glue shared by
`sims.outer_grid`, `sims.outer_sgd_map` and `sims.outer_embeddings`
(docs/outer_product.md §3.4-§3.5, §4 "grid experiment").

A config holds named `panels`; each panel is a sub-grid: every field may be a
list (swept, Cartesian product) or a value. The run is the union of the
panels' points (a point in two panels runs once; the panel names are not in
the records). Panel fields:

  N, M, alpha          tokens, classes, Zipf exponent
  d                    memory size
  model                "matrix" (W trained, E and U fixed), "learnable" (E, W,
                       U trained) or "exponential" (logits U ReLU(e_x), E and U
                       trained)
  optimizer            "sgd", "adam", "sign_gd", "normalized_gd"
  ln                   L2-normalise the hidden vector (bool)
  gamma                step size γ (adam: γ/d for W, γ/√d for E, U when
                       lr_rescale)
  B                    batch size |B| of fresh samples; 0 = the full
                       population gradient
  T                    data sizes to record at (samples; steps T/|B|, |B|
                       must divide T), or None and then
  steps                step counts to record at (0 = the initial model)
  schedule             "constant", or "step": γ·decay_factor from decay_step on
  decay_factor, decay_step
  w0_std, emb_std      W_0 and E, U entries N(0, std^2); None: 1/√d (the grid)
  adam_b1, adam_b2, adam_eps, lr_rescale
  eq16_denominator     "M" or "M-1" (the Eq. 16 map run beside SGD, config.eq16)

Each task (point x seed) trains once, for its largest step count, and
writes one record per recorded step count (engine inner points). Random
numbers depend on (N, M, alpha, d, seed) only: every optimiser, γ, |B|, LN
and model starts from the same E, U, W_0 (paired comparisons). SGD on the
matrix model without LN runs in its exact kernel form
(`assoc.outer.sgd_kernel`, O(N^2 M) per step, unless config.sgd_kernel is
False); everything else in one program per (model, d bucket): d <=
config.d_buckets[k] runs at that size with the coordinates beyond d at 0,
each batch size of a group its own branch of the program. Adam(β = 0),
sign GD and normalised GD on the matrix model without LN train A = W^T U^T
instead of W, every d in one program (`assoc.outer.training.train_factored`:
no d x d matrix or optimiser state is stored; O(d d_max M) per step for the
sign-type steps, in cache-sized blocks; config.factored = False trains W
itself).

Records, one per (point, recorded step, seed):
  N, M, alpha, d, model, optimizer, ln, gamma, B, schedule, decay_factor,
  decay_step, w0_std, emb_std, adam_b1, adam_b2, adam_eps, lr_rescale,
  eq16_denominator (the point; None values as null), step, T (= step |B|;
  null for the population gradient), seed
  error, error_head, error_tail   population error; unweighted error rates of
                       the n_head most / least frequent tokens
  loss                 population cross-entropy
  error_unseen         the part of `error` on tokens that the run's first T
                       samples do not hold (nothing is learned about them:
                       about 1/M of them are right by chance); null for B = 0
  unseen_mass_data     the p-mass of those tokens in this run's data (its
                       mean over seeds is `unseen_mass`); null for B = 0
  error_eq16           (config.eq16) error of W_q with q from the mini-batch
                       Eq. 16 map on the same batches and embeddings (its
                       premise: SGD, matrix model, W_0 = 0)
  grad_std             (config.grad_std) std over the entries of the
                       population gradient of W (models with W)
  unseen_mass          sum_x p(x) (1 - p(x))^T, the mass of tokens a data set
                       of size T misses on average (theory; null for B = 0)

DIR/fits.jsonl, one record per curve with at least two points: axis ("d":
error vs d at fixed T, or "T": vs T at fixed d), tuned (the error is the
per-seed minimum over gamma, which is optimistic; gamma is then absent),
the curve's fixed fields, x_min, x_max, num_trials, slope, slope_stderr
(bootstrap over seeds), slope_stderr_fit, intercept, num_points and
slope_theory (null: no closed form for trained memories).
"""

from __future__ import annotations

import functools
import itertools
import json
from typing import Any

import jax
import ml_collections

from assoc import experiment, results
from assoc.outer import sgd_kernel, training
from theory import scaling_laws as sl
from theory import sgd_map

MODELS = ("matrix", "learnable", "exponential")
SCHEDULES = ("constant", "step")
SWEPT = ("N", "M", "alpha", "d", "model", "optimizer", "ln", "gamma", "B", "schedule",
         "decay_factor", "decay_step", "w0_std", "emb_std", "adam_b1", "adam_b2",
         "adam_eps", "lr_rescale", "eq16_denominator")
FIELDS = SWEPT + ("T", "steps")
KEY_FIELDS = ("N", "M", "alpha", "d")
RUNTIME_FIELDS = ("batch_size",)
FITS_FILE = "fits.jsonl"


def _values(panel, name):
  v = panel[name]
  return tuple(v) if isinstance(v, (tuple, list)) else (v,)


def point_key(p) -> str:
  return json.dumps(p, sort_keys=True)


def _short(p):
  return ", ".join(f"{k}={p[k]}" for k in ("N", "M", "d", "model", "optimizer", "gamma", "B"))


def points_of(config) -> tuple[list[dict], dict[str, list[dict]]]:
  """The union of the panels' points, in panel order, without repeats, and
  the checkpoints {"step", "T"} recorded for each (by _key of the point; a
  point in several panels records the union of their checkpoints)."""
  req = experiment.require
  req(len(config.panels) > 0, "config.panels is empty: nothing to train")
  points, record = [], {}
  for name, panel in config.panels.items():
    missing = sorted(set(FIELDS) - set(panel.keys()))
    req(not missing, f"config.panels.{name} lacks field(s) {', '.join(missing)}")
    extra = sorted(set(panel.keys()) - set(FIELDS))
    req(not extra, f"config.panels.{name} has unknown field(s) {', '.join(extra)}; "
        f"fields: {', '.join(FIELDS)}")
    req((panel.T is None) != (panel.steps is None),
        f"config.panels.{name}: give exactly one of T (data sizes) and steps (step counts)")
    for values in itertools.product(*(_values(panel, k) for k in SWEPT)):
      p = dict(zip(SWEPT, values))
      where = f"config.panels.{name} (point {_short(p)})"
      req(experiment.is_int(p["B"]) and p["B"] >= 0,
          f"{where}: B must be an integer >= 0 (0: the full population gradient)")
      if panel.T is not None:
        req(p["B"] > 0, f"{where}: data sizes T need a batch size B > 0 (use steps for B = 0)")
        for T in _values(panel, "T"):
          req(experiment.is_int(T) and T >= 0 and T % p["B"] == 0,
              f"{where}: every T must be an integer multiple of B = {p['B']}, got {T!r}")
        at = [{"step": T // p["B"], "T": T} for T in _values(panel, "T")]
      else:
        for step in _values(panel, "steps"):
          req(experiment.is_int(step) and step >= 0,
              f"{where}: every step count must be an integer >= 0, got {step!r}")
        at = [{"step": st, "T": st * p["B"] if p["B"] else None}
              for st in _values(panel, "steps")]
      k = point_key(p)
      if k not in record:
        points.append(p)
        record[k] = []
      merged = {c["step"]: c for c in record[k] + at}
      record[k] = [merged[st] for st in sorted(merged)]
  return points, record


def validate(config: ml_collections.ConfigDict) -> tuple[list[dict], dict]:
  """Checks the config; returns (points, checkpoints by point). ConfigError."""
  req = experiment.require
  experiment.check_int(config, "n_head")
  points, record = points_of(config)
  for p in points:
    where = f"config.panels (point {_short(p)})"
    for k in ("N", "M", "d"):
      req(experiment.is_int(p[k]) and p[k] >= 1,
          f"{where}: {k} must be an integer >= 1, got {p[k]!r}")
    req(p["N"] >= config.n_head, f"{where}: N = {p['N']} < n_head = {config.n_head}")
    req(p["M"] >= 1, f"{where}: M must be >= 1, got {p['M']}")
    req(isinstance(p["alpha"], (int, float)) and p["alpha"] > 0, f"{where}: alpha must be > 0")
    experiment.check_choice("panels.model", p["model"], MODELS)
    experiment.check_choice("panels.optimizer", p["optimizer"], training.OPTIMIZERS)
    experiment.check_choice("panels.schedule", p["schedule"], SCHEDULES)
    experiment.check_choice("panels.eq16_denominator", p["eq16_denominator"],
                            sgd_map.DENOMINATORS)
    req(isinstance(p["ln"], bool), f"{where}: ln must be true or false, got {p['ln']!r}")
    req(isinstance(p["lr_rescale"], bool), f"{where}: lr_rescale must be true or false")
    req(isinstance(p["gamma"], (int, float)) and p["gamma"] > 0, f"{where}: gamma must be > 0")
    req(p["decay_factor"] > 0 and experiment.is_int(p["decay_step"]) and p["decay_step"] >= 0,
        f"{where}: decay_factor must be > 0 and decay_step an integer >= 0")
    for k in ("w0_std", "emb_std"):
      req(p[k] is None or p[k] >= 0, f"{where}: {k} must be >= 0 or None (1/sqrt(d))")
    req(0 <= p["adam_b1"] < 1 and 0 <= p["adam_b2"] < 1 and p["adam_eps"] > 0,
        f"{where}: adam needs 0 <= b1, b2 < 1 and eps > 0")
    req(not (p["model"] == "exponential" and config.grad_std),
        f"{where}: config.grad_std needs a model with W (not exponential)")
  experiment.check_int(config, "num_seeds")
  req(all(experiment.is_int(b) and b >= 1 for b in experiment.axis(config, "d_buckets")),
      "config.d_buckets must be integers >= 1")
  return points, record


def d_bucket(d, buckets) -> int:
  fits = [b for b in sorted(buckets) if b >= d]
  return fits[0] if fits else d


def group_of(p, config):
  """(kind, d bucket): kind "sgd_kernel" for SGD on the matrix model without
  LN (if config.sgd_kernel; any d runs in it at the cost of N^2 M per
  step); "factored" for the other stateless optimisers (Adam with b1 = b2 =
  0, sign GD, normalised GD) on the matrix model without LN (if
  config.factored and not config.grad_std: `training.train_factored`, W
  never formed, every d in one program); else the model."""
  matrix = p["model"] == "matrix" and not p["ln"]
  if config.sgd_kernel and matrix and p["optimizer"] == "sgd":
    return ("sgd_kernel", 0)
  if (config.factored and matrix and not config.grad_std and training.factored_applies(
      "linear", p["ln"], p["optimizer"], p["adam_b1"], p["adam_b2"])):
    return ("factored", 0)
  model = "exponential" if p["model"] == "exponential" else "linear"
  return (model, d_bucket(p["d"], config.d_buckets))


def inputs_of(p, at, K) -> dict[str, Any]:
  """The traced settings (training.Hyper fields) of point p recording at `at`,
  its checkpoints padded to K with the last one."""
  d = p["d"]
  steps = [c["step"] for c in at]
  return dict(
      N=p["N"], d=d, M=p["M"], alpha=float(p["alpha"]),
      optimizer=training.OPTIMIZERS.index(p["optimizer"]), ln=int(p["ln"]),
      learn_embeddings=int(p["model"] == "learnable"), gamma=float(p["gamma"]),
      B=p["B"], steps=max(steps), checkpoints=tuple(steps + [steps[-1]] * (K - len(steps))),
      decay_step=p["decay_step"] if p["schedule"] == "step" else 0,
      decay_factor=float(p["decay_factor"]) if p["schedule"] == "step" else 1.0,
      w0_std=float(d ** -0.5 if p["w0_std"] is None else p["w0_std"]),
      emb_std=float(d ** -0.5 if p["emb_std"] is None else p["emb_std"]),
      adam_b1=float(p["adam_b1"]), adam_b2=float(p["adam_b2"]), adam_eps=float(p["adam_eps"]),
      lr_rescale=int(p["lr_rescale"]),
      eq16_D=float(p["M"] if p["eq16_denominator"] == "M" else p["M"] - 1))


def make_setup(group, group_points, config, record, K) -> training.Setup:
  """The static settings of a compile group: its largest sizes, and the
  optimisers, LN settings and batch sizes it holds."""
  kind = group[0]
  return training.Setup(
      N_max=max(p["N"] for p in group_points),
      d_max=(max(p["d"] for p in group_points) if kind in ("sgd_kernel", "factored")
             else group[1]),
      M_max=max(p["M"] for p in group_points),
      B_sizes=tuple(sorted({p["B"] for p in group_points})),
      steps_max=max(record[point_key(p)][-1]["step"] for p in group_points),
      T_max=max(record[point_key(p)][-1]["step"] * p["B"] for p in group_points),
      num_checkpoints=K,
      model="exponential" if kind == "exponential" else "linear",
      factored=kind == "factored",
      n_head=config.n_head, eq16=config.eq16, grad_std=config.grad_std,
      optimizers=tuple(o for o in training.OPTIMIZERS
                       if any(p["optimizer"] == o for p in group_points)),
      ln_modes=tuple(sorted({p["ln"] for p in group_points})))


def run(config: ml_collections.ConfigDict, workdir: str, name: str) -> list[dict]:
  """Runs (or resumes) the panels into `workdir`; returns all records."""
  points, record = validate(config)
  K: dict = {}
  for p in points:
    g = group_of(p, config)
    K[g] = max(K.get(g, 0), len(record[point_key(p)]))

  def build(group, group_points):
    setup = make_setup(group, group_points, config, record, K[group])
    fn = sgd_kernel.train if group[0] == "sgd_kernel" else training.train
    return lambda key, **inputs: fn(key, training.Hyper(**inputs), setup)

  def to_record(task, out):
    p = task.point
    rec = dict(error=out["error"], error_head=out["error_head"], error_tail=out["error_tail"],
               loss=out["loss"])
    data = p["B"] > 0
    rec["error_unseen"] = out["error_unseen"] if data else None
    rec["unseen_mass_data"] = out["unseen_mass_data"] if data else None
    if config.eq16:
      rec["error_eq16"] = out["error_eq16"]
    if config.grad_std:
      rec["grad_std"] = out["grad_std"]
    rec["unseen_mass"] = (None if p["T"] is None
                          else sl.unseen_mass(_law(p["N"], float(p["alpha"])), p["T"]))
    return rec

  records = experiment.run(
      name, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: group_of(p, config),
      inputs_of=lambda p: inputs_of(p, record[point_key(p)], K[group_of(p, config)]),
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      key_fields=KEY_FIELDS, inner_axes=lambda p: record[point_key(p)])
  if jax.process_index() == 0:
    results.write_summary(workdir, FITS_FILE, fit_curves(records, config))
  return records


def _curves(records, axis: str, tuned: bool):
  """{fixed fields: {x: {seed: error}}} of every curve along `axis` ("d" or
  "T"); tuned: the error is the per-seed minimum over gamma (optimistic)."""
  fixed_names = [k for k in SWEPT + ("T",) if k != axis and not (tuned and k == "gamma")]
  curves: dict = {}
  for r in records:
    if r["T"] is None and axis == "T":
      continue
    fixed = tuple(r[k] for k in fixed_names)
    cell = curves.setdefault(fixed, {}).setdefault(r[axis], {})
    cell[r["seed"]] = min(cell.get(r["seed"], float("inf")), r["error"])
  return fixed_names, curves


def fit_curves(records, config) -> list[dict]:
  """Log-log slopes of the error along d (at every T) and along T (at every
  d), of each setting and of each setting tuned over gamma (per seed)."""
  out = []
  for axis in ("d", "T"):
    for tuned in (False, True):
      names, curves = _curves(records, axis, tuned)
      for fixed, cells in curves.items():
        xs = sorted(x for x in cells if x is not None and x > 0)
        if len(xs) < 2 or (tuned and len({r["gamma"] for r in records}) < 2):
          continue
        seeds = sorted(set.intersection(*(set(cells[x]) for x in xs)))
        fit = sl.loglog_fit(xs, [[cells[x][s] for s in seeds] for x in xs],
                            num_bootstrap=config.num_bootstrap, seed=config.base_seed)
        out.append(dict(axis=axis, tuned=tuned, **dict(zip(names, fixed)), x_min=xs[0],
                        x_max=xs[-1], num_trials=len(seeds), **fit, slope_theory=None))
  return out


@functools.lru_cache(maxsize=None)
def _law(N, alpha):
  return sl.zipf(N, alpha)
