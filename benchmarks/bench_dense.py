r"""Benchmark: a dense-memory capacity sweep, JAX against a trial-vectorised
NumPy implementation (docs/hopfield.md §2, §4.4).

    python -m benchmarks.bench_dense                   # n = 3, N = 160, 32 seeds
    python -m benchmarks.bench_dense --n=4 --N=40 --num_seeds=8
    python -m benchmarks.bench_dense --n=0 --N=200 --load=0.5,1  # e^S, P = load N

The sweep (the T = 0 benchmark's setting carried over to n-body energies):
F(S) = S^n (all-index), n = 3, N = 160, loads 0.5..2.0 x the RS alpha_c (P =
load alpha_c N^(n-1): 1076..4304 patterns, 4 loads), 32 seeds (128 tasks):
store, start at pattern 1, T = 0 random-sequential dynamics to a sweep
without flips. With --n=0, F(S) = e^S and P = round(load N). JAX runs
`assoc.hopfield.retrieval_trial` with the "dense" (or "dense_exp") rule (what
`sims.dense_capacity` runs: fields from the P overlaps, the odd binomial
expansion, skipping to the next spin that changes) through the sweep
engine's compiled program: first call (with compilation), then the best of
two further calls (warm). NumPy (`benchmarks/numpy_reference.dense_async_batch`)
advances the 32 trials of each load together, spin position by spin
position, the same O(P) field per spin (float64).

Printed: the mean final overlap and sweeps per load from both (same
dynamics, different random numbers), the cold and warm JAX times, the NumPy
time, both ratios, and the useful-work rate (about 2 n P flops per spin update: the
polynomial g and the sum; 2 P + an exponential for e^S, counted as 4 P)
against this machine's float32 matmul rate.
"""

from __future__ import annotations

import functools

from absl import app, flags
import numpy as np

_n = flags.DEFINE_integer("n", 3, "Interaction degree (0: F(S) = e^S).")
_N = flags.DEFINE_integer("N", 160, "Neurons.")
_LOAD = flags.DEFINE_list("load", ["0.5", "1.0", "1.5", "2.0"],
                          "Loads, x RS alpha_c (n >= 2) or P / N (n = 0).")
_SEEDS = flags.DEFINE_integer("num_seeds", 32, "Seeds per load.")
_BLOCK = flags.DEFINE_integer("block", 32, "Spins per window of the sweep order (JAX).")


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from assoc import hopfield, rules, sweep
  from benchmarks import _hopfield
  from benchmarks.numpy_reference import dense_async_batch
  from sims import dense_capacity

  n, N, seeds = _n.value, _N.value, _SEEDS.value
  if n == 0:
    points = [{"load": float(x), "P": max(1, int(np.floor(float(x) * N + 0.5)))}
              for x in _LOAD.value]
    store, name = rules.storage("dense_exp"), "F(S) = e^S"
  else:
    points = [{"load": float(x), "P": dense_capacity.num_patterns(n, N, float(x))}
              for x in _LOAD.value]
    store, name = rules.storage("dense", {"n": n}), f"F(S) = S^{n}"
  tasks = sweep.tasks(points, seeds)
  print(f"Dense memory {name}, N = {N}, P = {[p['P'] for p in points]}, "
        f"{seeds} seeds: {len(tasks)} tasks")
  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")

  fn = functools.partial(hopfield.retrieval_trial, N=N, store=store,
                         P_max=max(p["P"] for p in points), flip_frac=0.0,
                         max_sweeps=100, num_tested=1, block=_BLOCK.value)
  inputs_of = lambda p: {"num_patterns": p["P"]}  # noqa: E731
  out, t_first, t_warm = _hopfield.run_jax(fn, tasks, inputs_of)

  rng = np.random.default_rng(0)
  ref = {}
  t_np = _hopfield.timed(lambda: ref.update(
      (k, dense_async_batch(rng, N, p["P"], n, seeds)) for k, p in enumerate(points)))

  overlap = out["overlap_sum"] / N
  print(f"\n{'load':>5} {'P':>6} {'overlap JAX':>12} {'overlap NumPy':>14} {'(std err)':>9} "
        f"{'sweeps JAX':>11} {'sweeps NumPy':>13}")
  for k, p in enumerate(points):
    sl = slice(k * seeds, (k + 1) * seeds)
    m_np, sweeps_np, _ = ref[k]
    se = np.hypot(overlap[sl].std(), m_np.std()) / np.sqrt(seeds)
    print(f"{p['load']:5.2f} {p['P']:6d} {overlap[sl].mean():12.4f} {m_np.mean():14.4f} "
          f"{se:9.4f} {out['sweeps'][sl].mean():11.1f} {sweeps_np.mean():13.1f}")
  P_all = np.array([t.point["P"] for t in tasks])
  per_spin = 4.0 if n == 0 else 2.0 * n
  _hopfield.report(t_first=t_first, t_warm=t_warm, t_np=t_np,
                   work=float(np.sum(per_spin * N * P_all * out["sweeps"])),
                   work_name=f"{per_spin:g} N P flops per sweep")


if __name__ == "__main__":
  app.run(main)
