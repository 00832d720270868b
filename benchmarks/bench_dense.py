r"""Benchmark: a dense-memory capacity sweep, JAX against NumPy
(docs/hopfield.md §2, §4.4).

    python -m benchmarks.bench_dense                   # n = 3, N = 160
    python -m benchmarks.bench_dense --n=4 --N=40 --num_seeds=8

The sweep: F(S) = S^n (all-index), n = 3, N = 160, loads 0.5..2.0 x the RS
alpha_c (P = load alpha_c N^(n-1), 4 loads), 8 seeds: store, start at pattern
1, T = 0 random-sequential dynamics to a fixed point. JAX runs
`assoc.hopfield.retrieval_trial` with the "dense" rule (what the simulation runs: energy
differences from the P overlaps with the odd binomial expansion, skipping to
the next unstable spin) through the sweep engine's compiled program; NumPy
runs the textbook dynamics spin by spin (`benchmarks/numpy_reference.py`:
(S + x)^n - (S - x)^n summed over patterns, O(P) per spin), task by task.

Printed: the mean final overlap and sweeps per load from both (same
dynamics, different random numbers), both wall times, the ratio, and the
useful-work rate (about 2 n N P flops per sweep for the n-term differences)
against this machine's float32 matmul rate.
"""

from __future__ import annotations

import functools

from absl import app, flags
import numpy as np

_n = flags.DEFINE_integer("n", 3, "Interaction degree.")
_N = flags.DEFINE_integer("N", 160, "Neurons.")
_LOAD = flags.DEFINE_list("load", ["0.5", "1.0", "1.5", "2.0"], "Loads, x RS alpha_c.")
_SEEDS = flags.DEFINE_integer("num_seeds", 8, "Seeds per load.")
_BLOCK = flags.DEFINE_integer("block", 32, "Spins examined per step (JAX).")


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from assoc import hopfield, rules, sweep
  from benchmarks import _common
  from benchmarks.numpy_reference import dense_async_trial
  from sims import dense_capacity

  n, N, seeds = _n.value, _N.value, _SEEDS.value
  points = [{"load": float(x), "P": dense_capacity.num_patterns(n, N, float(x))}
            for x in _LOAD.value]
  tasks = sweep.tasks(points, seeds)
  print(f"Dense memory F(S) = S^{n}, N = {N}, P = {[p['P'] for p in points]}, "
        f"{seeds} seeds: {len(tasks)} tasks")
  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")

  fn = functools.partial(hopfield.retrieval_trial, N=N, store=rules.storage("dense", {"n": n}),
                         P_max=max(p["P"] for p in points), flip_frac=0.0,
                         max_sweeps=100, num_tested=1, block=_BLOCK.value)
  out, t_first, t_jax = _common.run_engine(fn, tasks, lambda p: {"num_patterns": p["P"]})

  rng = np.random.default_rng(0)
  ref = []
  t_np = _common.timed(lambda: ref.extend(
      dense_async_trial(rng, N, t.point["P"], n) for t in tasks))
  overlap_np = np.array([r[0] for r in ref])
  sweeps_np = np.array([r[1] for r in ref])

  print(f"\n{'load':>5} {'P':>6} {'overlap JAX':>12} {'overlap NumPy':>14} "
        f"{'sweeps JAX':>11} {'sweeps NumPy':>13}")
  for k, p in enumerate(points):
    sl = slice(k * seeds, (k + 1) * seeds)
    print(f"{p['load']:5.2f} {p['P']:6d} {(out['overlap_sum'][sl] / N).mean():12.4f} "
          f"{overlap_np[sl].mean():14.4f} {out['sweeps'][sl].mean():11.1f} "
          f"{sweeps_np[sl].mean():13.1f}")
  P_all = np.array([t.point["P"] for t in tasks])
  work_jax = float(np.sum(2.0 * n * N * P_all * out["sweeps"]))
  work_np = float(np.sum(2.0 * n * N * P_all * sweeps_np))
  _common.report(t_np, t_jax, t_first, work_jax, work_np, "2 n N P flops per sweep")


if __name__ == "__main__":
  app.run(main)
