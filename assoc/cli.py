"""The command line of a simulation, and the process setup every entry point
shares (the simulations, `paper_figs.all`, the benchmarks).

    python -m sims.NAME --config=configs/NAME.py[:PRESET] --workdir=DIR \
        [--config.FIELD=V ...] [--distributed]

A simulation module ends with `cli.main(run, NAME)`. A bad config or workdir
is one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

import jax
import ml_collections

from assoc.experiment import ConfigError
from assoc.results import WorkdirError


def use_all_cpu_cores() -> None:
  """One CPU device per core, unless the user chose a count.

  On a CPU-only machine the sweep engine then runs one task per core in
  parallel (results do not depend on the device count). It must run before
  JAX initialises its backends; entry points (the CLI, paper_figs.all,
  benchmarks) call it, the library never does. JAX_NUM_CPU_DEVICES or
  --xla_force_host_platform_device_count in XLA_FLAGS take precedence.
  """
  if "JAX_NUM_CPU_DEVICES" in os.environ:
    return
  if "xla_force_host_platform_device_count" in os.environ.get("XLA_FLAGS", ""):
    return
  jax.config.update("jax_num_cpu_devices", os.cpu_count() or 1)


CACHE_ENV = "ASSOC_COMPILATION_CACHE"


def compilation_cache_dir() -> str | None:
  """Where `use_compilation_cache` keeps compiled programs: $ASSOC_COMPILATION_CACHE,
  else $XDG_CACHE_HOME/assoc/jax (~/.cache/assoc/jax); None if that variable
  is empty, "0" or "off"."""
  path = os.environ.get(CACHE_ENV)
  if path is None:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "assoc", "jax")
  return None if path.strip().lower() in ("", "0", "off") else path


def use_compilation_cache() -> None:
  """JAX's persistent compilation cache, on by default in the entry points.

  Much of a CPU run is XLA compiling its programs; with the cache on, a
  rerun, a resumed run or a second `paper_figs.all` loads them from disk
  (`compilation_cache_dir`) instead. Entries are keyed by the program, the
  JAX and XLA versions, the devices and XLA_FLAGS, so a cached program is
  the one a fresh compilation gives: results do not change, only the time.
  Programs that compile in under 0.2 s are not stored, and the cache is
  capped at 2 GiB (least recently used dropped). JAX_COMPILATION_CACHE_DIR,
  if set, is JAX's own setting and takes precedence; ASSOC_COMPILATION_CACHE=off
  turns it off. The library never calls this.
  """
  if "JAX_COMPILATION_CACHE_DIR" in os.environ:
    return
  path = compilation_cache_dir()
  if path is None:
    return
  jax.config.update("jax_compilation_cache_dir", path)
  if "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS" not in os.environ:
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.2)
  if "JAX_COMPILATION_CACHE_MAX_SIZE" not in os.environ:
    jax.config.update("jax_compilation_cache_max_size", 2 * 1024**3)


def maybe_initialize_distributed(flag: bool = False) -> None:
  """`jax.distributed.initialize()` when asked for (flag or ASSOC_DISTRIBUTED=1).

  The cluster (SLURM, Open MPI, Kubernetes, Cloud TPU) is auto-detected; for
  a hand-made launch set JAX_COORDINATOR_ADDRESS=host:port, and
  ASSOC_NUM_PROCESSES and ASSOC_PROCESS_ID for each process. CPU processes
  exchange results through gloo collectives.
  """
  if not flag and os.environ.get("ASSOC_DISTRIBUTED", "") in ("", "0"):
    return
  kwargs = {}
  if "ASSOC_NUM_PROCESSES" in os.environ:
    kwargs["num_processes"] = int(os.environ["ASSOC_NUM_PROCESSES"])
  if "ASSOC_PROCESS_ID" in os.environ:
    kwargs["process_id"] = int(os.environ["ASSOC_PROCESS_ID"])
  jax.config.update("jax_cpu_collectives_implementation", "gloo")
  jax.distributed.initialize(**kwargs)


def quiet_library_logs() -> None:
  """Library INFO logs (orbax writes a dozen lines per checkpoint) off in the
  entry points, unless the user asks for them with --verbosity; the run's
  own progress goes to stderr regardless."""
  from absl import flags, logging
  if not flags.FLAGS["verbosity"].present:
    logging.set_verbosity(logging.WARNING)


def main(run_fn: Callable[[ml_collections.ConfigDict, str], Any], name: str) -> None:
  """The absl entry point of a simulation: `cli.main(run, "NAME")`.

  Flags are defined here, not at import, so that several simulations can be
  imported into one process (tests, paper_figs).
  """
  from absl import app, flags
  from ml_collections import config_flags

  config_flag = config_flags.DEFINE_config_file(
      "config", None, f"configs/{name}.py[:smoke|:quick]; override fields with "
      "--config.FIELD=V", lock_config=True)
  workdir_flag = flags.DEFINE_string(
      "workdir", None, "Directory of config.json and results.jsonl; a rerun on "
      "it resumes.")
  distributed_flag = flags.DEFINE_bool(
      "distributed", False, "Call jax.distributed.initialize() (multi-host); "
      "also set by ASSOC_DISTRIBUTED=1.")
  flags.mark_flags_as_required(["config", "workdir"])

  started = []

  def absl_main(argv):
    started.append(True)
    if len(argv) > 1:
      raise app.UsageError(f"unexpected arguments: {' '.join(argv[1:])}")
    quiet_library_logs()
    maybe_initialize_distributed(distributed_flag.value)
    use_all_cpu_cores()
    use_compilation_cache()
    try:
      run_fn(config_flag.value, workdir_flag.value)
    except (ConfigError, WorkdirError) as e:
      print(f"{name}: error: {e}", file=sys.stderr)
      sys.exit(2)

  try:
    app.run(absl_main)
  except (AttributeError, KeyError) as e:
    if started:  # raised by the simulation, not by the flag parser
      raise
    # ml_collections raises these while parsing an override of a field the
    # config does not have: say so instead of a traceback.
    field = str(e).strip("\"'")
    print(f"{name}: error: the config has no field '{field}' (a --config.FIELD=V "
          f"override names a field of configs/{name}.py, dotted for nested fields)",
          file=sys.stderr)
    sys.exit(2)
