r"""Benchmark: the delta and gated delta rules over a sequence, token scan vs
chunkwise parallel form vs NumPy (docs/pavlovian.md §3.3).

    python -m benchmarks.bench_rules                         # L = 4096, d = 64
    python -m benchmarks.bench_rules --L=16384 --d=128 --chunk=128 --batch=8

The computation: a batch of sequences of L tokens, unit keys and queries,
values of size d, per-token gates; as a mixer: write (k_t, v_t), then read
q_t. JAX runs `assoc.online.scan` (lax.scan over tokens) and the rule's
`chunkwise` form (assoc.chunkwise: the UT transform, chunks of C tokens),
both jitted and vmapped over the batch; NumPy runs the token loop of the
same update (S <- a S - beta (a S k - v) k^T; o = S q), sequence by sequence.

Printed: the three times, the ratios, the largest difference between the
forms (float32), and the achieved rate of useful work (6 d^2 flops per
token, the recurrent update and read) against this machine's float32
matmul rate.
"""

from __future__ import annotations

import time

from absl import app, flags
import numpy as np

_L = flags.DEFINE_integer("L", 4096, "Tokens per sequence.")
_D = flags.DEFINE_integer("d", 64, "d_k = d_v.")
_CHUNK = flags.DEFINE_integer("chunk", 64, "Chunk size C of the parallel form.")
_BATCH = flags.DEFINE_integer("batch", 4, "Sequences.")


def numpy_gated_delta(K, V, Q, alpha, beta):
  """The token loop of the gated delta rule (alpha = 1: delta), one sequence."""
  S = np.zeros((V.shape[1], K.shape[1]), K.dtype)
  O = np.empty_like(V)
  for t in range(K.shape[0]):
    S = alpha[t] * S
    S -= beta[t] * np.outer(S @ K[t] - V[t], K[t])
    O[t] = S @ Q[t]
  return O


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  import jax.numpy as jnp
  from assoc import kv, online, rules
  from benchmarks._common import matmul_gflops, timed

  L, d, C, B = _L.value, _D.value, _CHUNK.value, _BATCH.value
  print(f"delta / gated delta over {B} sequences of L = {L} tokens, d_k = d_v = {d}, "
        f"chunks of {C}; JAX {jax.__version__} on {jax.default_backend()}")
  key = jax.random.key(0)
  K = jax.vmap(lambda b: kv.keys(jax.random.fold_in(key, 3 * b), L, d))(jnp.arange(B))
  V = jax.vmap(lambda b: kv.values(jax.random.fold_in(key, 3 * b + 1), L, d))(jnp.arange(B))
  Q = jax.vmap(lambda b: kv.keys(jax.random.fold_in(key, 3 * b + 2), L, d))(jnp.arange(B))
  _, gf_jax = matmul_gflops()
  flops = 6.0 * d * d * L * B

  for name in ("delta", "gated_delta"):
    rule = rules.get(name, kind="online")
    gates = {"beta": jnp.full((L,), 0.7)}
    if name == "gated_delta":
      gates["alpha"] = jnp.full((L,), 0.995)
    state = rule.init(d, d)
    scan = jax.jit(jax.vmap(lambda k, v, q: online.scan(rule, state, k, v, q, gates)[0]))
    chunk = jax.jit(jax.vmap(lambda k, v, q: rule.chunkwise(state, k, v, q, gates, C)[0]))
    times = {}
    for label, fn in (("scan", scan), ("chunkwise", chunk)):
      jax.block_until_ready(fn(K, V, Q))
      times[label] = min(timed(lambda: jax.block_until_ready(fn(K, V, Q))) for _ in range(3))
    diff = float(jnp.max(jnp.abs(scan(K, V, Q) - chunk(K, V, Q))))
    Kn, Vn, Qn = (np.asarray(x) for x in (K, V, Q))
    alpha = np.asarray(gates.get("alpha", jnp.ones(L)))
    t0 = time.perf_counter()
    for b in range(B):
      numpy_gated_delta(Kn[b], Vn[b], Qn[b], alpha, np.asarray(gates["beta"]))
    times["numpy"] = time.perf_counter() - t0
    print(f"\n{name}:")
    for label in ("numpy", "scan", "chunkwise"):
      rate = flops / times[label] / 1e9
      print(f"  {label:10s} {times[label] * 1e3:9.1f} ms   {rate:7.2f} GFLOP/s "
            f"({100 * rate / gf_jax:5.2f} % of JAX matmul)")
    print(f"  NumPy / scan {times['numpy'] / times['scan']:.1f} x, NumPy / chunkwise "
          f"{times['numpy'] / times['chunkwise']:.1f} x, scan / chunkwise "
          f"{times['scan'] / times['chunkwise']:.1f} x; max |O_scan - O_chunk| = {diff:.1e} "
          f"(float32)")
  print(f"\nfloat32 matmul on this machine: JAX {gf_jax:.1f} GFLOP/s; "
        f"{jax.device_count()} device(s), the batch vmapped on one")


if __name__ == "__main__":
  app.run(main)
