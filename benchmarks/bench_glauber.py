r"""Benchmark: a heat-bath (Glauber) sweep of the Hebbian network, JAX against
NumPy (docs/hopfield.md §1.2, §1.4).

    python -m benchmarks.bench_glauber                 # N = 1000, 16 tasks
    python -m benchmarks.bench_glauber --N=2000 --num_seeds=8 --burn_in=100 --measure=100

The sweep: N = 1000, alpha in {0.05, 0.10}, T in {0.3, 0.5}, 4 seeds, 50
burn-in + 50 measured random-sequential heat-bath sweeps from pattern 1. JAX
runs `assoc.hopfield.glauber_trial` (what the simulation runs: fields
from the pattern overlaps, skipping to the next spin that changes) through the
sweep engine's compiled program; NumPy runs the textbook chain spin by spin
(`benchmarks/numpy_reference.py`: fields from the overlaps, O(P) per spin),
task by task.

Printed: the mean time-averaged overlap per (alpha, T) from both (the same
chain with different random numbers: they agree within sampling error), both
wall times, the ratio, and the useful-work rate (2 N P flops per sweep)
against this machine's float32 matmul rate.
"""

from __future__ import annotations

import functools

from absl import app, flags
import numpy as np

_N = flags.DEFINE_integer("N", 1000, "Neurons.")
_ALPHA = flags.DEFINE_list("alpha", ["0.05", "0.10"], "Loads.")
_T = flags.DEFINE_list("T", ["0.3", "0.5"], "Temperatures.")
_SEEDS = flags.DEFINE_integer("num_seeds", 4, "Seeds per (alpha, T).")
_BURN_IN = flags.DEFINE_integer("burn_in", 50, "Burn-in sweeps.")
_MEASURE = flags.DEFINE_integer("measure", 50, "Measured sweeps.")
_BLOCK = flags.DEFINE_integer("block", 8, "Spins examined per step (JAX).")


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from assoc import hopfield, rules, sweep
  from benchmarks import _common
  from benchmarks.numpy_reference import hebbian_glauber_trial

  N, seeds = _N.value, _SEEDS.value
  sweeps = _BURN_IN.value + _MEASURE.value
  points = [{"alpha": float(a), "T": float(T), "P": int(np.floor(float(a) * N + 0.5))}
            for a in _ALPHA.value for T in _T.value]
  tasks = sweep.tasks(points, seeds)
  print(f"Hebbian heat-bath sweep: N = {N}, {len(points)} (alpha, T) points, {seeds} "
        f"seeds, {_BURN_IN.value} + {_MEASURE.value} sweeps: {len(tasks)} tasks")
  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")

  fn = functools.partial(
      hopfield.glauber_trial, N=N, P_max=max(p["P"] for p in points),
      store=rules.storage("hebbian"), order="sequential", burn_in=_BURN_IN.value,
      measure=_MEASURE.value, replicas=1, flip_frac=0.0, block=_BLOCK.value)
  out, t_first, t_jax = _common.run_engine(
      fn, tasks, lambda p: {"num_patterns": p["P"], "T": p["T"]})

  rng = np.random.default_rng(0)
  ref = []
  t_np = _common.timed(lambda: ref.extend(
      hebbian_glauber_trial(rng, N, t.point["P"], t.point["T"], _BURN_IN.value,
                            _MEASURE.value) for t in tasks))
  ref = np.array(ref)

  print(f"\n{'alpha':>6} {'T':>5} {'m JAX':>8} {'m NumPy':>8}")
  for k, p in enumerate(points):
    sl = slice(k * seeds, (k + 1) * seeds)
    print(f"{p['alpha']:6.2f} {p['T']:5.2f} {out['m_mean'][sl].mean():8.4f} "
          f"{ref[sl].mean():8.4f}")
  work = float(sum(2.0 * N * t.point["P"] * sweeps for t in tasks))
  _common.report(t_np, t_jax, t_first, work, work, "2 N P flops per sweep")


if __name__ == "__main__":
  app.run(main)
