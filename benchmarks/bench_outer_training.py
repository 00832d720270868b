r"""Benchmark: trained outer-product memories, sims.outer_grid against the
authors' PyTorch runner on the same 15 runs (docs/outer_product.md §4 "grid
experiment").

    python -m benchmarks.bench_outer_training \
        --runner=PATH/TO/pal/projects/scaling_law/grid_experiments \
        --torch_python=PATH/TO/venv-with-torch/bin/python
    python -m benchmarks.bench_outer_training          # ours only

The 15 runs: matrix model (W trained, E and U fixed), Adam with betas 0 at
γ/d = 1/d on W, |B| = 16, one pass over T = 10240 samples (640 steps),
N = 100, M = 5, α = 2, d in {10, 100, 1000} x 5 seeds
(configs/outer_grid.py:reference_runs). Ours trains A = W^T U^T instead of
W (`assoc.outer.training.train_factored`): Adam(β = 0) is the stateless
step W -= γ/d φ(g), φ(x) = x / (|x| + ε), and the logits need W only
through A, so a step costs 2 d^2 M multiply-adds (G U and φ(G U) U^T) and
no d x d matrix or optimiser state is kept.

Printed:
1. Steady state per d = 1000 run: the runner's own time per run_exp call
   (benchmarks/reference_outer_runner.py: model, data, 640 steps,
   evaluation; torch on --torch_threads threads) against our marginal time
   per extra run (sims.outer_grid.run in this process with 2 x --seeds and
   with --seeds seeds of d = 1000, the program already compiled; the
   difference over the extra runs: compilation, imports and fixed costs
   excluded on both sides). Target >= 5x.
2. The 15-run whole command: the runner's process (imports and 15 runs) and
   `python -m sims.outer_grid --config=configs/outer_grid.py:reference_runs`
   as a user types it, with an empty compilation cache (cold) and again with
   the cache it filled (warm). Target >= 2x.
3. The errors per d from both (seeds differ: they must agree within seed
   noise) and the useful-work rate at d = 1000 against this machine's
   float32 matmul rate (2 d^2 M multiply-adds and d^2 φ per step).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from absl import app, flags
import numpy as np

_RUNNER = flags.DEFINE_string("runner", None, "Directory of the authors' run.py and utils.py "
                              "(facebookresearch/pal, projects/scaling_law/grid_experiments); "
                              "without it only ours is timed.")
_TORCH_PYTHON = flags.DEFINE_string("torch_python", sys.executable,
                                    "A Python that has PyTorch, for the runner.")
_TORCH_THREADS = flags.DEFINE_integer("torch_threads", 2, "torch.set_num_threads of the runner.")
_SEEDS = flags.DEFINE_integer("seeds", 10, "d = 1000 runs of the smaller steady-state batch.")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STEPS, D, M = 640, 1000, 5


def _reference(runner: str) -> tuple[list[dict], float]:
  """The runner's 15 runs: (records with seconds, wall time of its process)."""
  script = os.path.join(ROOT, "benchmarks", "reference_outer_runner.py")
  t = time.perf_counter()
  proc = subprocess.run([_TORCH_PYTHON.value, script, runner, str(_TORCH_THREADS.value)],
                        capture_output=True, text=True, check=False)
  wall = time.perf_counter() - t
  if proc.returncode != 0:
    sys.exit(f"the reference runner failed:\n{proc.stderr[-3000:]}")
  return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")], wall


def _whole_command(cache: str, workdir: str) -> float:
  env = dict(os.environ, ASSOC_COMPILATION_CACHE=cache)
  env.pop("JAX_COMPILATION_CACHE_DIR", None)
  t = time.perf_counter()
  subprocess.run([sys.executable, "-m", "sims.outer_grid",
                  "--config=configs/outer_grid.py:reference_runs", f"--workdir={workdir}"],
                 cwd=ROOT, env=env, check=True, capture_output=True)
  return time.perf_counter() - t


def _steady_state(seeds: int, tmp: str) -> float:
  """Our marginal seconds per extra d = 1000 run, the program compiled."""
  from configs import outer_grid as configs
  from sims import outer_grid

  def run(num_seeds: int, name: str) -> float:
    c = configs.reference_runs_config()
    c.panels.reference.d = (D,)
    c.num_seeds = num_seeds
    c.batch_size = seeds  # chunks of `seeds` tasks: one compiled program for both
    t = time.perf_counter()
    outer_grid.run(c, os.path.join(tmp, name))
    return time.perf_counter() - t

  run(seeds, "warmup")  # compiles
  small = min(run(seeds, f"small{i}") for i in range(2))
  large = min(run(2 * seeds, f"large{i}") for i in range(2))
  return (large - small) / seeds


