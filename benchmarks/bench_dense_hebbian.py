r"""Benchmark: dense Hebbian learning from noisy examples, JAX against NumPy
(docs/dense_hebbian.md §6, the Monte Carlo scheme; the model of §1).

    python -m benchmarks.bench_dense_hebbian          # the cases below: ~45 s on 2 CPU cores
    python -m benchmarks.bench_dense_hebbian --quick  # smoke: the check and capacity cases, tiny
    python -m benchmarks.bench_dense_hebbian --N=2000 --num_seeds=32 --capacity_N=80

The cases, all at P = 4, rho = 0.2 (r = 1/sqrt(1 + rho M)), T = 0:

  check         supervised and unsupervised, N = 400, K = 2, 3, 4 classes
                (one program: K is traced), M = 11, 8 seeds per K: the mean
                Mattis overlaps of JAX and NumPy must agree (below)
  learning      supervised and unsupervised, N = 1000, K = 2, M = 11, 16 seeds
  capacity      supervised at high load, `capacity_trial`: N = 60, M = 51,
                K = alpha N^(P-1) = 1080 classes (alpha = 0.005), 8 seeds

--quick: the check cases at N = 100 (K = 2, 3; 4 seeds) and the capacity case
at N = 30, without the vmap timing (~15 s, mostly compilation).

JAX runs `assoc.hopfield.learning.learning_trial` (or `capacity_trial`):
archetypes, examples, the stored vectors (class averages normalised to unit
mean square, or every example with weight 1/M), a dense memory with fields
from the overlaps S_mu = x^mu . sigma (`assoc.hopfield.dense.polynomial`,
O(K) per spin), T = 0 random-sequential dynamics from archetype 1 to a sweep
without flips (`assoc.hopfield.dynamics.zero_t_async`, ties keep the spin).
It runs through the sweep engine's compiled program over all seeds of a case
(what `sims/` run, compiled once per case: tasks sharded over the devices,
one per CPU core), and, with --vmap (default), also as one
jax.jit(jax.vmap(trial)) over the same task keys on one device (the same
trials: their m must be identical, printed as a check).

NumPy runs the same model straightforwardly (`numpy_learning_trials`,
`numpy_capacity_trials` below): the same data model, the overlaps S, and for
each spin the exact flip difference sum_{k odd} C(P, k) x_i^k (S^(i))^(P-k),
S^(i) = S - x_i sigma_i (real-valued rows for supervised, x^k = x for the
binary examples), spins updated one by one in a Python loop, the trials of a
case vectorised: every NumPy call acts on all trials at once (each with its
own sweep order), trials that have converged leave the batch. float64 (ties
exact for binary rows). The positive factors weight N^(1-P)/P! are left
out: T = 0 dynamics see only the sign of the field.

Correctness: the two sides use different random numbers, so their mean m
are compared, per point, within 4 standard errors of the difference + 0.01
(the tolerance of docs/dense_hebbian.md §10); the exact binomial low-load m
of the theory (`theory.dense_hebbian.m_low_load`) is printed beside the
supervised check. A disagreement makes the exit status 1.

Printed per case: m and sweeps from both, the time per trial of NumPy and of
JAX at steady state (best of --np_repeats runs and of --repeats calls), the
first JAX call and the compilation (first call minus a steady-state call)
separately, the ratio NumPy / JAX, and the useful-work rate (2 P N R flops
per sweep, R stored vectors: the cost of the overlap algorithm, as in
`benchmarks.bench_dense`) against this machine's float32 matmul rate
(`benchmarks._common.matmul_gflops`); then a table of all cases.
"""

from __future__ import annotations

import functools
import math
import time

from absl import app, flags
import numpy as np

