"""The run contract, shared by every simulation in `sims/`.

A run is

    python -m sims.NAME --config=configs/NAME.py[:smoke|:quick] --workdir=DIR [--config.FIELD=V]

(`assoc.cli`), and the simulation's library function `run(config, workdir)`
is what tests and `paper_figs` call. It validates the config (`require`,
`axis`, `check_choice`: a `ConfigError` before anything compiles), then
hands its sweep to `run` here, which writes (through `assoc.results`)

* `DIR/config.json`: the full config. A rerun with the same config resumes;
  a different config is refused (`WorkdirError`, naming the differing fields),
  except for the fields the simulation declares as runtime-only (batch sizes
  and the like: they change the speed, not the results).
* `DIR/results.jsonl`: one flat JSON record per completed (sweep point, seed),
  appended chunk by chunk with a single write and an fsync. A run killed at any
  moment leaves at most a partial last line, which the next run (or any reader
  using `results.read_records`) drops; the rerun then computes exactly the
  missing records, in the same order, so its file equals an uninterrupted
  run's.

One run at a time uses a workdir: a second one fails at once, naming it
(`results.locked`; a killed run's lock goes with its process).

Long tasks (training runs) may run in segments (`assoc.segments`): their
state is saved with orbax under `DIR/checkpoints/` between segments, so a
killed run resumes mid-task; the directory is removed once the sweep is
complete.

Progress (records done of total, rate, ETA) goes to stderr
(`assoc.progress`). With several processes (`--distributed` or
ASSOC_DISTRIBUTED=1, which call `jax.distributed.initialize()`), every
process computes and only process 0 takes the lock and writes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
from typing import Any, Callable, Hashable, Iterable, Iterator, Mapping, Sequence

import jax
import ml_collections
import numpy as np

from assoc import engine, results, sweep
from assoc.progress import Progress
from assoc.results import WorkdirError

CHECKPOINT_DIR = "checkpoints"  # tasks in segments (assoc.segments) mid-run


class ConfigError(ValueError):
  """A config that cannot run; raised before anything is compiled."""


# ----------------------------------------------------------------- config checks

def axis(config: ml_collections.ConfigDict, name: str, path: str | None = None) -> tuple:
  """A swept axis of the config as a non-empty tuple (a scalar is one value);
  `path`: its dotted name for messages, if config is a nested ConfigDict."""
  values = config[name]
  if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
    values = (values,)
  values = tuple(values)
  path = path or name
  if not values:
    raise ConfigError(f"config.{path} is empty: a swept axis needs at least one "
                      f"value (e.g. --config.{path}=V, repeated for several)")
  return values


def is_int(value: Any) -> bool:
  """An integer, and not a bool."""
  return isinstance(value, int) and not isinstance(value, bool)


def require(condition: bool, message: str) -> None:
  if not condition:
    raise ConfigError(message)


def check_int(config: ml_collections.ConfigDict, *names: str, at_least: int = 1) -> None:
  """Each config.<name> must be an integer >= at_least (not a bool)."""
  for name in names:
    value = config[name]
    require(is_int(value) and value >= at_least,
            f"config.{name} must be an integer >= {at_least}, got {value!r}")


def check_choice(name: str, value: Any, choices: Sequence[Any]) -> None:
  require(value in choices,
          f"config.{name}={value!r} is not one of {', '.join(map(repr, choices))}")


# ---------------------------------------------------------------------- the run

def run(
    name: str,
    config: ml_collections.ConfigDict,
    workdir: str,
    *,
    axes: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    num_seeds: int,
    group_of: Callable[[Mapping[str, Any]], Hashable],
    inputs_of: Callable[[Mapping[str, Any]], Mapping[str, Any]],
    build: Callable[[Hashable, Sequence[Mapping[str, Any]]], Any],
    to_record: Callable[[sweep.Task, Mapping[str, Any]], Mapping[str, Any]],
    runtime_fields: Iterable[str] = ("batch_size",),
    key_fields: Sequence[str] | None = None,
    progress_interval: float = 2.0,
    inner_axes: (Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]]
                 | Callable[[Mapping[str, Any]], Sequence[Mapping[str, Any]]] | None) = None,
) -> list[dict]:
  """Runs the sweep `axes` x `num_seeds` into `workdir`; returns all records.

  `axes`: {name: values} (their Cartesian product, first axis slowest) or an
  explicit list of points (dicts with the same keys).

  Reads `config.base_seed`, and the runtime fields `config.batch_size` and
  `config.vectorize` (0: automatic) if present, and checks them before
  anything is written or compiled. `key_fields`: the axes that determine a
  task's random numbers (default: all; see `assoc.sweep`).
  `to_record(task, outputs)` turns one task's outputs (NumPy scalars) into its
  flat record; the swept values and `seed` are put first, and values are made
  JSON-plain. The other arguments are those of `assoc.sweep.run`. Call it
  after the config has been validated: nothing here inspects config values.

  `inner_axes`: {name: values} that every task computes at once (a curve: the
  first d coordinates of one nested embedding for every d, the error after
  every step of one trajectory), or an explicit list of such inner points, or
  a function of the point that returns its list (same keys for every point).
  The task function then returns outputs with a leading axis over the inner
  points (for a mapping, their Cartesian product, first axis slowest; for a
  function, at least as long as the longest list of the compile group: a
  point reads the first len(list) entries), and each task writes one record
  per inner point, with the inner values after
  the point's; `to_record` sees them in `task.point`. Their values do not
  enter the task's key. A task counts as done when all its records are in the file
  (a kill can cut a chunk's write short: the last task's partial records are
  removed before it is recomputed).
  """
  runtime_fields = tuple(runtime_fields)
  batch_size, vectorize = _check_runtime(config)
  writer = jax.process_index() == 0
  # A mapping of axes is a Cartesian sweep; a list of points is taken as is
  # (for sweeps whose ranges depend on another axis, e.g. N per degree n).
  points = sweep.grid(axes) if isinstance(axes, Mapping) else [dict(p) for p in axes]
  if not points:
    raise ConfigError(f"{name}: the sweep has no points")
  all_tasks = sweep.tasks(points, num_seeds, key_fields)
  inner_lists = _inner_lists(name, points, inner_axes)
  key_names = list(points[0]) + list(inner_lists[0][0]) + ["seed"]
  inner_of = {t.index: inner_lists[t.point_index] for t in all_tasks}
  total = sum(len(inner_of[t.index]) for t in all_tasks)
  results_path = os.path.join(workdir, results.RESULTS_FILE)

  with claim(workdir, config, runtime_fields):
    done_mask = _on_process_0(
        lambda: _done_tasks(results_path, all_tasks, inner_of, key_names),
        np.zeros(len(all_tasks), dtype=bool), workdir)
    todo = [t for t in all_tasks if not done_mask[t.index]]

    progress = Progress(name, total,
                        sum(len(inner_of[t.index]) for t in all_tasks if done_mask[t.index]),
                        interval=progress_interval, enabled=writer)

    def on_batch(chunk, outputs):
      records = []
      for i, task in enumerate(chunk):
        for j, values in enumerate(inner_of[task.index]):
          if inner_axes:
            out = {k: v[i][j] for k, v in outputs.items()}
            sub = dataclasses.replace(task, point={**task.point, **values})
          else:
            out, sub = {k: v[i] for k, v in outputs.items()}, task
          record = {**sub.point, "seed": task.seed}
          record.update(to_record(sub, out))
          records.append({k: results.to_json_value(v) for k, v in record.items()})
      if writer:
        results.append_records(results_path, records)
      progress.update(len(records))

    if todo:
      sweep.run(todo, base_seed=int(config.get("base_seed", 0)), group_of=group_of,
                inputs_of=inputs_of, build=build, on_batch=on_batch,
                batch_size=batch_size, vectorize=vectorize, all_points=points,
                log=_log if writer else (lambda _: None),
                checkpoint_dir=os.path.join(workdir, CHECKPOINT_DIR))
    elif writer:
      print(f"{name}: all {total} records already in {results_path}",
            file=sys.stderr)
    _sync("done")
    return results.read_records(results_path)


@contextlib.contextmanager
def claim(workdir: str, config: ml_collections.ConfigDict,
          runtime_fields: Iterable[str] = ("batch_size",)) -> Iterator[None]:
  """Holds `workdir` for a run: process 0 takes its lock (`results.locked`)
  and creates or checks its config.json (`results.prepare_workdir`), and
  every process learns the outcome, so that none waits for one that failed.
  Raises WorkdirError (another run is using it; a different config). A
  protocol of several sweeps in one workdir claims it once around them all;
  `run` claims it again (re-entrant)."""
  with contextlib.ExitStack() as held:

    def take():
      held.enter_context(results.locked(workdir))
      results.prepare_workdir(workdir, config, runtime_fields)

    _on_process_0(take, None, workdir)
    yield


def _on_process_0(fn: Callable[[], Any], default: Any, workdir: str) -> Any:
  """fn() on process 0 (`default` elsewhere); its WorkdirError (or an OS
  error on the workdir) is raised on every process, and an array result is
  broadcast to every process."""
  error, value = None, default
  if jax.process_index() == 0:
    try:
      value = fn()
    except (WorkdirError, OSError) as e:
      error = e if isinstance(e, WorkdirError) else WorkdirError(f"{workdir}: {e}")
  if bool(_broadcast(np.int32(error is not None))):
    raise error or WorkdirError(f"process 0 refused {workdir}; see its error message")
  return _broadcast(value) if isinstance(value, np.ndarray) else value


def _inner_lists(name: str, points: Sequence[Mapping[str, Any]], inner_axes) -> list[list[dict]]:
  """Each point's list of inner points ([{}] without inner axes)."""
  if callable(inner_axes):
    inner_lists = [[dict(v) for v in inner_axes(p)] for p in points]
  elif isinstance(inner_axes, Mapping) and inner_axes:
    inner_lists = [sweep.grid(inner_axes)] * len(points)
  elif inner_axes:
    inner_lists = [[dict(v) for v in inner_axes]] * len(points)
  else:
    inner_lists = [[{}]] * len(points)
  if not all(inner_lists):
    raise ConfigError(f"{name}: a point has no inner points")
  overlap = sorted(set(inner_lists[0][0]) & set(points[0]))
  if overlap:
    raise ConfigError(f"{name}: {', '.join(overlap)} cannot be both a swept and an inner axis")
  return inner_lists


