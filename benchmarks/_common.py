"""Shared pieces of the benchmarks: timing, this machine's matmul rate, and a
sweep run through the engine's compiled program (exactly what `sims/` run)."""

from __future__ import annotations

import time
from typing import Any, Callable, Mapping, Sequence

import numpy as np


def timed(fn: Callable[[], Any]) -> float:
  t = time.perf_counter()
  fn()
  return time.perf_counter() - t


def matmul_gflops(n: int = 2000, repeats: int = 5) -> tuple[float, float]:
  """float32 matmul rate (GFLOP/s) of NumPy and of JAX on this machine."""
  import jax
  import jax.numpy as jnp
  a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
  best_np = min(timed(lambda: a @ a) for _ in range(repeats))
  f = jax.jit(lambda x: x @ x)
  x = jnp.asarray(a)
  f(x).block_until_ready()
  best_jax = min(timed(lambda: f(x).block_until_ready()) for _ in range(repeats))
  flops = 2.0 * n**3
  return flops / best_np / 1e9, flops / best_jax / 1e9


def run_engine(fn, tasks: Sequence, inputs_of: Callable[[Mapping], Mapping],
               vectorize: int = 0, repeats: int = 2
               ) -> tuple[dict[str, np.ndarray], float, float]:
  """All `tasks` as one call of the sweep engine's compiled program.

  Returns (outputs with a leading task axis, seconds of the first call
  including compilation, best seconds of `repeats` further calls)."""
  import jax
  from assoc import engine, sweep
  mesh = engine.make_mesh()
  vectorize = vectorize or engine.default_vectorize()
  unit = jax.device_count() * vectorize
  size = unit * -(-len(tasks) // unit)
  t0 = time.perf_counter()
  program = engine.program(fn, base_seed=0, mesh=mesh, vectorize=vectorize)
  args = sweep.chunk_arrays(tasks, size, inputs_of, mesh)
  out = jax.block_until_ready(program(args))
  t_first = time.perf_counter() - t0
  t_best = min(timed(lambda: jax.block_until_ready(program(args)))
               for _ in range(repeats))
  return {k: np.asarray(v)[:len(tasks)] for k, v in out.items()}, t_first, t_best


def report(t_np: float, t_jax: float, t_first: float, work_jax: float,
           work_np: float, work_name: str) -> None:
  """Prints both times, the ratio and the useful-work rate against matmul."""
  import jax
  gf_np, gf_jax = matmul_gflops()
  print(f"\nNumPy (task by task):         {t_np:8.2f} s")
  print(f"JAX, compiled:                {t_jax:8.2f} s")
  print(f"JAX, first call (+ compile):  {t_first:8.2f} s")
  print(f"speed-up NumPy / JAX:         {t_np / t_jax:8.1f} x "
        f"(with compilation {t_np / t_first:.1f} x)")
  print(f"useful work ({work_name}): JAX {work_jax / t_jax / 1e9:.3f} GFLOP/s, "
        f"NumPy {work_np / t_np / 1e9:.3f} GFLOP/s; float32 matmul on this "
        f"machine: JAX {gf_jax:.1f}, NumPy {gf_np:.1f} GFLOP/s (JAX at "
        f"{100 * work_jax / t_jax / 1e9 / gf_jax:.2f} % of its matmul rate; "
        f"{jax.device_count()} {jax.default_backend()} device(s))")
