"""Shared helpers: running the real entry points in subprocesses."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import filelock
import pytest

ROOT = Path(__file__).resolve().parents[1]
_CACHE_VARS = {"JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
               "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0"}


def pytest_configure(config):
  """One JAX compilation cache for the whole test session, in a fresh
  temporary directory: the entry points run in subprocesses, and many tests
  compile the same programs (every smoke preset again in paper_figs.all). It
  changes no result (a cached executable is the one a fresh compilation
  gives), only the time. A user's own JAX_COMPILATION_CACHE_DIR is kept.

  The pytest-xdist workers inherit it (and on a GPU they share the device, so
  none of them preallocates its memory)."""
  os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")
  if "JAX_COMPILATION_CACHE_DIR" in os.environ:
    return
  config._assoc_jax_cache = tempfile.mkdtemp(prefix="assoc-jax-cache-")
  os.environ["JAX_COMPILATION_CACHE_DIR"] = config._assoc_jax_cache
  for name, value in _CACHE_VARS.items():
    os.environ.setdefault(name, value)


def pytest_collection_modifyitems(session, config, items):
  """The main-job test (paper_figs.all at the smoke preset) runs last, so that
  it finds the smoke runs of every test module done and only draws. (Under
  pytest-xdist's --dist loadfile it runs with its module, wherever that falls;
  it then makes the smoke runs still missing itself, see the test.)"""
  last = [i for i in items if i.name == "test_all_runs_every_simulation_and_draws_every_figure"]
  items[:] = [i for i in items if i not in last] + last


def pytest_unconfigure(config):
  cache = getattr(config, "_assoc_jax_cache", None)
  if cache:
    shutil.rmtree(cache, ignore_errors=True)


def run_module(module: str, *args: str, env: dict | None = None,
               check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
  """`python -m module args...` from the repository root, as a user types it."""
  full_env = {**os.environ, **(env or {})}
  proc = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT,
                        env=full_env, capture_output=True, text=True,
                        timeout=timeout)
  if check and proc.returncode != 0:
    raise AssertionError(f"python -m {module} {' '.join(args)} exited with "
                         f"{proc.returncode}\nstderr:\n{proc.stderr[-4000:]}")
  return proc


def run_sim(name: str, preset: str, workdir, *overrides: str, env=None,
            check: bool = True) -> subprocess.CompletedProcess:
  config = f"configs/{name}.py" + (f":{preset}" if preset else "")
  return run_module(f"sims.{name}", f"--config={config}", f"--workdir={workdir}",
                    *overrides, env=env, check=check)


def start_sim(name: str, preset: str, workdir, *overrides: str,
              env: dict | None = None) -> subprocess.Popen:
  """`run_sim` started in the background (finish it with `finish`): runs
  that do not depend on each other go side by side, one per core."""
  config = f"configs/{name}.py" + (f":{preset}" if preset else "")
  return subprocess.Popen(
      [sys.executable, "-m", f"sims.{name}", f"--config={config}", f"--workdir={workdir}",
       *overrides], cwd=ROOT, env={**os.environ, **(env or {})},
      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(*procs: subprocess.Popen, timeout: float = 600) -> list[subprocess.CompletedProcess]:
  """Waits for `start_sim` runs; fails the test if one failed, and then
  kills the others (no run outlives its test)."""
  try:
    done = []
    for proc in procs:
      stdout, stderr = proc.communicate(timeout=timeout)
      if proc.returncode != 0:
        raise AssertionError(f"{' '.join(proc.args)} exited with {proc.returncode}\n"
                             f"stderr:\n{stderr[-4000:]}")
      done.append(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))
    return done
  finally:
    for proc in procs:
      if proc.poll() is None:
        proc.kill()
        proc.wait()


def records(workdir) -> list[dict]:
  with open(Path(workdir) / "results.jsonl") as f:
    return [json.loads(line) for line in f]


@pytest.fixture(scope="session")
def smoke_root(tmp_path_factory):
  """The session's root of smoke runs, laid out as paper_figs.all lays out
  its workdirs (ROOT/smoke/NAME). Under pytest-xdist every worker of the
  session shares it (the workers' temporary directories have one parent)."""
  base = tmp_path_factory.getbasetemp()
  if os.environ.get("PYTEST_XDIST_WORKER"):
    base = base.parent
  root = base / "smoke_runs"
  root.mkdir(exist_ok=True)
  return root


def _saved_run(path: Path) -> subprocess.CompletedProcess | None:
  if not path.exists():
    return None
  saved = json.loads(path.read_text())
  return subprocess.CompletedProcess(saved["args"], saved["returncode"],
                                     saved["stdout"], saved["stderr"])


def _save_run(path: Path, proc: subprocess.CompletedProcess) -> None:
  tmp = path.with_name(path.name + f".tmp.{os.getpid()}")
  tmp.write_text(json.dumps({"args": list(proc.args), "returncode": proc.returncode,
                             "stdout": proc.stdout, "stderr": proc.stderr}))
  os.replace(tmp, path)  # atomic: a worker never reads half of it


@pytest.fixture(scope="session")
def smoke_run(smoke_root):
  """smoke_run(name) -> (workdir, process): sims.NAME on its smoke preset,
  run once per session through its entry point into smoke_root/smoke/NAME.
  Tests that read a plain smoke run share it, and the paper_figs.all test
  then finds those runs complete and only draws.

  Each run is guarded by a file lock, and its output is saved beside it, so
  that the pytest-xdist workers run it once between them: the first to ask
  runs it, the others wait for it and get its saved output.

  smoke_run.prefetch(names) runs those not yet run two at a time (one per
  core: a smoke run is mostly single-threaded compilation), so that a test
  module can start all of its runs at once. It never waits on a lock while
  holding one (no deadlock between workers): runs another worker has under
  way are left to `smoke_run(name)`, which waits for them."""
  runs = {}

  def paths(name: str):
    return (smoke_root / "smoke" / name, smoke_root / f"{name}.lock",
            smoke_root / f"{name}.run.json")

  def get(name: str):
    if name not in runs:
      workdir, lock, saved = paths(name)
      with filelock.FileLock(lock):
        proc = _saved_run(saved)
        if proc is None:
          proc = run_sim(name, "smoke", workdir)
          _save_run(saved, proc)
      runs[name] = (workdir, proc)
    return runs[name]

  def prefetch(names, at_once: int = 2) -> None:
    to_run = []  # (name, its lock, held)
    for name in dict.fromkeys(names):
      if name in runs:
        continue
      workdir, lock, saved = paths(name)
      held = filelock.FileLock(lock)
      try:
        held.acquire(timeout=0)
      except filelock.Timeout:
        continue  # another worker is running it: get() waits for it
      proc = _saved_run(saved)
      if proc is not None:
        runs[name] = (workdir, proc)
        held.release()
      else:
        to_run.append((name, held))
    try:
      for i in range(0, len(to_run), at_once):
        group = to_run[i:i + at_once]
        workdirs = [paths(name)[0] for name, _ in group]
        done = finish(*(start_sim(name, "smoke", w) for (name, _), w in zip(group, workdirs)))
        for (name, _), workdir, proc in zip(group, workdirs, done):
          _save_run(paths(name)[2], proc)
          runs[name] = (workdir, proc)
    finally:
      for _, held in to_run:
        held.release()

  def rerun(name: str, *overrides: str, check: bool = True) -> subprocess.CompletedProcess:
    """sims.NAME again on its smoke workdir (a resume, or a refused config),
    holding the run's lock: no other worker's process writes it meanwhile."""
    workdir, lock, _ = paths(name)
    get(name)
    with filelock.FileLock(lock):
      return run_sim(name, "smoke", workdir, *overrides, check=check)

  @contextlib.contextmanager
  def holding(names):
    """Holds the locks of these runs (taken in one order: waiting while
    holding is safe, since no one else waits while holding)."""
    with contextlib.ExitStack() as stack:
      for name in sorted(set(names)):
        stack.enter_context(filelock.FileLock(paths(name)[1]))
      yield

  get.prefetch = prefetch
  get.rerun = rerun
  get.holding = holding
  return get


@pytest.fixture(scope="session")
def capacity_smoke(smoke_run):
  """The smoke preset of hopfield_capacity, run once through its entry point."""
  return smoke_run("hopfield_capacity")
