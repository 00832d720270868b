r"""Benchmark: the Hebbian zero-temperature capacity sweep, JAX against NumPy.

    python -m benchmarks.bench_hopfield_capacity            # N = 2000, 16 seeds
    python -m benchmarks.bench_hopfield_capacity --N=1000 --num_seeds=4

The sweep: N = 2000, alpha in {0.02, 0.04, ..., 0.20}, 16 seeds, Hebbian
storage, random-sequential T = 0 dynamics from the first pattern to a fixed
point. JAX runs it through the real sweep engine (one compiled program, tasks
sharded over every device, one per CPU core by default); NumPy runs the same
dynamics (benchmarks/numpy_reference.py: fields from the pattern overlaps,
O(P) per spin, the textbook implementation) task by task.

Printed: both wall times (JAX without and with compilation), the ratio, the
mean overlap per alpha from both (they must agree within sampling error: same
dynamics, different random numbers), and the achieved rate of useful work
(2 N P flops per sweep, the cost of the overlap algorithm) against this
machine's float32 matmul rate.
"""

from __future__ import annotations

import functools

from absl import app, flags
import numpy as np

_N = flags.DEFINE_integer("N", 2000, "Neurons.")
_ALPHA_MAX = flags.DEFINE_float("alpha_max", 0.2, "Largest alpha of the grid.")
_ALPHA_STEP = flags.DEFINE_float("alpha_step", 0.02, "Grid step (and smallest alpha).")
_SEEDS = flags.DEFINE_integer("num_seeds", 16, "Seeds per alpha.")
_BLOCK = flags.DEFINE_integer("block", 32, "Spins examined per step (JAX).")
_VECTORIZE = flags.DEFINE_integer("vectorize", 0, "Tasks vmapped together (JAX; 0: default).")


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from assoc import hopfield, rules, sweep
  from benchmarks import _common
  from benchmarks.numpy_reference import hebbian_async_trial

  N, seeds = _N.value, _SEEDS.value
  n_alpha = int(round(_ALPHA_MAX.value / _ALPHA_STEP.value))
  alphas = [round(_ALPHA_STEP.value * (k + 1), 6) for k in range(n_alpha)]
  Ps = [int(np.floor(a * N + 0.5)) for a in alphas]
  points = [{"alpha": a, "P": P} for a, P in zip(alphas, Ps)]
  tasks = sweep.tasks(points, seeds)
  print(f"Hebbian T = 0 capacity sweep: N = {N}, alpha = {alphas[0]}..{alphas[-1]} "
        f"({len(alphas)} values), {seeds} seeds: {len(tasks)} tasks")
  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")

  # JAX: the engine's compiled program for the whole sweep in one call.
  fn = functools.partial(hopfield.retrieval_trial, N=N, P_max=max(Ps),
                         store=rules.storage("hebbian"), block=_BLOCK.value)
  out, t_first, t_jax = _common.run_engine(fn, tasks, lambda p: {"num_patterns": p["P"]},
                                           vectorize=_VECTORIZE.value)
  overlap_jax = out["overlap_sum"] / N
  sweeps_jax = out["sweeps"]

  # NumPy: task by task.
  rng = np.random.default_rng(0)
  ref = []
  t_np = _common.timed(lambda: ref.extend(hebbian_async_trial(rng, N, t.point["P"])
                                          for t in tasks))
  overlap_np = np.array([r[0] for r in ref])
  sweeps_np = np.array([r[1] for r in ref])

  print(f"\n{'alpha':>6} {'P':>5} {'overlap JAX':>12} {'overlap NumPy':>14} "
        f"{'sweeps JAX':>11} {'sweeps NumPy':>13}")
  for k, (a, P) in enumerate(zip(alphas, Ps)):
    sl = slice(k * seeds, (k + 1) * seeds)
    print(f"{a:6.2f} {P:5d} {overlap_jax[sl].mean():12.4f} {overlap_np[sl].mean():14.4f} "
          f"{sweeps_jax[sl].mean():11.1f} {sweeps_np[sl].mean():13.1f}")

  P_all = np.array([t.point["P"] for t in tasks])
  work_jax = float(np.sum(2.0 * N * P_all * sweeps_jax))
  work_np = float(np.sum(2.0 * N * P_all * sweeps_np))
  _common.report(t_np, t_jax, t_first, work_jax, work_np, "2 N P flops per sweep")


if __name__ == "__main__":
  app.run(main)
