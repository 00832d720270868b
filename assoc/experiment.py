"""The experiment contract, shared by every simulation in `sims/`.

A run is

    python -m sims.NAME --config=configs/NAME.py[:smoke|:quick] --workdir=DIR [--config.FIELD=V]

and the simulation's library function `run(config, workdir)` is what tests
and `paper_figs` call. A run writes

* `DIR/config.json`: the full config. A rerun with the same config resumes;
  a different config is refused (`WorkdirError`, naming the differing fields),
  except for the fields the simulation declares as runtime-only (batch sizes
  and the like: they change the speed, not the results).
* `DIR/results.jsonl`: one flat JSON record per completed (sweep point, seed),
  appended chunk by chunk with a single write and an fsync. A run killed at any
  moment leaves at most a partial last line, which the next run (or any reader
  using `read_records`) drops; the rerun then computes exactly the missing
  records, in the same order, so its file equals an uninterrupted run's.

Long tasks (training runs) may run in segments (`assoc.segments`): their
state is saved with orbax under `DIR/checkpoints/` between segments, so a
killed run resumes mid-task; the directory is removed once the sweep is
complete.

Progress (records done of total, rate, ETA) goes to stderr. With several
processes (`--distributed` or ASSOC_DISTRIBUTED=1, which call
`jax.distributed.initialize()`), every process computes and only process 0
writes.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import sys
import time
from typing import Any, Callable, Hashable, Iterable, Mapping, Sequence

import jax
import ml_collections
import numpy as np

from assoc import segments, sweep

CONFIG_FILE = "config.json"
RESULTS_FILE = "results.jsonl"
CHECKPOINT_DIR = "checkpoints"  # segmented tasks (assoc.segments) mid-run


class ConfigError(ValueError):
  """A config that cannot run; raised before anything is compiled."""


class WorkdirError(RuntimeError):
  """The workdir holds a run with a different config, or a corrupt record."""


# ----------------------------------------------------------------- config checks

def axis(config: ml_collections.ConfigDict, name: str) -> tuple:
  """A swept axis of the config as a non-empty tuple (a scalar is one value)."""
  values = config[name]
  if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
    values = (values,)
  values = tuple(values)
  if not values:
    raise ConfigError(f"config.{name} is empty: a swept axis needs at least one "
                      f"value (e.g. --config.{name}=V, repeated for several)")
  return values


def require(condition: bool, message: str) -> None:
  if not condition:
    raise ConfigError(message)


def check_choice(name: str, value: Any, choices: Sequence[Any]) -> None:
  require(value in choices,
          f"config.{name}={value!r} is not one of {', '.join(map(repr, choices))}")


# ----------------------------------------------------------------- workdir files

def _config_dict(config: ml_collections.ConfigDict) -> dict:
  return json.loads(config.to_json_best_effort(sort_keys=True))


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
  flat = {}
  for k, v in tree.items():
    if isinstance(v, Mapping):
      flat.update(_flatten(v, f"{prefix}{k}."))
    else:
      flat[f"{prefix}{k}"] = v
  return flat


def config_differences(saved: Mapping[str, Any], current: Mapping[str, Any],
                       ignore: Iterable[str] = ()) -> list[str]:
  """Human-readable differences between two config dicts (dotted paths)."""
  a, b = _flatten(saved), _flatten(current)
  ignore = set(ignore)
  diffs = []
  for k in sorted(set(a) | set(b)):
    if k in ignore or k.split(".")[0] in ignore:
      continue
    if k not in a:
      diffs.append(f"{k}: absent in the saved run, now {b[k]!r}")
    elif k not in b:
      diffs.append(f"{k}: saved {a[k]!r}, absent now")
    elif a[k] != b[k]:
      diffs.append(f"{k}: saved {a[k]!r}, now {b[k]!r}")
  return diffs


def _write_atomic(path: str, text: str) -> None:
  tmp = f"{path}.tmp.{os.getpid()}"
  with open(tmp, "w") as f:
    f.write(text)
    f.flush()
    os.fsync(f.fileno())
  os.replace(tmp, path)


def prepare_workdir(workdir: str, config: ml_collections.ConfigDict,
                    runtime_fields: Iterable[str] = (),
                    write: bool = True) -> None:
  """Creates `workdir` and its config.json, or checks that it matches."""
  path = os.path.join(workdir, CONFIG_FILE)
  current = _config_dict(config)
  if os.path.exists(path):
    with open(path) as f:
      saved = json.load(f)
    diffs = config_differences(saved, current, ignore=runtime_fields)
    if diffs:
      raise WorkdirError(
          f"{workdir} holds a run with a different config; use a new --workdir "
          f"(or remove it) to run this one. Differences:\n  " + "\n  ".join(diffs))
  elif write:
    os.makedirs(workdir, exist_ok=True)
    _write_atomic(path, json.dumps(current, indent=2, sort_keys=True) + "\n")


def read_records(path: str, repair: bool = False) -> list[dict]:
  """The complete records of a results.jsonl.

  A last line without its newline is a write cut short by a kill: it is
  dropped (and truncated from the file if `repair`). Any other bad line is an
  error, since it cannot come from this module.
  """
  if not os.path.exists(path):
    return []
  with open(path, "rb") as f:
    data = f.read()
  complete = data.rfind(b"\n") + 1
  if repair and complete < len(data):
    with open(path, "r+b") as f:
      f.truncate(complete)
      f.flush()
      os.fsync(f.fileno())
  records = []
  for number, line in enumerate(data[:complete].splitlines(), start=1):
    try:
      records.append(json.loads(line))
    except json.JSONDecodeError as e:
      raise WorkdirError(f"{path}:{number}: corrupt record ({e})") from e
  return records


def append_records(path: str, records: Sequence[Mapping[str, Any]]) -> None:
  """Appends records with one write() and an fsync."""
  if not records:
    return
  data = "".join(json.dumps(r) + "\n" for r in records).encode()
  fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
  try:
    written = os.write(fd, data)
    while written < len(data):  # only on exotic filesystems
      written += os.write(fd, data[written:])
    os.fsync(fd)
  finally:
    os.close(fd)


def to_json_value(x: Any) -> Any:
  """NumPy/JAX scalars as plain JSON values; float32 as its shortest repr;
  NaN and infinities (JSON has none) as null: in a record they can only be a
  missing theory value, as the engine fails on non-finite measurements."""
  if isinstance(x, (np.generic, np.ndarray, jax.Array)):
    x = np.asarray(x)
    if x.ndim:
      return [to_json_value(v) for v in x]
    if x.dtype == np.bool_:
      return bool(x)
    if np.issubdtype(x.dtype, np.integer):
      return int(x)
    x = float(str(x)) if x.dtype == np.float32 else float(x)
  if isinstance(x, float) and not math.isfinite(x):
    return None
  return x


def write_summary(workdir: str, filename: str, records: Sequence[Mapping[str, Any]]) -> str:
  """Writes a derived JSON-lines file (a fit, a capacity table) atomically;
  values as `to_json_value` makes them (lists element-wise). Returns its path."""
  def plain(v):
    return [plain(x) for x in v] if isinstance(v, (list, tuple)) else to_json_value(v)
  path = os.path.join(workdir, filename)
  _write_atomic(path, "".join(json.dumps({k: plain(v) for k, v in r.items()}) + "\n"
                              for r in records))
  return path


# ---------------------------------------------------------------------- progress

class Progress:
  """Records done of total, rate and ETA, on stderr, at most every `interval` s."""

  def __init__(self, name: str, total: int, done: int = 0,
               interval: float = 2.0, stream=None, enabled: bool = True):
    self.name, self.total, self.start_done = name, total, done
    self.done = done
    self.interval = interval
    self.stream = stream or sys.stderr
    self.enabled = enabled
    self.t0 = time.monotonic()
    self.last = -float("inf")
    if enabled and done:
      self._print(f"{self.name}: resuming, {done}/{total} records already in "
                  f"{RESULTS_FILE}")

  def update(self, n: int) -> None:
    self.done += n
    now = time.monotonic()
    if now - self.last >= self.interval or self.done >= self.total:
      self.last = now
      self._print(self.message(now))

  def message(self, now: float | None = None) -> str:
    elapsed = (now or time.monotonic()) - self.t0
    new = self.done - self.start_done
    rate = new / elapsed if elapsed > 0 else float("nan")
    left = self.total - self.done
    eta = left / rate if rate > 0 else float("nan")
    pct = 100.0 * self.done / self.total if self.total else 100.0
    return (f"{self.name}: {self.done}/{self.total} records ({pct:.0f}%), "
            f"{rate:.3g} records/s, elapsed {_hms(elapsed)}, ETA {_hms(eta)}")

  def _print(self, message: str) -> None:
    if self.enabled:
      print(message, file=self.stream, flush=True)


def _hms(seconds: float) -> str:
  if not np.isfinite(seconds):
    return "?"
  seconds = int(round(seconds))
  h, rem = divmod(seconds, 3600)
  m, s = divmod(rem, 60)
  return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


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
    build: Callable[[Hashable, Sequence[Mapping[str, Any]]], sweep.TaskFn],
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
  task's random numbers (default: all; see `assoc.sweep`). `to_record(task, outputs)` turns one task's outputs (NumPy scalars) into its
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
  inner_names = list(inner_lists[0][0])
  overlap = sorted(set(inner_names) & set(points[0]))
  if overlap:
    raise ConfigError(f"{name}: {', '.join(overlap)} cannot be both a swept and an inner axis")
  key_names = list(points[0]) + inner_names + ["seed"]
  inner_of = {t.index: inner_lists[t.point_index] for t in all_tasks}
  total = sum(len(inner_of[t.index]) for t in all_tasks)

  def key_of(values: Mapping[str, Any]) -> tuple:
    return tuple(json.dumps(values[k]) for k in key_names)

  results_path = os.path.join(workdir, RESULTS_FILE)
  done_mask = np.zeros(len(all_tasks), dtype=bool)
  error = None
  if writer:
    try:
      prepare_workdir(workdir, config, runtime_fields)
      by_key = {key_of({**t.point, **v, "seed": t.seed}): t.index
                for t in all_tasks for v in inner_of[t.index]}
      size = np.array([len(inner_of[t.index]) for t in all_tasks])
      counts = np.zeros(len(all_tasks), dtype=int)
      index = None
      for record in read_records(results_path, repair=True):
        index = by_key.get(key_of(record))
        if index is None:
          raise WorkdirError(f"{results_path} holds a record outside this sweep: "
                             f"{ {k: record.get(k) for k in key_names} }")
        counts[index] += 1
      if index is not None and counts[index] < size[index]:
        # A task's records are written together, in one chunk: only the
        # file's last task can be incomplete (a write cut short by a kill).
        _drop_last_lines(results_path, int(counts[index]))
        counts[index] = 0
      if (counts > size).any():
        raise WorkdirError(f"{results_path} holds a record twice")
      if ((counts > 0) & (counts < size)).any():
        raise WorkdirError(f"{results_path} holds a task with only some of its "
                           f"records, not at the end of the file")
      done_mask = counts == size
    except WorkdirError as e:
      error = e
  # Every process learns the outcome from process 0, so that none waits forever.
  failed = bool(_broadcast(np.int32(error is not None)))
  if error is not None:
    raise error
  if failed:
    raise WorkdirError(f"process 0 refused {workdir}; see its error message")
  done_mask = _broadcast(done_mask)
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
        records.append({k: to_json_value(v) for k, v in record.items()})
    if writer:
      append_records(results_path, records)
    progress.update(len(records))

  checkpoint_dir = os.path.join(workdir, CHECKPOINT_DIR)
  if todo:
    sweep.run(todo, base_seed=int(config.get("base_seed", 0)), group_of=group_of,
              inputs_of=inputs_of, build=build, on_batch=on_batch,
              batch_size=batch_size, vectorize=vectorize, all_points=points,
              log=_log if writer else (lambda _: None),
              checkpoint_dir=checkpoint_dir)
    segments.remove_all(checkpoint_dir)  # the sweep is complete
  elif writer:
    print(f"{name}: all {total} records already in {results_path}",
          file=sys.stderr)
  _sync("done")
  return read_records(results_path)


def _drop_last_lines(path: str, n: int) -> None:
  """Truncates the last `n` (complete) lines of a file."""
  if n <= 0:
    return
  with open(path, "rb") as f:
    data = f.read()
  end = len(data)
  for _ in range(n):
    end = data.rfind(b"\n", 0, end - 1) + 1 if end > 1 else 0
  with open(path, "r+b") as f:
    f.truncate(end)
    f.flush()
    os.fsync(f.fileno())


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
  vectorize = vectorize or sweep.default_vectorize()
  try:
    sweep.check_vectorize(vectorize)
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


# ----------------------------------------------------------------------- the CLI

def use_all_cpu_cores() -> None:
  """One CPU device per core, unless the user chose a count.

  On a CPU-only machine the sweep engine then runs one task per core in
  parallel (results do not depend on the device count). It must run before
  JAX initialises its backends; entry points (the CLI, paper_figs.all,
  benchmarks) call it, the library never does. JAX_NUM_CPU_DEVICES or
  --xla_force_host_platform_device_count in XLA_FLAGS take precedence.
  """
  if "JAX_NUM_CPU_DEVICES" in os.environ:
    return
  if "xla_force_host_platform_device_count" in os.environ.get("XLA_FLAGS", ""):
    return
  jax.config.update("jax_num_cpu_devices", os.cpu_count() or 1)


def maybe_initialize_distributed(flag: bool = False) -> None:
  """`jax.distributed.initialize()` when asked for (flag or ASSOC_DISTRIBUTED=1).

  The cluster (SLURM, Open MPI, Kubernetes, Cloud TPU) is auto-detected; for
  a hand-made launch set JAX_COORDINATOR_ADDRESS=host:port, and
  ASSOC_NUM_PROCESSES and ASSOC_PROCESS_ID for each process. CPU processes
  exchange results through gloo collectives.
  """
  if not flag and os.environ.get("ASSOC_DISTRIBUTED", "") in ("", "0"):
    return
  kwargs = {}
  if "ASSOC_NUM_PROCESSES" in os.environ:
    kwargs["num_processes"] = int(os.environ["ASSOC_NUM_PROCESSES"])
  if "ASSOC_PROCESS_ID" in os.environ:
    kwargs["process_id"] = int(os.environ["ASSOC_PROCESS_ID"])
  jax.config.update("jax_cpu_collectives_implementation", "gloo")
  jax.distributed.initialize(**kwargs)


def quiet_library_logs() -> None:
  """Library INFO logs (orbax writes a dozen lines per checkpoint) off in the
  entry points, unless the user asks for them with --verbosity; the run's
  own progress goes to stderr regardless."""
  from absl import flags, logging
  if not flags.FLAGS["verbosity"].present:
    logging.set_verbosity(logging.WARNING)


def cli(run_fn: Callable[[ml_collections.ConfigDict, str], Any], name: str) -> None:
  """The absl entry point of a simulation: `experiment.cli(run, "NAME")`.

  Flags are defined here, not at import, so that several simulations can be
  imported into one process (tests, paper_figs).
  """
  from absl import app, flags
  from ml_collections import config_flags

  config_flag = config_flags.DEFINE_config_file(
      "config", None, f"configs/{name}.py[:smoke|:quick]; override fields with "
      "--config.FIELD=V", lock_config=True)
  workdir_flag = flags.DEFINE_string(
      "workdir", None, "Directory of config.json and results.jsonl; a rerun on "
      "it resumes.")
  distributed_flag = flags.DEFINE_bool(
      "distributed", False, "Call jax.distributed.initialize() (multi-host); "
      "also set by ASSOC_DISTRIBUTED=1.")
  flags.mark_flags_as_required(["config", "workdir"])

  started = []

  def main(argv):
    started.append(True)
    if len(argv) > 1:
      raise app.UsageError(f"unexpected arguments: {' '.join(argv[1:])}")
    quiet_library_logs()
    maybe_initialize_distributed(distributed_flag.value)
    use_all_cpu_cores()
    try:
      run_fn(config_flag.value, workdir_flag.value)
    except (ConfigError, WorkdirError) as e:
      print(f"{name}: error: {e}", file=sys.stderr)
      sys.exit(2)

  try:
    app.run(main)
  except (AttributeError, KeyError) as e:
    if started:  # raised by the simulation, not by the flag parser
      raise
    # ml_collections raises these while parsing an override of a field the
    # config does not have: say so instead of a traceback.
    field = str(e).strip("\"'")
    print(f"{name}: error: the config has no field '{field}' (a --config.FIELD=V "
          f"override names a field of configs/{name}.py, dotted for nested fields)",
          file=sys.stderr)
    sys.exit(2)