def _errors(records) -> dict[int, tuple[float, float, int]]:
  out = {}
  for d in sorted({r["d"] for r in records}):
    e = np.array([r["error"] for r in records if r["d"] == d])
    out[d] = (e.mean(), e.std(ddof=1) / np.sqrt(len(e)), len(e))
  return out


def main(argv):
  del argv
  from assoc import cli
  cli.use_all_cpu_cores()
  import jax
  from benchmarks import _common

  print(f"JAX {jax.__version__} on {jax.device_count()} {jax.default_backend()} device(s); "
        f"load average {os.getloadavg()[0]:.2f}")
  with tempfile.TemporaryDirectory() as tmp:
    ours_cold = _whole_command(os.path.join(tmp, "cache"), os.path.join(tmp, "cold"))
    ours_warm = _whole_command(os.path.join(tmp, "cache"), os.path.join(tmp, "warm"))
    with open(os.path.join(tmp, "cold", "results.jsonl")) as f:
      ours = [json.loads(line) for line in f]
    per_run = _steady_state(_SEEDS.value, tmp)

  ref, ref_wall = (_reference(_RUNNER.value) if _RUNNER.value else (None, None))

  print(f"\n1. Steady state, one d = {D} run (640 steps of Adam(β = 0), |B| = 16):")
  print(f"   ours, marginal per extra run:   {per_run:7.3f} s (throughput: runs in parallel "
        f"on every device)")
  if ref:
    ref_1000 = [r["seconds"] for r in ref if r["d"] == D]
    med = statistics.median(ref_1000)
    print(f"   runner, per run_exp call:       {med:7.3f} s (one run on {_TORCH_THREADS.value} "
          f"torch threads; median of {len(ref_1000)}; "
          f"{min(ref_1000):.3f}..{max(ref_1000):.3f})")
    print(f"   ratio:                          {med / per_run:7.1f} x   (target >= 5)")
    for d in (10, 100):
      print(f"   runner at d = {d}: {statistics.median(r['seconds'] for r in ref if r['d'] == d):.3f} s "
            f"per run")

  print("\n2. The 15-run whole command:")
  print(f"   ours, empty compilation cache:  {ours_cold:7.2f} s")
  print(f"   ours, warm cache:               {ours_warm:7.2f} s")
  if ref:
    print(f"   runner process (imports, one untimed warm-up run, 15 runs): {ref_wall:.2f} s; "
          f"its 15 runs alone {sum(r['seconds'] for r in ref):.2f} s")
    print(f"   ratio:                          {ref_wall / ours_cold:7.1f} x cold, "
          f"{ref_wall / ours_warm:.1f} x warm   (target >= 2)")

  print("\n3. Population error by d (mean ± standard error over seeds):")
  e_ours = _errors(ours)
  e_ref = _errors(ref) if ref else {}
  for d, (m, se, n) in e_ours.items():
    line = f"   d = {d:5d}: ours {m:.4f} ± {se:.4f} ({n} seeds)"
    if d in e_ref:
      m2, se2, n2 = e_ref[d]
      spread = np.hypot(se, se2)
      z = abs(m - m2) / spread if spread > 0 else (0.0 if m == m2 else np.inf)
      line += (f"   runner {m2:.4f} ± {se2:.4f} ({n2} seeds)   |difference| = {z:.1f} SE "
               f"({'within' if z < 3 else 'OUTSIDE'} seed noise)")
    print(line)
  flops = STEPS * (2 * 2 * D * D * M + D * D)
  _, gf_jax = _common.matmul_gflops()
  rate = flops / per_run / 1e9
  print(f"\n   useful work of a d = {D} run: 640 x (4 d^2 M + d^2) = {flops / 1e9:.1f} GFLOP; "
        f"{rate:.1f} GFLOP/s against JAX's float32 matmul rate {gf_jax:.1f} GFLOP/s "
        f"({100 * rate / gf_jax:.0f} %)")


if __name__ == "__main__":
  app.run(main)
