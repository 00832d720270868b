"""Shared helpers: running the real entry points in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


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


def records(workdir) -> list[dict]:
  with open(Path(workdir) / "results.jsonl") as f:
    return [json.loads(line) for line in f]


@pytest.fixture(scope="session")
def capacity_smoke(tmp_path_factory):
  """The smoke preset of hopfield_capacity, run once through its entry point."""
  workdir = tmp_path_factory.mktemp("hopfield_capacity_smoke")
  proc = run_sim("hopfield_capacity", "smoke", workdir)
  return workdir, proc
