r"""Benchmark: a heat-bath (Glauber) sweep of the Hebbian network, JAX against
a trial-vectorised NumPy implementation (docs/hopfield.md §1.2, §1.4).

    python -m benchmarks.bench_glauber                 # N = 2000, 64 tasks
    python -m benchmarks.bench_glauber --N=1000 --num_seeds=4 --burn_in=50 --measure=50

The sweep (the T = 0 benchmark's setting carried over to T > 0): N = 2000,
alpha in {0.05, 0.10}, T in {0.3, 0.5}, 16 seeds (64 tasks), 10 burn-in + 10
measured random-sequential heat-bath sweeps from pattern 1. JAX runs
`assoc.hopfield.glauber_trial` (what `sims.hopfield_glauber` runs) through the
sweep engine's compiled program: first call (with compilation), then the best
of two further calls (warm). NumPy
(`benchmarks/numpy_reference.hebbian_glauber_batch`) advances the 32 trials of
each alpha (both temperatures) together, spin position by spin position of
each trial's own random order, fields from the overlaps (O(P) per spin).

Printed: the mean time-averaged overlap per (alpha, T) from both (the same
chain with different random numbers: they agree within sampling error), the
cold and warm JAX times, the NumPy time, both ratios, and the useful-work rate (2 N P flops per
sweep) against this machine's float32 matmul rate.
"""

from __future__ import annotations

import functools

from absl import app, flags
import numpy as np

_N = flags.DEFINE_integer("N", 2000, "Neurons.")
_ALPHA = flags.DEFINE_list("alpha", ["0.05", "0.10"], "Loads.")
_T = flags.DEFINE_list("T", ["0.3", "0.5"], "Temperatures.")
_SEEDS = flags.DEFINE_integer("num_seeds", 16, "Seeds per (alpha, T).")
_BURN_IN = flags.DEFINE_integer("burn_in", 10, "Burn-in sweeps.")
_MEASURE = flags.DEFINE_integer("measure", 10, "Measured sweeps.")
_BLOCK = flags.DEFINE_integer("block", 32, "Spins per window of the sweep order (JAX).")
_VECTORIZE = flags.DEFINE_integer("vectorize", 0, "Tasks vmapped together (JAX; 0: default).")


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from assoc import hopfield, rules, sweep
  from benchmarks import _hopfield
  from benchmarks.numpy_reference import hebbian_glauber_batch

  N, seeds = _N.value, _SEEDS.value
  burn_in, measure = _BURN_IN.value, _MEASURE.value
  points = [{"alpha": float(a), "T": float(T), "P": int(np.floor(float(a) * N + 0.5))}
            for a in _ALPHA.value for T in _T.value]
  tasks = sweep.tasks(points, seeds)
  print(f"Hebbian heat-bath sweep: N = {N}, {len(points)} (alpha, T) points, {seeds} "
        f"seeds, {burn_in} + {measure} sweeps: {len(tasks)} tasks")
  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")

  fn = functools.partial(
      hopfield.glauber_trial, N=N, P_max=max(p["P"] for p in points),
      store=rules.storage("hebbian"), order="sequential", burn_in=burn_in,
      measure=measure, replicas=1, flip_frac=0.0, block=_BLOCK.value)
  inputs_of = lambda p: {"num_patterns": p["P"], "T": p["T"]}  # noqa: E731
  out, t_first, t_warm = _hopfield.run_jax(fn, tasks, inputs_of, vectorize=_VECTORIZE.value)

  # NumPy: the trials of one P (every temperature) together.
  rng = np.random.default_rng(0)
  Ps = sorted({p["P"] for p in points})
  ref = {}

  def run_numpy():
    for P in Ps:
      ks = [k for k, p in enumerate(points) if p["P"] == P]
      T = np.repeat([points[k]["T"] for k in ks], seeds)
      m = hebbian_glauber_batch(rng, N, P, T, burn_in, measure)
      for i, k in enumerate(ks):
        ref[k] = m[i * seeds:(i + 1) * seeds]

  t_np = _hopfield.timed(run_numpy)

  print(f"\n{'alpha':>6} {'T':>5} {'m JAX':>8} {'m NumPy':>8} {'(std err)':>9}")
  for k, p in enumerate(points):
    sl = slice(k * seeds, (k + 1) * seeds)
    se = np.hypot(out["m_mean"][sl].std(), ref[k].std()) / np.sqrt(seeds)
    print(f"{p['alpha']:6.2f} {p['T']:5.2f} {out['m_mean'][sl].mean():8.4f} "
          f"{ref[k].mean():8.4f} {se:9.4f}")
  work = float(sum(2.0 * N * t.point["P"] * (burn_in + measure) for t in tasks))
  _hopfield.report(t_first=t_first, t_warm=t_warm, t_np=t_np,
                   work=work, work_name="2 N P flops per sweep")


if __name__ == "__main__":
  app.run(main)
