r"""Benchmark: Muon's orthogonalisation and the heavy-tailed training step,
JAX against NumPy.

    python -m benchmarks.bench_muon                 # K = 999, ht_memory quick sizes
    python -m benchmarks.bench_muon --K=300 --steps=200

1. The update direction of one Muon step on a K x K gradient (the
   muon_one_step / muon_ns hot path): the exact polar factor by SVD
   (`assoc.training.optimizers.polar`, float64) and 5 quintic Newton-Schulz
   steps (optax.contrib.muon, float32), against NumPy's SVD polar factor
   (float64) and a NumPy Newton-Schulz loop (float32). NS flops: 3 products
   of K^3 multiply-adds per step.
2. The ht_memory training run (sims.ht_memory at its quick sizes, one seed,
   one step size, evaluations included) through the real segmented engine
   (`assoc.segments` programs, one task per device), against a
   straightforward NumPy implementation of the same mini-batch Adam and
   Muon (NS) steps, without evaluations: the per-step rate and useful flops
   (forward 2 B d (d + K), backward twice that) against this machine's
   float32 matmul rate.

Prints times, ratios and rates; wall times on a shared machine vary.
NumPy's OpenBLAS runs on one thread (OPENBLAS_NUM_THREADS=1, set here before
NumPy loads, as assoc sets it for JAX's LAPACK: with spinning threads on a
loaded 2-core machine a 999 x 999 SVD takes seconds instead of 0.5 s); the
JAX engine runs one task per core, so both rates are per core.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from absl import app, flags
import numpy as np

_K = flags.DEFINE_integer("K", 999, "Matrix size of the orthogonalisation benchmark.")
_STEPS = flags.DEFINE_integer("steps", 400, "Training steps.")

QUINTIC = (3.4445, -4.7750, 2.0315)


def _best(fn, repeats=3) -> float:
  times = []
  for _ in range(repeats):
    t = time.perf_counter()
    fn()
    times.append(time.perf_counter() - t)
  return min(times)


def numpy_polar(G):
  U, s, Vt = np.linalg.svd(G, full_matrices=False)
  keep = s > 1e-10 * s[0]
  return (U[:, keep]) @ Vt[keep]


def numpy_ns(G, steps=5, coeffs=QUINTIC):
  X = G / (np.linalg.norm(G) + 1e-8)
  a, b, c = coeffs
  for _ in range(steps):
    A = X @ X.T
    X = a * X + (b * A + c * A @ A) @ X
  return X


def numpy_training(m, d, B, steps, optimizer, lr, seed=0):
  """Mini-batch cross-entropy on the linear memory, NumPy float32."""
  rng = np.random.default_rng(seed)
  K = 2**m
  k = np.arange(K)
  groups = np.zeros(K, int)
  groups[1:] = np.floor(np.log2(k[1:])).astype(int) + 1
  n = np.where(groups == 0, 2.0**m, 2.0 ** (m - groups))
  cdf = np.cumsum(n / n.sum())
  E = (rng.standard_normal((K, d)) / np.sqrt(d)).astype(np.float32)
  Et = (rng.standard_normal((d, K)) / np.sqrt(d)).astype(np.float32)
  W = np.zeros((d, d), np.float32)
  mu = np.zeros_like(W)
  nu = np.zeros_like(W)
  for t in range(1, steps + 1):
    idx = np.minimum(np.searchsorted(cdf, rng.random(B), side="right"), K - 1)
    X = E[idx]
    Z = (X @ W) @ Et
    Z -= Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    P /= P.sum(axis=1, keepdims=True)
    P[np.arange(B), idx] -= 1.0
    G = X.T @ (P / B) @ Et.T
    rate = lr * (1 - (t - 1) / steps)  # linear decay, as the quick preset
    if optimizer == "adam":
      mu = 0.9 * mu + 0.1 * G
      nu = 0.999 * nu + 0.001 * G * G
      W -= rate * (mu / (1 - 0.9**t)) / (np.sqrt(nu / (1 - 0.999**t)) + 1e-8)
    else:  # muon_ns: EMA momentum with bias correction, NS, -lr
      mu = 0.95 * mu + 0.05 * G
      W -= rate * numpy_ns(mu / (1 - 0.95**t)).astype(np.float32)
  return W


def matmul_gflops(n=1000, repeats=5):
  import jax
  import jax.numpy as jnp
  a = np.random.default_rng(0).standard_normal((n, n)).astype(np.float32)
  t_np = _best(lambda: a @ a, repeats)
  f = jax.jit(lambda x: x @ x)
  x = jnp.asarray(a)
  f(x).block_until_ready()
  t_jax = _best(lambda: f(x).block_until_ready(), repeats)
  return 2 * n**3 / t_np / 1e9, 2 * n**3 / t_jax / 1e9


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  import jax.numpy as jnp
  import optax
  from assoc import engine, sweep
  from assoc.training import optimizers
  from configs import ht_memory as ht_config
  from sims import ht_memory
  from theory import muon_one_step as theory

  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")
  gf_np, gf_jax = matmul_gflops()
  print(f"float32 matmul rate: NumPy {gf_np:.1f} GFLOP/s, JAX {gf_jax:.1f} GFLOP/s\n")

  # 1. Orthogonalisation of the one-layer memory's gradient at W = 0.
  K = _K.value
  p, L = theory.two_level(K, 0.8, 0.2)
  G64 = -theory.gradient_matrix(p)
  with jax.enable_x64(True):
    g = jnp.asarray(G64)
    polar = jax.jit(optimizers.polar)
    polar(g).block_until_ready()
    t_polar = _best(lambda: polar(g).block_until_ready())
  t_np_polar = _best(lambda: numpy_polar(G64))
  G32 = G64.astype(np.float32)
  ns = optax.contrib.scale_by_muon(beta=0.0, nesterov=False)
  ns_fn = jax.jit(lambda x: ns.update(x, ns.init(x))[0])
  g32 = jnp.asarray(G32)
  ns_fn(g32).block_until_ready()
  t_ns = _best(lambda: ns_fn(g32).block_until_ready())
  t_np_ns = _best(lambda: numpy_ns(G32))
  flops_ns = 5 * 3 * 2 * K**3
  print(f"orthogonalisation of a {K} x {K} gradient:")
  print(f"  exact polar (SVD, float64): JAX {t_polar * 1e3:8.1f} ms   NumPy {t_np_polar * 1e3:8.1f} ms"
        f"   NumPy / JAX {t_np_polar / t_polar:5.2f} x")
  print(f"  5 quintic NS steps (f32):   JAX {t_ns * 1e3:8.1f} ms   NumPy {t_np_ns * 1e3:8.1f} ms"
        f"   NumPy / JAX {t_np_ns / t_ns:5.2f} x   JAX {flops_ns / t_ns / 1e9:.1f} GFLOP/s "
        f"({100 * flops_ns / t_ns / 1e9 / gf_jax:.0f} % of matmul)")
  print(f"  NS vs exact polar (JAX):    {t_polar / t_ns:.1f} x faster\n")

  # 2. The heavy-tailed training run.
  config = ht_config.get_config("quick")
  config.n_steps = config.segment_steps = _STEPS.value
  m, d, B, T = config.m, config.d_s, config.B, config.n_steps
  mesh = engine.make_mesh()
  flops = 3 * 2 * B * d * (d + 2**m) * T
  print(f"ht_memory training: m = {m} (K = {2**m}), d = {d}, B = {B}, {T} steps, "
        f"linear decay; one task per device ({jax.device_count()} tasks)")
  for name, lr in (("adam", 3.0), ("muon_ns", 3.0)):
    seg = ht_memory.build_task(name, config)
    program = engine.program(seg, base_seed=0, mesh=mesh, vectorize=1)
    tasks = sweep.tasks([{"optimizer": name, "lr": lr}], jax.device_count(), ())
    args = sweep.chunk_arrays(tasks, jax.device_count(), lambda q: {"lr": q["lr"]}, mesh)
    run = lambda: jax.block_until_ready(program(args, chunk="", log=lambda _: None))
    t0 = time.perf_counter()
    run()
    t_first = time.perf_counter() - t0
    t_jax = _best(run, 2) / jax.device_count()  # per task: one per device at once
    t_np = _best(lambda: numpy_training(m, d, B, T, name, lr), 1)
    extra = 5 * 3 * 2 * d**3 * T if name == "muon_ns" else 0
    print(f"  {name:8s} JAX {t_jax:6.2f} s/run (first call with compile {t_first:5.1f} s), "
          f"NumPy {t_np:6.2f} s/run, NumPy / JAX {t_np / t_jax:5.2f} x; JAX "
          f"{T / t_jax:7.0f} steps/s, {(flops + extra) / t_jax / 1e9:5.1f} GFLOP/s "
          f"({100 * (flops + extra) / t_jax / 1e9 / gf_jax:.0f} % of matmul; JAX includes "
          f"{len(ht_memory.eval_steps(T, config.num_evals))} evaluations)")


if __name__ == "__main__":
  app.run(main)