_P = flags.DEFINE_integer("P", 4, "Interaction order.")
_N = flags.DEFINE_integer("N", 1000, "Neurons (learning cases).")
_K = flags.DEFINE_integer("K", 2, "Classes (learning cases).")
_M = flags.DEFINE_integer("M", 11, "Examples per class (learning and check cases).")
_RHO = flags.DEFINE_float("rho", 0.2, "Dataset entropy (every case).")
_SEEDS = flags.DEFINE_integer("num_seeds", 16, "Seeds (learning cases).")
_CHECK_N = flags.DEFINE_integer("check_N", 400, "Neurons (check cases).")
_CHECK_K = flags.DEFINE_list("check_K", ["2", "3", "4"], "Classes (check cases).")
_CHECK_SEEDS = flags.DEFINE_integer("check_seeds", 8, "Seeds per K (check cases).")
_CAP_N = flags.DEFINE_integer("capacity_N", 60, "Neurons (capacity case; 0: no capacity case).")
_CAP_ALPHA = flags.DEFINE_float("capacity_alpha", 0.005, "Load: K = alpha N^(P-1) classes.")
_CAP_M = flags.DEFINE_integer("capacity_M", 51, "Examples per class (capacity case).")
_CAP_SEEDS = flags.DEFINE_integer("capacity_seeds", 8, "Seeds (capacity case).")
_MAX_SWEEPS = flags.DEFINE_integer("max_sweeps", 100, "Sweeps at most.")
_BLOCK = flags.DEFINE_integer("block", 32, "Spins examined per step (JAX).")
_REPEATS = flags.DEFINE_integer("repeats", 5, "Steady-state JAX calls timed (the best counts).")
_NP_REPEATS = flags.DEFINE_integer("np_repeats", 3, "NumPy runs timed (the best counts).")
_VMAP = flags.DEFINE_bool("vmap", True, "Also time jax.jit(jax.vmap(trial)) on one device.")
_QUICK = flags.DEFINE_bool("quick", False, "A smoke run: the check cases at N = 100 (K = 2, 3; "
                           "4 seeds) and the capacity case at N = 30, no vmap timing.")


# ------------------------------------------------------------------ NumPy


def _odd_terms(P: int) -> tuple[tuple[int, int, int], ...]:
  """(C(P, k), k, P - k) for odd k: the flip difference of F(S) = S^P is
  [F(S + x) - F(S - x)]/2 = sum C(P, k) x^k S^(P-k)."""
  return tuple((math.comb(P, k), k, P - k) for k in range(1, P + 1, 2))


def numpy_zero_t(rng: np.random.Generator, rows: np.ndarray, sigma0: np.ndarray, P: int,
                 binary: bool, max_sweeps: int):
  """T = 0 random-sequential dynamics of E = -sum_mu (x^mu . sigma)^P for a
  batch of trials: rows (T, R, N) the stored vectors, sigma0 (T, N). Each
  sweep visits the spins in a fresh random order per trial; spin i takes the
  sign of sum_mu sum_{k odd} C(P, k) (x^mu_i)^k (S_mu^(i))^(P-k) from the
  overlaps S (O(R) per spin), a zero field keeps it; a trial stops after a
  sweep without flips. Returns (sigma, sweeps, converged)."""
  T, R, N = rows.shape
  terms = _odd_terms(P)
  X = np.ascontiguousarray(rows.transpose(0, 2, 1))               # (T, N, R): row i = x_i
  # Real-valued rows: x^k per odd k > 1, once (binary entries: x^k = x).
  Xk = {} if binary else {k: X**k for _, k, _ in terms if k > 1}
  sigma = sigma0.astype(np.float64, copy=True)
  S = np.einsum("trn,tn->tr", rows, sigma)
  sweeps = np.zeros(T, np.int64)
  active = np.ones(T, bool)
  for _ in range(max_sweeps):
    idx = np.flatnonzero(active)
    if idx.size == 0:
      break
    sweeps[idx] += 1
    at = np.arange(idx.size)
    Xa, Xka = X[idx], {k: v[idx] for k, v in Xk.items()}
    Sa, sa = S[idx], sigma[idx]
    order = rng.permuted(np.broadcast_to(np.arange(N), (idx.size, N)), axis=1)
    flips = np.zeros(idx.size, np.int64)
    for pos in range(N):
      i = order[:, pos]                                              # spin i of each trial
      x = Xa[at, i]                                                  # (A, R)
      s = sa[at, i]
      Si = Sa - x * s[:, None]                                       # S^(i)
      powers = [1.0, Si]
      for _ in range(2, P):
        powers.append(powers[-1] * Si)
      if binary:
        h = np.sum(x * sum(c * powers[p] for c, _, p in terms), axis=1)
      else:
        h = np.sum(sum(c * (x if k == 1 else Xka[k][at, i]) * powers[p] for c, k, p in terms),
                   axis=1)
      new = np.where(h > 0, 1.0, np.where(h < 0, -1.0, s))           # a zero field keeps it
      delta = new - s
      sa[at, i] = new
      Sa += delta[:, None] * x
      flips += delta != 0
    sigma[idx], S[idx] = sa, Sa
    active[idx] = flips > 0
  return sigma, sweeps, ~active


