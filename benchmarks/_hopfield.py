"""Shared pieces of the Hopfield-family benchmarks (bench_hopfield_capacity,
bench_glauber, bench_dense): the JAX sweep through the engine, and the
printed comparison with
the trial-vectorised NumPy references of `benchmarks/numpy_reference.py`.

What is compared (docs/hopfield.md §1.2): the same dynamics, the same number
of trials, different random numbers; JAX runs the engine's compiled program
for the whole sweep (the program the simulation runs), NumPy advances every
trial of a sweep point together (no Python loop over trials).
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable, Mapping, NamedTuple, Sequence

import numpy as np

from benchmarks import _common


class Times(NamedTuple):
  wall: float  # seconds
  cpu: float   # CPU seconds of this process (all threads)


def timed(fn: Callable[[], Any]) -> Times:
  wall, cpu = time.perf_counter(), time.process_time()
  fn()
  return Times(time.perf_counter() - wall, time.process_time() - cpu)


def run_jax(fn, tasks: Sequence, inputs_of: Callable[[Mapping], Mapping], *,
            vectorize: int = 0, repeats: int = 2
            ) -> tuple[dict[str, np.ndarray], Times, Times]:
  """All `tasks` as one chunk of the sweep engine's compiled program, laid
  out over the devices as `assoc.sweep.run` lays out a chunk (interleaved:
  every device gets a share of every point), as in `_common.run_engine`: the
  first call includes compilation; then the best of `repeats` calls of the
  same program; wall and CPU times. Outputs come back in the order of `tasks`."""
  import jax
  from assoc import engine, sweep
  mesh = engine.make_mesh()
  vectorize = vectorize or engine.default_vectorize()
  unit = jax.device_count() * vectorize
  size = unit * -(-len(tasks) // unit)
  slots, where = sweep.interleave(len(tasks), size, jax.device_count())
  chunk = [tasks[i] if i >= 0 else tasks[0] for i in slots]
  out = {}

  def first():
    program = engine.program(fn, base_seed=0, mesh=mesh, vectorize=vectorize)
    args = sweep.chunk_arrays(chunk, size, inputs_of, mesh)
    out.update(program=program, args=args, result=jax.block_until_ready(program(args)))

  t_first = timed(first)
  program, args = out["program"], out["args"]
  t_warm = min((timed(lambda: jax.block_until_ready(program(args)))
                for _ in range(repeats)), key=lambda t: t.wall)
  result = {k: np.asarray(v)[where] for k, v in out["result"].items()}
  return result, t_first, t_warm


def report(*, t_first: Times, t_warm: Times, t_np: Times, work: float, work_name: str) -> None:
  """Prints the cold and warm JAX times (tasks laid out as a simulation runs
  them), the vectorised NumPy time, both ratios, the machine's load,
  and the useful-work rate against this machine's float32 matmul rate. CPU
  seconds beside wall seconds show how much of the wall time other processes
  took (NumPy runs on one core, JAX on one device per core)."""
  import jax
  gf_np, gf_jax = _common.matmul_gflops()
  print(f"\nJAX, first run (with compilation): {t_first.wall:8.3f} s  (CPU {t_first.cpu:.2f} s)")
  print(f"JAX, compiled (warm):              {t_warm.wall:8.3f} s  (CPU {t_warm.cpu:.2f} s)")
  print(f"NumPy, trials vectorised:          {t_np.wall:8.3f} s  (CPU {t_np.cpu:.2f} s)")
  print(f"speed-up over vectorised NumPy:    {t_np.wall / t_warm.wall:8.1f} x warm, "
        f"{t_np.wall / t_first.wall:.1f} x cold (target: 20 x warm)")
  print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} cores")
  rate = work / t_warm.wall / 1e9
  print(f"useful work ({work_name}): JAX {rate:.3f} GFLOP/s, NumPy "
        f"{work / t_np.wall / 1e9:.3f} GFLOP/s; float32 matmul on this machine: JAX "
        f"{gf_jax:.1f}, NumPy {gf_np:.1f} GFLOP/s (JAX at {100 * rate / gf_jax:.2f} % of its "
        f"matmul rate; {jax.device_count()} {jax.default_backend()} device(s))")
