r"""Runs every simulation at a preset and draws every figure (PNG and PDF).

    python -m paper_figs.all --preset quick          # the README's main job
    python -m paper_figs.all --preset smoke --only=hopfield_capacity

Runs go to WORKDIR/PRESET/NAME (a rerun resumes; nothing is recomputed once
complete), figures to OUTDIR/PRESET/NAME.{png,pdf}. It ends with the
reproduction report (paper_figs.report): OUTDIR/PRESET/REPORT.md and
index.html, and a summary of the headline quantities within tolerance.

With --jobs=J > 1 (default: 2, or the number of cores if fewer) the
simulations run in J worker processes side by side, each one simulation at
a time, longest first, and the worker that ran a simulation draws its
figures; a worker's output goes to WORKDIR/PRESET/logs/SIM.log. On a CPU
much of a short simulation is compilation, which is single-threaded, so two
of them overlap well. Results do not depend on it (nor on the device
count). --jobs=1 runs everything in this process, output to the terminal.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import importlib
import multiprocessing
import os
import sys
import time

from absl import app, flags

from paper_figs._figures import FIGURES  # (figure, simulation) pairs

_PRESET = flags.DEFINE_enum("preset", "quick", ["smoke", "quick", "default"],
                            "Config preset of every simulation.")
_WORKDIR = flags.DEFINE_string("workdir", "runs", "Root of the run directories.")
_OUTDIR = flags.DEFINE_string("outdir", "figures", "Root of the figure directories.")
_ONLY = flags.DEFINE_list("only", [], "Figure names to make (default: all).")
_JOBS = flags.DEFINE_integer("jobs", min(2, os.cpu_count() or 1),
                             "Simulations run side by side in worker processes (1: in this "
                             "process).")

# Simulations in the order the workers take them: the longest first (quick
# preset on 2 cores), so that the last to finish is a short one.
LONGEST_FIRST = ("mha_memorization", "tiny_ablation", "dense_capacity", "hopfield_capacity", "outer_grid",
                 "rule_capacity", "hopfield_glauber", "muon_one_step", "pavlovian_heads",
                 "ht_memory", "fast_weight", "pavlovian_capacity", "dense_hebbian_lowload",
                 "dense_hebbian_capacity", "dense_hebbian_temperature", "multitask_phase",
                 "dense_hebbian_detection", "digits_dense", "multitask_learning", "mqar_probe",
                 "rule_recency",
                 "outer_sgd_map", "dense_exp_capacity", "hopfield_basins",
                 "pavlovian_depth", "multitask_amplitudes", "outer_product_scaling",
                 "outer_embeddings",
                 "modern_fixed_points", "pavlovian_coherence", "modern_retrieval",
                 "conditioning", "outer_overflow", "outer_matrix", "muon_ns")


def _run_sim(sim: str, preset: str, workdir: str, log: str | None, figures: list[str],
             outdir: str) -> tuple[float, list[tuple[str, float, list[str]]]]:
  """Runs one simulation and draws its figures (in a worker: output to
  `log`). Returns its wall time and (figure, seconds, paths) per figure."""
  t0 = time.time()
  config = importlib.import_module(f"configs.{sim}").get_config(preset)
  module = importlib.import_module(f"sims.{sim}")
  with contextlib.ExitStack() as stack:
    if log is not None:
      f = stack.enter_context(open(log, "w"))
      stack.enter_context(contextlib.redirect_stderr(f))
      stack.enter_context(contextlib.redirect_stdout(f))
    module.run(config, workdir)
    seconds = time.time() - t0
    drawn = []
    for name in figures:
      t1 = time.time()
      paths = importlib.import_module(f"paper_figs.{name}").make(workdir, outdir)
      drawn.append((name, time.time() - t1, paths))
  return seconds, drawn


def _init_worker() -> None:
  from assoc import cli
  flags.FLAGS.mark_as_parsed()
  cli.quiet_library_logs()
  cli.use_all_cpu_cores()
  cli.use_compilation_cache()


def main(argv):
  del argv
  from assoc import cli, experiment, results
  cli.quiet_library_logs()
  names = [f[0] for f in FIGURES]
  unknown = sorted(set(_ONLY.value) - set(names))
  if unknown:
    sys.exit(f"unknown figure(s) {', '.join(unknown)}; known: {', '.join(names)}")
  if _JOBS.value < 1:
    sys.exit(f"--jobs must be >= 1, got {_JOBS.value}")
  preset = _PRESET.value
  chosen = [(name, sim) for name, sim in FIGURES if not _ONLY.value or name in _ONLY.value]
  sims = list(dict.fromkeys(sim for _, sim in chosen))
  for sim in sims:  # every config is checked before anything runs
    importlib.import_module(f"configs.{sim}").get_config(preset)
  workdir = lambda sim: os.path.join(_WORKDIR.value, preset, sim)
  outdir = os.path.join(_OUTDIR.value, preset)
  seconds, summary = {}, []
  t_start = time.time()

  def figures_of(sim):
    return [name for name, s in chosen if s == sim]

  def done(sim, result):
    seconds[sim], drawn = result
    summary.extend((name, sim, t, paths) for name, t, paths in drawn)

  def failed(sim, e, log=None):
    where = f" (its output: {log})" if log else ""
    print(f"paper_figs.all: {sim}: error: {e}{where}", file=sys.stderr)
    sys.exit(2)

  if _JOBS.value == 1:
    cli.use_all_cpu_cores()
    cli.use_compilation_cache()
    for sim in sims:
      try:
        done(sim, _run_sim(sim, preset, workdir(sim), None, figures_of(sim), outdir))
      except (experiment.ConfigError, results.WorkdirError) as e:
        failed(sim, e)
  else:
    logs = os.path.join(_WORKDIR.value, preset, "logs")
    os.makedirs(logs, exist_ok=True)
    order = sorted(sims, key=lambda s: LONGEST_FIRST.index(s) if s in LONGEST_FIRST
                   else len(LONGEST_FIRST))
    context = multiprocessing.get_context("spawn")  # JAX is not fork-safe
    with concurrent.futures.ProcessPoolExecutor(_JOBS.value, mp_context=context,
                                                initializer=_init_worker) as pool:
      futures = {pool.submit(_run_sim, sim, preset, workdir(sim), os.path.join(logs, f"{sim}.log"),
                             figures_of(sim), outdir): sim for sim in order}
      print(f"paper_figs.all --preset {preset}: {len(order)} simulations in {_JOBS.value} "
            f"workers; their output in {logs}/", file=sys.stderr, flush=True)
      for future in concurrent.futures.as_completed(futures):
        sim = futures[future]
        log = os.path.join(logs, f"{sim}.log")
        try:
          done(sim, future.result())
        except (experiment.ConfigError, results.WorkdirError) as e:
          pool.shutdown(cancel_futures=True)
          failed(sim, e, log)
        except Exception as e:  # noqa: BLE001  (a crash: say where its output is)
          pool.shutdown(cancel_futures=True)
          failed(sim, f"{type(e).__name__}: {e}", log)
        print(f"  {sim:24s} {seconds[sim]:7.1f} s  ({len(seconds)}/{len(order)} done, "
              f"{time.time() - t_start:.0f} s elapsed)", file=sys.stderr, flush=True)
  print(f"\npaper_figs.all --preset {preset} (--jobs={_JOBS.value}):")
  for sim in sims:
    print(f"  {sim:24s} {seconds[sim]:7.1f} s")
    for name, s, t, paths in summary:
      if s == sim:
        print(f"    {name:26s} {t:5.1f} s  {'  '.join(paths)}")
  print(f"  total {time.time() - t_start:.1f} s (simulations {sum(seconds.values()):.1f} s)")
  # The reproduction report: reads the run files just written, recomputes
  # nothing; a failure in it is reported, and the runs and figures stand.
  from paper_figs import report
  try:
    report.write(os.path.join(_WORKDIR.value, preset), outdir, preset,
                 only=[name for name, _ in chosen] if _ONLY.value else None)
  except Exception as e:  # noqa: BLE001
    print(f"paper_figs.all: the reproduction report failed: {type(e).__name__}: {e} "
          f"(rerun it with python -m paper_figs.report --workdir="
          f"{os.path.join(_WORKDIR.value, preset)})", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
  app.run(main)
