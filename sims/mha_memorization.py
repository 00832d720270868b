"""How many random labels one multi-head attention layer memorises, against
the number of heads H, the context length n and the head dimension d_h
(Mahdavi, Liao & Thrampoulidis, ICLR 2024, arXiv 2306.02010;
docs/pavlovian.md §2; figure F10).

    python -m sims.mha_memorization --config=configs/mha_memorization.py:quick --workdir=DIR

Points: for each swept size s in config.sweep ("H", "n" or "d_h"), each of
its values config[s] (the other two at config.H0, config.n0, config.d_h0),
and each number of examples T in config.T; a point that two sweeps share
(the base sizes) runs once, under the first sweep's name. A task trains the model of
assoc.models.mha_memorize on the first T of T_max random examples (queries
U[0, 1]^d, a context shared by all examples or drawn per example:
config.context), labels uniform over config.num_classes, full batch, Adam at
config.learning_rate with warm-up and cosine decay over config.steps steps,
and reports the train accuracy at its lowest train loss
(assoc.models.mha_memorize.memorization_trial). One compiled program: H, n,
d_h and T are masks and traced.

Every task of a seed draws the same examples, labels, context and initial
weights (key_fields = (): the first T of T_max examples, row t from its own
key; the model's active heads and columns from their own keys), so T_max
along a sweep compares networks that differ only in the swept size.

Records (DIR/results.jsonl), one per (sweep, H, n, d_h, T, seed):
  correct (the number of the T examples right, at the lowest train loss),
  accuracy = correct / T, best_accuracy, loss, memorised (correct >=
  ceil(config.memorized_threshold T)).

DIR/memorization.jsonl, one record per (sweep, value): T_max per seed (the
largest T of the grid memorised, 0 if none) and its mean; for each swept
size, one more record with the least-squares line of the mean T_max
against the size (slope, intercept, R^2) and the count H (min(n, d_h) - 1)
+ 1 that the paper's construction suggests (docs/pavlovian.md §2: not
established, drawn as a guide).
"""

from __future__ import annotations

import functools
import math

import jax
import ml_collections
import numpy as np

from assoc import analysis, cli, experiment, results
from assoc.models import mha_memorize

NAME = "mha_memorization"
RUNTIME_FIELDS = ("batch_size",)
SWEEPS = ("H", "n", "d_h")


def validate(config) -> list[dict]:
  req = experiment.require
  sweeps = experiment.axis(config, "sweep")
  for s in sweeps:
    experiment.check_choice("sweep", s, SWEEPS)
  for name in SWEEPS:
    for v in experiment.axis(config, name):
      req(experiment.is_int(v) and v >= 1, f"config.{name}: every value must be an integer "
          f">= 1, got {v!r}")
  experiment.check_int(config, "H0", "n0", "d_h0", "d", "d_model", "num_classes", "steps",
                       "num_seeds", "eval_every")
  req(config.steps % config.eval_every == 0, f"config.steps={config.steps} must be a multiple "
      f"of config.eval_every={config.eval_every}")
  for T in experiment.axis(config, "T"):
    req(experiment.is_int(T) and T >= 1, f"config.T: every number of examples must be an "
        f"integer >= 1, got {T!r}")
  req(isinstance(config.learning_rate, (int, float)) and config.learning_rate > 0,
      f"config.learning_rate must be > 0, got {config.learning_rate!r}")
  experiment.check_choice("context", config.context, mha_memorize.CONTEXTS)
  req(isinstance(config.memorized_threshold, (int, float))
      and 0 < config.memorized_threshold <= 1, f"config.memorized_threshold must be in (0, 1], "
      f"got {config.memorized_threshold!r}")
  base = {"H": config.H0, "n": config.n0, "d_h": config.d_h0}
  points, seen = [], set()
  for s in sweeps:  # a point shared by two sweeps (the base sizes) runs once
    for v in experiment.axis(config, s):
      for T in experiment.axis(config, "T"):
        p = {**base, s: v, "T": T}
        if (p["H"], p["n"], p["d_h"], T) not in seen:
          seen.add((p["H"], p["n"], p["d_h"], T))
          points.append({"sweep": s, **p})
  return points


def _max_of(points, name):
  return max(p[name] for p in points)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)

  def build(group, group_points):
    return functools.partial(
        mha_memorize.memorization_trial, d=config.d, d_model=config.d_model,
        T_max=_max_of(points, "T"), H_max=_max_of(points, "H"), n_max=_max_of(points, "n"),
        d_h_max=_max_of(points, "d_h"), num_classes=config.num_classes, steps=config.steps,
        learning_rate=config.learning_rate, context=config.context,
        eval_every=config.eval_every)

  def to_record(task, out):
    T, correct = task.point["T"], int(round(float(out["correct"])))
    return dict(correct=correct, accuracy=correct / T, best_accuracy=out["best_accuracy"],
                loss=out["loss"], memorised=correct >= math.ceil(config.memorized_threshold * T
                                                                  - 1e-9))

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds, group_of=lambda p: (),
      inputs_of=lambda p: {"T": p["T"], "H": p["H"], "n": p["n"], "d_h": p["d_h"]},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=())
  if jax.process_index() == 0:
    results.write_summary(workdir, "memorization.jsonl", memorization_summary(records, config))
  return records


def guide(H: int, n: int, d_h: int) -> int:
  """H (min(n, d_h) - 1) + 1: the count the paper's construction suggests
  (not established, docs/pavlovian.md §2)."""
  return H * (min(n, d_h) - 1) + 1


def memorization_summary(records, config) -> list[dict]:
  out = []
  base = {"H": config.H0, "n": config.n0, "d_h": config.d_h0}
  for s in experiment.axis(config, "sweep"):
    # the records of sweep s: the other two sizes at their base values
    sel = [r for r in records if all(r[k] == base[k] for k in base if k != s)
           and r[s] in experiment.axis(config, s)]
    values, means = [], []
    for v in sorted({r[s] for r in sel}):
      at = [r for r in sel if r[s] == v]
      seeds = sorted({r["seed"] for r in at})
      t_max = [max([r["T"] for r in at if r["seed"] == seed and r["memorised"]], default=0)
               for seed in seeds]
      H, n, d_h = at[0]["H"], at[0]["n"], at[0]["d_h"]
      out.append(dict(sweep=s, value=v, H=H, n=n, d_h=d_h, T_max=t_max,
                      T_max_mean=float(np.mean(t_max)), guide=guide(H, n, d_h),
                      guide_provenance="not established"))
      values.append(v)
      means.append(float(np.mean(t_max)))
    if len(values) >= 2:
      a, b, _, _ = analysis.fit_line(values, means)
      pred = a + b * np.asarray(values, float)
      ss = float(np.sum((np.asarray(means) - np.mean(means)) ** 2))
      r2 = 1 - float(np.sum((np.asarray(means) - pred) ** 2)) / ss if ss > 0 else None
      out.append(dict(sweep=s, fit="T_max_mean = intercept + slope * value", slope=float(b),
                      intercept=float(a), r2=r2))
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
