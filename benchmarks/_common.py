"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import time

import numpy as np


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


def timed(fn) -> float:
  t = time.perf_counter()
  fn()
  return time.perf_counter() - t
