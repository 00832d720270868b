"""Learned embeddings in d = 2: E, W and U all trained, population error vs
the number of classes M (docs/outer_product.md §3.5, §7.7; figure F-q).
Capacity is then limited by M, not N (Eq. 17: aligning each e_x with
u_f*(x) stores any number of memories).

    python -m sims.outer_embeddings --config=configs/outer_embeddings.py:quick --workdir=DIR

Panels, fields and records: sims/_outer_training.py. Commands, expected
results and runtimes: configs/outer_embeddings.py.

Besides the records, `config.scatter_trials` trained models of the single
point `config.scatter` (a panel with one value per field and one step
count: F-q's M = 5, Adam lr 1e-3, 10^4 steps) are kept whole, for the
scatter plots of the learned e_x and the decision regions of U, in
DIR/embeddings_scatter.jsonl, one line per trial (seeds 0, 1, ...):

  the point's fields (N, M, alpha, d, model, optimizer, gamma, B, ...),
  steps, T (= steps |B|), seed,
  error, error_head, error_tail, loss   as in the records, after `steps`
  p, label           (N,) lists: p(x) and f*(x) = x mod M
  prediction         (N,) argmax_y of the model's logits u_y^T W e_x
  E, W, U            the learned parameters: E (N, d) rows e_x, W (d, d),
                     U (M, d) rows u_y (logits u_y^T W e_x)

A trial's random numbers are those of the records' task with the same
(N, M, alpha, d, seed): the same E, U, W_0 and sample stream as the
learned_d2 panel's M = 5 run of that seed (different step size and length).
The file is written once all its trials are done; a rerun finds it and
skips them.
"""

from __future__ import annotations

import os
import sys
import time

import jax
import ml_collections
import numpy as np

from assoc import cli, experiment, results, sweep
from assoc.outer import training, zipf
from sims import _outer_training

NAME = "outer_embeddings"
SCATTER_FILE = "embeddings_scatter.jsonl"


def scatter_config(config: ml_collections.ConfigDict) -> tuple[ml_collections.ConfigDict, dict,
                                                               list[dict]]:
  """(the config with config.scatter as its only panel, its point, its
  checkpoints). ConfigError unless config.scatter is one point with one step
  count."""
  req = experiment.require
  req(experiment.is_int(config.scatter_trials) and config.scatter_trials >= 0,
      f"config.scatter_trials must be an integer >= 0 (0: none), got {config.scatter_trials!r}")
  sub = ml_collections.ConfigDict(config.to_dict())
  sub.panels = ml_collections.ConfigDict({"scatter": config.scatter.to_dict()})
  points, record = _outer_training.validate(sub)
  req(len(points) == 1, f"config.scatter must be a single point (one value per field), "
      f"got {len(points)} points")
  (point,) = points
  at = record[_outer_training.point_key(point)]
  req(len(at) == 1, "config.scatter must have a single step count (steps) or data size (T)")
  req(point["model"] != "exponential" and point["d"] == 2,
      "config.scatter: the decision regions are drawn for a model with W in d = 2")
  return sub, point, at


def run_scatter(config: ml_collections.ConfigDict, workdir: str,
                checked=None) -> str | None:
  """Trains the config.scatter_trials models of config.scatter and writes
  them to DIR/embeddings_scatter.jsonl (skipped if that file exists);
  returns its path (None if scatter_trials is 0)."""
  sub, point, at = checked or scatter_config(config)
  if config.scatter_trials == 0:
    return None
  path = os.path.join(workdir, SCATTER_FILE)
  if os.path.exists(path):
    print(f"{NAME}: the {config.scatter_trials} scatter trials already in {path}",
          file=sys.stderr)
    return path
  group = ("linear", _outer_training.d_bucket(point["d"], sub.d_buckets))  # never the SGD kernel
  record = {_outer_training.point_key(point): at}
  setup = _outer_training.make_setup(group, [point], sub, record, 1)
  tasks = sweep.tasks([point], config.scatter_trials, _outer_training.KEY_FIELDS)
  lines, t0 = [], time.monotonic()

  def on_batch(chunk, out):
    for i, task in enumerate(chunk):
      N, M, d = point["N"], point["M"], point["d"]
      p = np.asarray(zipf.probabilities(N, point["alpha"]))
      lines.append(dict(
          **point, steps=at[0]["step"], T=at[0]["T"], seed=task.seed,
          **{k: out[k][i][0] for k in ("error", "error_head", "error_tail", "loss")},
          p=p, label=np.arange(N) % M, prediction=out["prediction"][i][:N],
          E=out["param_E"][i][:N, :d], W=out["param_W"][i][:d, :d],
          U=out["param_U"][i][:M, :d]))
    print(f"{NAME}: scatter trials {len(lines)}/{len(tasks)}, "
          f"elapsed {time.monotonic() - t0:.1f} s", file=sys.stderr, flush=True)

  sweep.run(tasks, base_seed=int(config.base_seed),
            group_of=lambda q: group,
            inputs_of=lambda q: _outer_training.inputs_of(q, at, 1),
            build=lambda g, pts: (lambda key, **inputs: training.train(
                key, training.Hyper(**inputs), setup, final_params=True)),
            on_batch=on_batch, batch_size=int(config.batch_size),
            vectorize=int(config.vectorize) or None)
  if jax.process_index() == 0:
    results.write_summary(workdir, SCATTER_FILE, lines)
  return path


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) into `workdir`; returns all records."""
  checked = scatter_config(config)          # before anything compiles
  _outer_training.validate(config)          # ... or touches the workdir
  with experiment.claim(workdir, config, _outer_training.RUNTIME_FIELDS):
    records = _outer_training.run(config, workdir, NAME)
    run_scatter(config, workdir, checked)
  return records


if __name__ == "__main__":
  cli.main(run, NAME)
