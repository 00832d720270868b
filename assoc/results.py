"""The files of a run directory, and the one way to read and write them.

    DIR/config.json      the run's full config (`prepare_workdir`)
    DIR/results.jsonl    one flat JSON record per (sweep point, seed), appended
                         chunk by chunk (`append_records`, `read_records`)
    DIR/<summary>.jsonl  derived tables: fits, capacities (`write_summary`)
    DIR/.lock            held by the run using DIR (`locked`)

Simulations write through this module (via `assoc.experiment.run`) and
figure scripts read through it, so a reader sees exactly what a writer
meant: complete records only (a last line cut short by a kill is dropped),
and an error for anything else that is not a record. It imports no JAX.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import math
import os
import socket
import sys
import time
from typing import Any, Iterable, Iterator, Mapping, Sequence

import numpy as np

CONFIG_FILE = "config.json"
RESULTS_FILE = "results.jsonl"
LOCK_FILE = ".lock"


class WorkdirError(RuntimeError):
  """The workdir holds a run with a different config or a corrupt record, or
  another run is using it."""


# ------------------------------------------------------------------- config.json

def config_dict(config) -> dict:
  """An ml_collections ConfigDict as plain JSON data."""
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


def write_atomic(path: str, text: str) -> None:
  """Writes a whole file so that a reader sees the old or the new one."""
  tmp = f"{path}.tmp.{os.getpid()}"
  with open(tmp, "w") as f:
    f.write(text)
    f.flush()
    os.fsync(f.fileno())
  os.replace(tmp, path)


def prepare_workdir(workdir: str, config, runtime_fields: Iterable[str] = ()) -> None:
  """Creates `workdir` and its config.json, or checks that it matches
  (WorkdirError naming the differing fields; `runtime_fields` may differ)."""
  path = os.path.join(workdir, CONFIG_FILE)
  current = config_dict(config)
  if os.path.exists(path):
    saved = read_config(workdir)
    diffs = config_differences(saved, current, ignore=runtime_fields)
    if diffs:
      raise WorkdirError(
          f"{workdir} holds a run with a different config; use a new --workdir "
          f"(or remove it) to run this one. Differences:\n  " + "\n  ".join(diffs))
  else:
    os.makedirs(workdir, exist_ok=True)
    write_atomic(path, json.dumps(current, indent=2, sort_keys=True) + "\n")


def read_config(workdir: str) -> dict[str, Any]:
  """The config a run directory was made with."""
  with open(os.path.join(workdir, CONFIG_FILE)) as f:
    return json.load(f)


# ----------------------------------------------------------------------- records

def read_records(path: str, repair: bool = False) -> list[dict]:
  """The complete records of a JSON-lines file (results.jsonl or a summary).

  A last line without its newline is a write cut short by a kill: it is
  dropped (and truncated from the file if `repair`). Any other bad line is an
  error, since it cannot come from this module. A missing file has none.
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


def load(workdir: str, name: str = RESULTS_FILE) -> list[dict]:
  """The records of a run's file (results.jsonl or a summary), for readers
  such as figure scripts and notebooks: `read_records`, and an error that
  says so when the file does not exist."""
  path = os.path.join(workdir, name)
  if not os.path.exists(path):
    raise FileNotFoundError(f"{path} does not exist; {workdir} is not the run "
                            f"directory of a simulation that writes {name}")
  return read_records(path)


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


def drop_last_lines(path: str, n: int) -> None:
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


def to_json_value(x: Any) -> Any:
  """NumPy/JAX scalars as plain JSON values; float32 as its shortest repr;
  NaN and infinities (JSON has none) as null: in a record they can only be a
  missing theory value, as the engine fails on non-finite measurements."""
  if isinstance(x, (np.generic, np.ndarray)) or (hasattr(x, "__array__")
                                                 and hasattr(x, "dtype")):
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
  write_atomic(path, "".join(json.dumps({k: plain(v) for k, v in r.items()}) + "\n"
                             for r in records))
  return path


# -------------------------------------------------------------------------- lock

_HELD: dict[str, list] = {}  # lock path -> [fd, depth], the locks this process holds


@contextlib.contextmanager
def locked(workdir: str) -> Iterator[None]:
  """Holds the workdir's lock: one run per workdir at a time.

  A second process that asks for a workdir in use fails at once with a
  WorkdirError naming it and the holder. The lock is an flock(2) on
  DIR/.lock, so the kernel releases it when its process ends, however it
  ends: a killed run leaves no stale lock, and the next run resumes. The
  same process may take it again (a protocol whose stages share the
  workdir); only the outermost release frees it.

  Where no lock can be had, the run goes on unlocked after a warning: a
  file system without flock (some NFS or Lustre mounts), or a directory this
  process cannot write (then it cannot write records either).
  """
  os.makedirs(workdir, exist_ok=True)
  path = os.path.realpath(os.path.join(workdir, LOCK_FILE))
  if path in _HELD:
    _HELD[path][1] += 1
    try:
      yield
    finally:
      _HELD[path][1] -= 1
    return
  fd = _acquire(path, workdir)
  if fd is None:
    yield
    return
  _HELD[path] = [fd, 1]
  try:
    yield
  finally:
    del _HELD[path]
    os.close(fd)  # releases the flock


def _acquire(path: str, workdir: str) -> int | None:
  """An open, flock-ed descriptor of the lock file; None where no lock can
  be had (a warning says so); WorkdirError if another run holds it."""
  try:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
  except OSError as e:
    if e.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
      raise WorkdirError(f"{workdir}: cannot open its lock file ({e})") from None
    print(f"warning: {workdir} is not writable here; running without its lock ({e})",
          file=sys.stderr)
    return None
  try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
  except BlockingIOError:
    holder = os.read(fd, 200).decode(errors="replace").strip() or "another process"
    os.close(fd)
    raise WorkdirError(
        f"{workdir} is in use by another run ({holder}); wait for it to end, "
        f"or give this one another --workdir") from None
  except OSError as e:
    os.close(fd)
    if e.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
      raise WorkdirError(f"{workdir}: cannot lock it ({e})") from None
    print(f"warning: the file system of {workdir} has no locks; running without one, so "
          f"nothing stops a second run on it ({e})", file=sys.stderr)
    return None
  os.ftruncate(fd, 0)
  os.write(fd, (f"pid {os.getpid()} on {socket.gethostname()}, since "
                f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n").encode())
  return fd