def _unit_rms(rows: np.ndarray) -> np.ndarray:
  rms = np.sqrt(np.mean(rows * rows, axis=-1, keepdims=True))
  return np.where(rms > 0, rows / np.where(rms > 0, rms, 1.0), 0.0)


def numpy_learning_trials(rng: np.random.Generator, trials: int, *, N: int, K: int, M: int,
                          r: float, P: int, protocol: str, max_sweeps: int):
  """`trials` learning trials at once (docs/dense_hebbian.md §6): K Rademacher
  archetypes, M examples eta = xi chi of quality r each, stored as the class
  averages normalised to unit mean square (supervised, real-valued) or as
  every example (unsupervised, binary; its weight 1/M is a positive factor),
  T = 0 dynamics from archetype 1. Returns (m, sweeps, converged) per trial."""
  xi = rng.choice(np.array([-1.0, 1.0]), size=(trials, K, N))
  chi = np.where(rng.random((trials, K, M, N)) < (1 + r) / 2, 1.0, -1.0)
  eta = xi[:, :, None, :] * chi
  if protocol == "supervised":
    rows, binary = _unit_rms(eta.mean(axis=2)), False
  elif protocol == "unsupervised":
    rows, binary = eta.reshape(trials, K * M, N), True
  else:
    raise ValueError(f"unknown protocol {protocol!r}")
  sigma, sweeps, converged = numpy_zero_t(rng, rows, xi[:, 0], P, binary, max_sweeps)
  return np.einsum("tn,tn->t", xi[:, 0], sigma) / N, sweeps, converged


def numpy_capacity_trials(rng: np.random.Generator, trials: int, *, N: int, K: int, M: int,
                          r: float, P: int, max_sweeps: int):
  """`trials` supervised trials at high load: the K class averages drawn
  directly, xi (2B - M)/M with B ~ Bin(M, (1 + r)/2) per site, normalised to
  unit mean square; T = 0 dynamics from archetype 1. (m, sweeps, converged)."""
  xi = rng.choice(np.array([-1.0, 1.0]), size=(trials, K, N))
  B = rng.binomial(M, (1 + r) / 2, size=(trials, K, N))
  rows = _unit_rms(xi * (2 * B - M) / M)
  sigma, sweeps, converged = numpy_zero_t(rng, rows, xi[:, 0], P, False, max_sweeps)
  return np.einsum("tn,tn->t", xi[:, 0], sigma) / N, sweeps, converged


# ------------------------------------------------------------------ JAX


