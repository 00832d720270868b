r"""Benchmark: the Hebbian zero-temperature capacity sweep, JAX against a
trial-vectorised NumPy implementation (docs/hopfield.md §1.2, §1.4).

    python -m benchmarks.bench_hopfield_capacity            # N = 2000, 32 seeds
    python -m benchmarks.bench_hopfield_capacity --N=1000 --num_seeds=8

The sweep (the setting of the speed issue): N = 2000, alpha in {0.05, 0.10,
0.15, 0.20}, 32 seeds (128 tasks), Hebbian storage, random-sequential T = 0
dynamics from the first pattern until a sweep without flips (at most 100).
JAX runs `assoc.hopfield.retrieval_trial` through the sweep engine's compiled
program (one program for the whole sweep, P padded to the largest P, tasks
sharded over every device, one per CPU core by default): first call (with
compilation), then the best of two further calls of the same program (warm:
what a second `run` in one process, or a warm persistent cache, costs).
NumPy (`benchmarks/numpy_reference.hebbian_async_batch`) advances the 32
trials of each alpha together, spin position by spin position of each trial's
own random order, fields from the pattern overlaps (O(P) per spin).

Printed: the mean final overlap and sweeps per alpha from both (same
dynamics, different random numbers: they agree within sampling error), the
cold and warm JAX times (the tasks laid out over the devices as the sweep
engine lays them out: interleaved, so every device gets a share of the two
heavy alphas), the NumPy time, both ratios, and the useful-work rate (2 N P flops per sweep, the overlap
algorithm's cost) against this machine's float32 matmul rate.
"""

from __future__ import annotations

import functools

from absl import app, flags
import numpy as np

_N = flags.DEFINE_integer("N", 2000, "Neurons.")
_ALPHA = flags.DEFINE_list("alpha", ["0.05", "0.10", "0.15", "0.20"], "Loads alpha = P / N.")
_SEEDS = flags.DEFINE_integer("num_seeds", 32, "Seeds per alpha.")
_BLOCK = flags.DEFINE_integer("block", 0, "Spins per window of the sweep order (JAX; "
                              "0: the retrieval_trial default).")
_VECTORIZE = flags.DEFINE_integer("vectorize", 0, "Tasks vmapped together (JAX; 0: default).")


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from assoc import hopfield, rules, sweep
  from benchmarks import _hopfield
  from benchmarks.numpy_reference import hebbian_async_batch

  N, seeds = _N.value, _SEEDS.value
  alphas = [float(a) for a in _ALPHA.value]
  Ps = [int(np.floor(a * N + 0.5)) for a in alphas]
  points = [{"alpha": a, "P": P} for a, P in zip(alphas, Ps)]
  tasks = sweep.tasks(points, seeds)
  print(f"Hebbian T = 0 capacity sweep: N = {N}, alpha = {alphas}, {seeds} seeds: "
        f"{len(tasks)} tasks")
  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")

  block = {"block": _BLOCK.value} if _BLOCK.value else {}
  fn = functools.partial(hopfield.retrieval_trial, N=N, P_max=max(Ps),
                         store=rules.storage("hebbian"), **block)
  inputs_of = lambda p: {"num_patterns": p["P"]}  # noqa: E731
  out, t_first, t_warm = _hopfield.run_jax(fn, tasks, inputs_of, vectorize=_VECTORIZE.value)

  rng = np.random.default_rng(0)
  ref = {}
  t_np = _hopfield.timed(lambda: ref.update(
      (P, hebbian_async_batch(rng, N, P, seeds)) for P in Ps))

  overlap_jax, sweeps_jax = out["overlap_sum"] / N, out["sweeps"]
  print(f"\n{'alpha':>6} {'P':>5} {'overlap JAX':>12} {'overlap NumPy':>14} "
        f"{'(std err)':>9} {'sweeps JAX':>11} {'sweeps NumPy':>13}")
  for k, (a, P) in enumerate(zip(alphas, Ps)):
    sl = slice(k * seeds, (k + 1) * seeds)
    m_np, sweeps_np, _ = ref[P]
    se = np.hypot(overlap_jax[sl].std(), m_np.std()) / np.sqrt(seeds)
    print(f"{a:6.2f} {P:5d} {overlap_jax[sl].mean():12.4f} {m_np.mean():14.4f} {se:9.4f} "
          f"{sweeps_jax[sl].mean():11.1f} {sweeps_np.mean():13.1f}")

  P_all = np.array([t.point["P"] for t in tasks])
  _hopfield.report(t_first=t_first, t_warm=t_warm, t_np=t_np,
                   work=float(np.sum(2.0 * N * P_all * sweeps_jax)),
                   work_name="2 N P flops per sweep")


if __name__ == "__main__":
  app.run(main)
