r"""Benchmark: the thresholded outer-product memory over a (d, T) grid, JAX
against NumPy (docs/outer_product.md §4, figure F-a setting).

    python -m benchmarks.bench_outer                  # 100 trials
    python -m benchmarks.bench_outer --trials=20 --N=1000

The computation: N = 1000 tokens, M = 5 classes, Zipf α = 2, d in {10, 20,
50, 100, 200, 1000}, T in {10, 10^2, 10^3, 10^4}, P = ⌊d/12⌋ most frequent
seen tokens stored (24 (d, T) points per trial), nested embeddings and data,
population error. JAX runs it through the real sweep engine
(sims.outer_product_scaling's task function: one compiled program, trials
sharded over every device, all (d, T) of a trial at once, scores in
O(N d M) without forming W). NumPy runs the same computation trial by trial
the straightforward way (benchmarks/numpy_outer.py: W formed as a d x d
matrix, scores E W^T U^T, O(N d^2)).

Printed: both wall times (JAX without and with compilation), the ratio, the
mean error per (d, T) from both (they must agree within sampling error:
different random numbers), and the achieved rate of useful work (3 N d M
flops per (d, T) point, the cost of the O(N d M) read-out) against this
machine's float32 matmul rate.
"""

from __future__ import annotations

import functools
import time

from absl import app, flags
import numpy as np

_N = flags.DEFINE_integer("N", 1000, "Tokens.")
_M = flags.DEFINE_integer("M", 5, "Classes.")
_TRIALS = flags.DEFINE_integer("trials", 100, "Trials.")
_NUMPY = flags.DEFINE_bool("numpy", True, "Also time the NumPy reference.")

DS = (10, 20, 50, 100, 200, 1000)
TS = (10, 100, 1000, 10_000)
ALPHA, P_DIV = 2.0, 12.0


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from assoc import engine, sweep
  from assoc.outer import trials
  from benchmarks._common import matmul_gflops, timed
  from benchmarks.numpy_outer import threshold_errors

  N, M, num = _N.value, _M.value, _TRIALS.value
  print(f"threshold scheme P = ⌊d/12⌋: N = {N}, M = {M}, α = {ALPHA:g}, d = {DS}, T = {TS}, "
        f"{num} trials ({num * len(DS) * len(TS)} (d, T) points)")
  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")

  tasks = sweep.tasks([{"N": N, "M": M, "alpha": ALPHA}], num)
  mesh = engine.make_mesh()
  vectorize = engine.default_vectorize()
  unit = jax.device_count() * vectorize
  size = unit * -(-len(tasks) // unit)
  fn = functools.partial(trials.scheme_trial, N=N, M=M, schemes=[("threshold", {"P_div": P_DIV})],
                         ds=DS, Ts=TS)
  t0 = time.perf_counter()
  program = engine.program(fn, base_seed=0, mesh=mesh, vectorize=vectorize)
  args = sweep.chunk_arrays(tasks, size, lambda p: {"alpha": p["alpha"]}, mesh)
  out = jax.block_until_ready(program(args))
  t_first = time.perf_counter() - t0
  t_jax = min(timed(lambda: jax.block_until_ready(program(args))) for _ in range(2))
  err_jax = np.asarray(out["error"])[:num].reshape(num, len(DS), len(TS)).transpose(0, 2, 1)

  t_np = float("nan")
  err_np = np.full_like(err_jax, np.nan)
  if _NUMPY.value:
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    err_np = np.stack([threshold_errors(rng, N, M, ALPHA, DS, TS, P_DIV) for _ in range(num)])
    t_np = time.perf_counter() - t0

  print(f"\n{'T':>6} {'d':>5} {'error JAX':>10} {'error NumPy':>12} {'± 2 SE':>8}")
  for i, T in enumerate(TS):
    for j, d in enumerate(DS):
      se = np.hypot(err_jax[:, i, j].std(), np.nan_to_num(err_np[:, i, j].std())) / np.sqrt(num)
      print(f"{T:6d} {d:5d} {err_jax[:, i, j].mean():10.4f} {err_np[:, i, j].mean():12.4f} "
            f"{2 * se:8.4f}")

  work = num * len(TS) * sum(3.0 * N * d * M for d in DS)
  gf_np, gf_jax = matmul_gflops()
  print(f"\nNumPy (trial by trial, W formed): {t_np:8.3f} s")
  print(f"JAX, compiled:                    {t_jax:8.3f} s")
  print(f"JAX, first call (+ compile):      {t_first:8.3f} s")
  print(f"speed-up NumPy / JAX:             {t_np / t_jax:8.1f} x "
        f"(with compilation {t_np / t_first:.1f} x)")
  print(f"useful work rate (3 N d M flops per point): JAX {work / t_jax / 1e9:.2f} GFLOP/s, "
        f"NumPy {work / t_np / 1e9:.2f} GFLOP/s; float32 matmul on this machine: JAX "
        f"{gf_jax:.1f}, NumPy {gf_np:.1f} GFLOP/s (JAX at "
        f"{100 * work / t_jax / 1e9 / gf_jax:.1f} % of matmul rate)")


if __name__ == "__main__":
  app.run(main)