def _vmapped(fn, tasks, inputs_of, repeats):
  """The tasks as one jax.jit(jax.vmap(fn)) over their engine task keys (one
  device). Returns (outputs, seconds of the first call, best steady seconds)."""
  import jax
  import jax.numpy as jnp
  from assoc import engine
  from benchmarks import _common

  hi = jnp.asarray([t.point_id >> 32 for t in tasks], jnp.uint32)
  lo = jnp.asarray([t.point_id & 0xFFFFFFFF for t in tasks], jnp.uint32)
  seed = jnp.asarray([t.seed for t in tasks], jnp.uint32)
  inputs = [inputs_of(t.point) for t in tasks]
  inputs = {k: jnp.asarray(np.asarray([x[k] for x in inputs]).astype(
      np.float32 if isinstance(inputs[0][k], float) else np.int32)) for k in inputs[0]}
  f = jax.jit(jax.vmap(lambda a, b, c, x: fn(engine.task_key(0, a, b, c), **x)))
  t0 = time.perf_counter()
  out = jax.block_until_ready(f(hi, lo, seed, inputs))
  t_first = time.perf_counter() - t0
  t_best = min(_common.timed(lambda: jax.block_until_ready(f(hi, lo, seed, inputs)))
               for _ in range(repeats))
  return {k: np.asarray(v) for k, v in out.items()}, t_first, t_best


# ------------------------------------------------------------------ the cases


def _agree(a: np.ndarray, b: np.ndarray) -> tuple[float, bool]:
  """(tolerance, |mean a - mean b| <= tolerance): 4 standard errors of the
  difference of the means + 0.01."""
  se = math.sqrt(np.var(a, ddof=1) / len(a) + np.var(b, ddof=1) / len(b)) if len(a) > 1 else 0
  tol = 4 * se + 0.01
  return tol, abs(float(np.mean(a) - np.mean(b))) <= tol


