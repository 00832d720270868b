"""Shared helpers: running the real entry points in subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_CACHE_VARS = {"JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0",
               "JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES": "0"}


def pytest_configure(config):
  """One JAX compilation cache for the whole test session, in a fresh
  temporary directory: the entry points run in subprocesses, and many tests
  compile the same programs (every smoke preset again in paper_figs.all). It
  changes no result (a cached executable is the one a fresh compilation
  gives), only the time. A user's own JAX_COMPILATION_CACHE_DIR is kept."""
  if "JAX_COMPILATION_CACHE_DIR" in os.environ:
    return
  config._assoc_jax_cache = tempfile.mkdtemp(prefix="assoc-jax-cache-")
  os.environ["JAX_COMPILATION_CACHE_DIR"] = config._assoc_jax_cache
  for name, value in _CACHE_VARS.items():
    os.environ.setdefault(name, value)


def pytest_collection_modifyitems(session, config, items):
  """The main-job test (paper_figs.all at the smoke preset) runs last, so that
  it finds the smoke runs of every test module done and only draws."""
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
  its workdirs (ROOT/smoke/NAME)."""
  return tmp_path_factory.mktemp("smoke_runs")


@pytest.fixture(scope="session")
def smoke_run(smoke_root):
  """smoke_run(name) -> (workdir, process): sims.NAME on its smoke preset,
  run once per session through its entry point into smoke_root/smoke/NAME.
  Tests that read a plain smoke run share it, and the paper_figs.all test
  then finds those runs complete and only draws.

  smoke_run.prefetch(names) runs those not yet run two at a time (one per
  core: a smoke run is mostly single-threaded compilation), so that a test
  module can start all of its runs at once."""
  runs = {}

  def get(name: str):
    if name not in runs:
      workdir = smoke_root / "smoke" / name
      runs[name] = (workdir, run_sim(name, "smoke", workdir))
    return runs[name]

  def prefetch(names, at_once: int = 2) -> None:
    pending = [name for name in dict.fromkeys(names) if name not in runs]
    for i in range(0, len(pending), at_once):
      pair = pending[i:i + at_once]
      workdirs = [smoke_root / "smoke" / name for name in pair]
      done = finish(*(start_sim(name, "smoke", w) for name, w in zip(pair, workdirs)))
      for name, workdir, proc in zip(pair, workdirs, done):
        runs[name] = (workdir, proc)

  get.prefetch = prefetch
  return get


@pytest.fixture(scope="session")
def capacity_smoke(smoke_run):
  """The smoke preset of hopfield_capacity, run once through its entry point."""
  return smoke_run("hopfield_capacity")