def _done_tasks(results_path: str, all_tasks: Sequence[sweep.Task],
                inner_of: Mapping[int, list[dict]], key_names: Sequence[str]) -> np.ndarray:
  """Which tasks have all their records in results.jsonl (a resumed run).

  Repairs what a kill can leave (a cut last line; the last task's partial
  records) and refuses anything else: a record outside the sweep, a record
  twice, an incomplete task that is not the file's last."""

  def key_of(values: Mapping[str, Any]) -> tuple:
    return tuple(json.dumps(values[k]) for k in key_names)

  by_key = {key_of({**t.point, **v, "seed": t.seed}): t.index
            for t in all_tasks for v in inner_of[t.index]}
  size = np.array([len(inner_of[t.index]) for t in all_tasks])
  counts = np.zeros(len(all_tasks), dtype=int)
  index = None
  for record in results.read_records(results_path, repair=True):
    index = by_key.get(key_of(record))
    if index is None:
      raise WorkdirError(f"{results_path} holds a record outside this sweep: "
                         f"{ {k: record.get(k) for k in key_names} }")
    counts[index] += 1
  if index is not None and counts[index] < size[index]:
    # A task's records are written together, in one chunk: only the file's
    # last task can be incomplete (a write cut short by a kill).
    results.drop_last_lines(results_path, int(counts[index]))
    counts[index] = 0
  if (counts > size).any():
    raise WorkdirError(f"{results_path} holds a record twice")
  if ((counts > 0) & (counts < size)).any():
    raise WorkdirError(f"{results_path} holds a task with only some of its "
                       f"records, not at the end of the file")
  return counts == size