def _run_case(name, fn, points, seeds, inputs_of, numpy_point, rows_of, theory_of=None,
              vmap=False):
  """Runs one case on both sides, prints its table and times, returns its summary."""
  import jax
  from assoc import sweep
  from benchmarks import _common

  tasks = sweep.tasks(points, seeds)
  n_tasks = len(tasks)
  out, t_first, t_jax = _common.run_engine(fn, tasks, inputs_of, repeats=_REPEATS.value)
  vm = _vmapped(fn, tasks, inputs_of, _REPEATS.value) if vmap else None

  t_np = np.inf
  for _ in range(_NP_REPEATS.value):  # the same trials each time (seed 0): the best counts
    rng = np.random.default_rng(0)
    ref = []
    t_np = min(t_np, _common.timed(lambda: ref.extend(numpy_point(rng, p, seeds)
                                                      for p in points)))
  m_np = np.concatenate([r[0] for r in ref])
  sweeps_np = np.concatenate([r[1] for r in ref])
  conv_np = np.concatenate([r[2] for r in ref])

  print(f"\n== {name}: {len(points)} point(s) x {seeds} seeds = {n_tasks} trials")
  head = f"{'point':>14} {'m JAX':>8} {'m NumPy':>8} {'|diff|':>7} {'tol':>6} {'agree':>6}"
  head += f" {'sweeps JAX':>11} {'sweeps NumPy':>13}"
  if theory_of is not None:
    head += f" {'m theory':>9}"
  print(head)
  ok_all = True
  for k, p in enumerate(points):
    sl = slice(k * seeds, (k + 1) * seeds)
    a, b = out["m"][sl], m_np[sl]
    tol, ok = _agree(a, b)
    ok_all &= ok
    label = ", ".join(f"{key}={v}" for key, v in p.items())
    line = (f"{label:>14} {a.mean():8.4f} {b.mean():8.4f} {abs(a.mean() - b.mean()):7.4f} "
            f"{tol:6.3f} {'yes' if ok else 'NO':>6} {out['sweeps'][sl].mean():11.2f} "
            f"{sweeps_np[sl].mean():13.2f}")
    if theory_of is not None:
      line += f" {theory_of(p):9.4f}"
    print(line)
  if len(points) > 1:
    tol, ok = _agree(out["m"], m_np)
    ok_all &= ok
    print(f"{'all':>14} {out['m'].mean():8.4f} {m_np.mean():8.4f} "
          f"{abs(out['m'].mean() - m_np.mean()):7.4f} {tol:6.3f} {'yes' if ok else 'NO':>6}")
  not_conv = int(np.sum(~out["converged"])) + int(np.sum(~conv_np))
  if not_conv:
    print(f"  ({not_conv} trials stopped at max_sweeps without converging)")

  R = np.array([rows_of(t.point) for t in tasks], float)
  N = fn.keywords["N"]
  P = fn.keywords["P"]
  work_jax = float(np.sum(2.0 * P * N * R * out["sweeps"]))
  work_np = float(np.sum(2.0 * P * N * R * sweeps_np))
  summary = dict(name=name, n=n_tasks, t_np=t_np / n_tasks, t_jax=t_jax / n_tasks,
                 t_first=t_first / n_tasks, compile=max(t_first - t_jax, 0.0),
                 gf_jax=work_jax / t_jax / 1e9, gf_np=work_np / t_np / 1e9, ok=ok_all)
  print(f"  per trial: NumPy {1e3 * summary['t_np']:.3f} ms, JAX (engine, "
        f"{jax.device_count()} device(s)) {1e3 * summary['t_jax']:.3f} ms; "
        f"NumPy / JAX {summary['t_np'] / summary['t_jax']:.1f} x")
  print(f"  JAX first call {t_first:.2f} s for {n_tasks} trials "
        f"(compilation ~ {summary['compile']:.2f} s, excluded above)")
  if vm is not None:
    out_v, tv_first, tv = vm
    summary["t_vmap"] = tv / n_tasks
    summary["gf_vmap"] = work_jax / tv / 1e9
    same = float(np.max(np.abs(out_v["m"] - out["m"])))
    print(f"  JAX jit(vmap) over the {n_tasks} trials, 1 device: {1e3 * tv / n_tasks:.3f} ms "
          f"per trial (NumPy / JAX {t_np / tv:.1f} x); first call {tv_first:.2f} s; "
          f"max |m_vmap - m_engine| = {same:.1e}")
  return summary


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from assoc.hopfield import learning
  from benchmarks import _common
  from theory import dense_hebbian as dh

  quick = _QUICK.value
  vmap = _VMAP.value and not quick
  P, rho, max_sweeps, block = _P.value, _RHO.value, _MAX_SWEEPS.value, _BLOCK.value
  N, seeds = _N.value, _SEEDS.value
  check_N = 100 if quick else _CHECK_N.value
  check_K = [2, 3] if quick else [int(k) for k in _CHECK_K.value]
  check_seeds = 4 if quick else _CHECK_SEEDS.value
  cap_N = min(_CAP_N.value, 30) if quick else _CAP_N.value
  cap_seeds = 4 if quick else _CAP_SEEDS.value
  M, K = _M.value, _K.value
  r = float(dh.r_of_rho(rho, M))
  print(f"Dense Hebbian learning, T = 0 (docs/dense_hebbian.md §6): P = {P}, rho = {rho}"
        f"{' (quick)' if quick else ''}")
  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s)")

  summaries = []
  for protocol in learning.PROTOCOLS:
    def numpy_point(rng, p, n, *, N_, protocol=protocol):
      return numpy_learning_trials(rng, n, N=N_, K=p["K"], M=M, r=r, P=P,
                                   protocol=protocol, max_sweeps=max_sweeps)

    rows_of = (lambda p: p["K"]) if protocol == "supervised" else (lambda p: p["K"] * M)
    inputs_of = lambda p: {"r": r, "M": M, "num_classes": p["K"]}  # noqa: E731
    theory_of = ((lambda p: float(dh.m_low_load(rho, M))) if protocol == "supervised"
                 else None)
    # The check: several K in one program (num_classes is traced).
    fn = functools.partial(learning.learning_trial, N=check_N, K=max(check_K), M_max=M, P=P,
                           protocol=protocol, max_sweeps=max_sweeps, block=block)
    summaries.append(_run_case(
        f"check, {protocol}, N = {check_N}, M = {M}", fn,
        [{"K": k} for k in check_K], check_seeds, inputs_of,
        functools.partial(numpy_point, N_=check_N),
        rows_of, theory_of, vmap))
    if quick:
      continue  # the check cases run the same trial function
    # The timing case.
    fn = functools.partial(learning.learning_trial, N=N, K=K, M_max=M, P=P,
                           protocol=protocol, max_sweeps=max_sweeps, block=block)
    summaries.append(_run_case(
        f"learning, {protocol}, N = {N}, K = {K}, M = {M}", fn, [{"K": K}], seeds,
        inputs_of, functools.partial(numpy_point, N_=N), rows_of, theory_of, vmap))

  if cap_N > 0:
    cap_M = _CAP_M.value
    cap_K = max(1, int(round(_CAP_ALPHA.value * cap_N ** (P - 1))))
    cap_r = float(dh.r_of_rho(rho, cap_M))
    fn = functools.partial(learning.capacity_trial, N=cap_N, K=cap_K, M=cap_M, P=P,
                           max_sweeps=max_sweeps, block=block)

    def numpy_cap(rng, p, n):
      return numpy_capacity_trials(rng, n, N=cap_N, K=p["K"], M=cap_M, r=cap_r, P=P,
                                   max_sweeps=max_sweeps)

    summaries.append(_run_case(
        f"capacity, supervised, N = {cap_N}, alpha = {_CAP_ALPHA.value}, M = {cap_M}", fn,
        [{"K": cap_K}], cap_seeds, lambda p: {"r": cap_r, "num_classes": p["K"]}, numpy_cap,
        lambda p: p["K"], vmap=vmap))

  gf_np, gf_jax = _common.matmul_gflops(n=1000 if quick else 2000)
  print(f"\nfloat32 matmul on this machine: JAX {gf_jax:.1f}, NumPy {gf_np:.1f} GFLOP/s; "
        f"useful work 2 P N R flops per sweep (R stored vectors)")
  print(f"{'case':<52} {'NumPy ms':>9} {'JAX ms':>8} {'ratio':>6} {'compile s':>9} "
        f"{'JAX GF/s':>9} {'% matmul':>9} {'m agree':>8}")
  for s in summaries:
    print(f"{s['name']:<52} {1e3 * s['t_np']:9.3f} {1e3 * s['t_jax']:8.3f} "
          f"{s['t_np'] / s['t_jax']:6.1f} {s['compile']:9.2f} {s['gf_jax']:9.3f} "
          f"{100 * s['gf_jax'] / gf_jax:9.3f} {'yes' if s['ok'] else 'NO':>8}")
  if vmap:
    print(f"\n{'jit(vmap) over the trials, 1 device':<52} {'NumPy ms':>9} {'JAX ms':>8} "
          f"{'ratio':>6} {'':>9} {'JAX GF/s':>9} {'% matmul':>9}")
    for s in summaries:
      print(f"{s['name']:<52} {1e3 * s['t_np']:9.3f} {1e3 * s['t_vmap']:8.3f} "
            f"{s['t_np'] / s['t_vmap']:6.1f} {'':>9} {s['gf_vmap']:9.3f} "
            f"{100 * s['gf_vmap'] / gf_jax:9.3f}")
  print("NumPy useful rate, GFLOP/s: " + ", ".join(f"{s['gf_np']:.3f}" for s in summaries)
        + f" ({100 * max(s['gf_np'] for s in summaries) / gf_np:.3f} % of its matmul rate "
        f"at best)")
  if not all(s["ok"] for s in summaries):
    print("m of JAX and NumPy DISAGREE beyond the tolerance in some case")
    return 1
  print("m of JAX and NumPy agree within the tolerance in every case")
  return 0


if __name__ == "__main__":
  app.run(main)
