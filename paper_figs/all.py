r"""Runs every simulation at a preset and draws every figure (PNG and PDF).

    python -m paper_figs.all --preset quick          # the README's main job
    python -m paper_figs.all --preset smoke --only=hopfield_capacity

Runs go to WORKDIR/PRESET/NAME (a rerun resumes; nothing is recomputed once
complete), figures to OUTDIR/PRESET/NAME.{png,pdf}.
"""

from __future__ import annotations

import importlib
import os
import sys
import time

from absl import app, flags

# (figure, simulation): paper_figs.<figure>.make(workdir, outdir) draws what
# sims.<simulation>.run(configs.<simulation>.get_config(preset), workdir) wrote.
FIGURES = (
    ("hopfield_capacity", "hopfield_capacity"),
    ("hopfield_phase_diagram", "hopfield_glauber"),
    ("hopfield_m_vs_T", "hopfield_glauber"),
    ("hopfield_basins", "hopfield_basins"),
    ("rule_capacity", "rule_capacity"),
    ("hebbian_snr", "rule_capacity"),
    ("dense_capacity", "dense_capacity"),
    ("dense_retrieval", "dense_capacity"),
    ("dense_exp_capacity", "dense_exp_capacity"),
    ("modern_retrieval", "modern_retrieval"),
    ("modern_fixed_points", "modern_fixed_points"),
    ("muon_fig4b", "muon_one_step"),
    ("muon_fig4c", "muon_one_step"),
    ("muon_vs_K", "muon_one_step"),
    ("muon_ns", "muon_ns"),
    ("ht_memory", "ht_memory"),
    ("tiny_ablation", "tiny_ablation"),
    ("outer_scaling_d", "outer_product_scaling"),
    ("outer_scaling_T", "outer_product_scaling"),
    ("outer_contours", "outer_product_scaling"),
    ("outer_schemes", "outer_product_scaling"),
    ("outer_overflow", "outer_overflow"),
    ("outer_matrix", "outer_matrix"),
    ("outer_eq16_map", "outer_sgd_map"),
    ("outer_sgd_map", "outer_sgd_map"),
    ("outer_grid", "outer_grid"),
    ("outer_embeddings", "outer_embeddings"),
)

_PRESET = flags.DEFINE_enum("preset", "quick", ["smoke", "quick", "default"],
                            "Config preset of every simulation.")
_WORKDIR = flags.DEFINE_string("workdir", "runs", "Root of the run directories.")
_OUTDIR = flags.DEFINE_string("outdir", "figures", "Root of the figure directories.")
_ONLY = flags.DEFINE_list("only", [], "Figure names to make (default: all).")


def main(argv):
  del argv
  from assoc import cli, experiment, results
  cli.quiet_library_logs()
  cli.use_all_cpu_cores()
  names = [f[0] for f in FIGURES]
  unknown = sorted(set(_ONLY.value) - set(names))
  if unknown:
    sys.exit(f"unknown figure(s) {', '.join(unknown)}; known: {', '.join(names)}")
  preset = _PRESET.value
  summary = []
  for name, sim in FIGURES:
    if _ONLY.value and name not in _ONLY.value:
      continue
    t0 = time.time()
    workdir = os.path.join(_WORKDIR.value, preset, sim)
    config = importlib.import_module(f"configs.{sim}").get_config(preset)
    try:
      importlib.import_module(f"sims.{sim}").run(config, workdir)
    except (experiment.ConfigError, results.WorkdirError) as e:
      print(f"paper_figs.all: {sim}: error: {e}", file=sys.stderr)
      sys.exit(2)
    figure = importlib.import_module(f"paper_figs.{name}")
    paths = figure.make(workdir, os.path.join(_OUTDIR.value, preset))
    summary.append((name, time.time() - t0, paths))
  print(f"\npaper_figs.all --preset {preset}:")
  for name, seconds, paths in summary:
    print(f"  {name:28s} {seconds:7.1f} s  {'  '.join(paths)}")
  print(f"  total {sum(s for _, s, _ in summary):.1f} s")


if __name__ == "__main__":
  app.run(main)