def _check_runtime(config: ml_collections.ConfigDict) -> tuple[int, int]:
  """(batch_size, vectorize) of the config, checked; ConfigError otherwise."""
  base_seed = config.get("base_seed", 0)
  require(isinstance(base_seed, int) and base_seed >= 0,
          f"config.base_seed must be an integer >= 0, got {base_seed!r}")
  batch_size = config.get("batch_size", 64)
  require(isinstance(batch_size, int) and batch_size >= 1,
          f"config.batch_size must be an integer >= 1, got {batch_size!r}")
  vectorize = config.get("vectorize", 0)
  require(isinstance(vectorize, int) and vectorize >= 0,
          f"config.vectorize must be an integer >= 0 (0: automatic), got {vectorize!r}")
  vectorize = vectorize or engine.default_vectorize()
  try:
    engine.check_vectorize(vectorize)
  except ValueError as e:
    raise ConfigError(f"config.vectorize: {e}") from None
  return batch_size, vectorize


def _log(message: str) -> None:
  print(message, file=sys.stderr, flush=True)


def _sync(name: str) -> None:
  if jax.process_count() > 1:
    from jax.experimental import multihost_utils
    multihost_utils.sync_global_devices(f"assoc.experiment.{name}")


def _broadcast(x: np.ndarray) -> np.ndarray:
  if jax.process_count() > 1:
    from jax.experimental import multihost_utils
    return np.asarray(multihost_utils.broadcast_one_to_all(x))
  return x
