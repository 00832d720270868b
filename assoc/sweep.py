"""The sweep engine: (sweep point, seed) tasks through one vmapped, jitted and
sharded function per compile group.

A sweep is the Cartesian product of its axes (lists of values), times
`num_seeds` seeds. Each task's random key is

    key = fold_in(fold_in(fold_in(jax.random.key(base_seed), id_hi), id_lo), seed),

derived inside the compiled program, where (id_hi, id_lo) is the point index:
a 64-bit index computed from the values of the point's `key_fields` (a hash
of their JSON), not from its position in the grid. So a task's random numbers
depend on nothing but (base_seed, point values, seed): not on the device
count, the batch size, the other tasks of its batch, whether the run was
resumed, or which other points the sweep holds. A simulation leaves out of
`key_fields` the axes that should share random numbers: the Hopfield sims
leave out the rule, so every rule stores the same patterns (paired
comparisons).

Tasks are grouped by a static key (what fixes shapes and code paths, e.g.
(N, rule)); each group is compiled once, for a fixed batch shape, and run in
chunks of `batch_size` tasks, padded to a multiple of the device count and
sharded over a 1-D mesh of every device of every process (`jax.make_mesh`,
`NamedSharding`). Outputs are replicated, so every process sees all of them;
the caller decides who writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
import sys
from typing import Any, Callable, Hashable, Mapping, Sequence

import jax
import numpy as np
from jax.sharding import NamedSharding, PartitionSpec

from assoc import segments

AXIS = "batch"


@dataclasses.dataclass(frozen=True)
class Task:
  """One (sweep point, seed): `index` is its place in the canonical order,
  `point_id` the 64-bit point index its random key is derived from."""

  index: int
  point_index: int
  seed: int
  point: Mapping[str, Any]
  point_id: int = 0


def grid(axes: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
  """The Cartesian product of the axes, first axis slowest."""
  names = list(axes)
  return [dict(zip(names, values)) for values in itertools.product(*axes.values())]


def point_id(point: Mapping[str, Any], key_fields: Sequence[str] | None = None) -> int:
  """The 64-bit point index of a point: a hash of the JSON of its key fields
  (all fields if None). Equal values give equal indices in any sweep."""
  fields = sorted(point) if key_fields is None else list(key_fields)
  text = json.dumps([[k, point[k]] for k in fields], separators=(",", ":"))
  return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def tasks(points: Sequence[Mapping[str, Any]], num_seeds: int,
          key_fields: Sequence[str] | None = None) -> list[Task]:
  """Points x seeds in the canonical order: point-major, seed-minor."""
  ids = [point_id(point, key_fields) for point in points]
  return [Task(index=p * num_seeds + s, point_index=p, seed=s, point=point,
               point_id=ids[p])
          for p, point in enumerate(points) for s in range(num_seeds)]


def task_key(base_seed: int, id_hi, id_lo, seed) -> jax.Array:
  """The key of a task (see the module docstring); traceable."""
  key = jax.random.key(base_seed)
  for data in (id_hi, id_lo, seed):
    key = jax.random.fold_in(key, data)
  return key


def make_mesh() -> jax.sharding.Mesh:
  """A 1-D mesh over every device of every process.

  The axis is `Auto`: the batch is split over devices and the compiler
  propagates that layout through the vmapped task function, which has no
  collectives of its own.
  """
  return jax.make_mesh((jax.device_count(),), (AXIS,),
                       axis_types=(jax.sharding.AxisType.Auto,))


TaskFn = Callable[..., Mapping[str, jax.Array]]


def run(
    todo: Sequence[Task],
    *,
    base_seed: int,
    group_of: Callable[[Mapping[str, Any]], Hashable],
    inputs_of: Callable[[Mapping[str, Any]], Mapping[str, Any]],
    build: Callable[[Hashable, Sequence[Mapping[str, Any]]], TaskFn],
    on_batch: Callable[[Sequence[Task], Mapping[str, np.ndarray]], None],
    batch_size: int,
    vectorize: int | None = None,
    all_points: Sequence[Mapping[str, Any]] | None = None,
    mesh: jax.sharding.Mesh | None = None,
    log: Callable[[str], None] | None = None,
    checkpoint_dir: str | None = None,
) -> None:
  """Runs `todo` and hands each finished chunk to `on_batch`, in order.

  group_of(point): static compile-group key of a point.
  inputs_of(point): the point's per-task numeric inputs (same names and dtypes
    within a group); they reach the task function as traced scalars.
  build(group, points): the task function `fn(key, **inputs) -> {name: array}`
    for one task; `points` are all points of the group (of `all_points` if
    given, so shapes such as a padded P do not change when a run resumes).
  on_batch(tasks, outputs): outputs are NumPy arrays with a leading task axis.
  batch_size: tasks per compiled call (rounded up to a multiple of
    devices x vectorize); it never changes a result. vectorize: see
    `compile_tasks` (None: `default_vectorize`); it can change the last bits
    of float results (batched kernels round differently), so a simulation
    records it as part of its config.

  A non-finite float output raises FloatingPointError naming the output, the
  point and the seed, before `on_batch` sees the chunk.

  `build` may return an `assoc.segments.Segmented` (a long task in segments)
  instead of a task function; its chunks are then checkpointed after each
  segment under `checkpoint_dir` (if given) and resume from there.
  """
  if batch_size < 1:
    raise ValueError(f"batch_size must be >= 1, got {batch_size}")
  mesh = mesh or make_mesh()
  num_devices = mesh.devices.size
  vectorize = vectorize or default_vectorize()
  check_vectorize(vectorize, mesh)
  sharded = NamedSharding(mesh, PartitionSpec(AXIS))
  log = log or (lambda message: print(message, file=sys.stderr))

  groups: dict[Hashable, list[Task]] = {}
  for task in todo:
    groups.setdefault(group_of(task.point), []).append(task)
  group_points: dict[Hashable, list[Mapping[str, Any]]] = {}
  if all_points is None:
    all_points = list({t.point_index: t.point for t in todo}.values())
  for point in all_points:
    group_points.setdefault(group_of(point), []).append(point)

  # Groups run in the order of their first point in the whole sweep, so that a
  # resumed run appends records in the order of an uninterrupted one.
  for group in group_points:
    group_tasks = groups.get(group)
    if not group_tasks:
      continue
    fn = build(group, group_points[group])
    unit = num_devices * vectorize
    segmented = isinstance(fn, segments.Segmented)
    size = min(batch_size, len(group_tasks))
    if not segmented:
      # Balanced chunks (192 tasks in batches of <= 128: two of 96, not 128
      # and 64 padded to 128). Segmented tasks keep fixed chunks: a resumed
      # run must find the chunks its checkpoints belong to.
      size = math.ceil(len(group_tasks) / math.ceil(len(group_tasks) / size))
    size = unit * math.ceil(size / unit)
    if segmented:
      programs = segments.compile_segmented(fn, base_seed, mesh, vectorize, AXIS)
    else:
      compiled = compile_tasks(fn, base_seed, mesh, vectorize)
    chunks = math.ceil(len(group_tasks) / size)
    log(f"group {_describe(group)}: {len(group_tasks)} tasks, {chunks} chunk(s) "
        f"of {size} on {num_devices} device(s)")
    for start in range(0, len(group_tasks), size):
      chunk = group_tasks[start:start + size]
      args = global_inputs(chunk, size, inputs_of, sharded)
      if segmented:
        cid = segments.chunk_id(_describe(group), [t.index for t in chunk], size)
        outputs = segments.run_chunk(programs, fn, args, checkpoint_dir=checkpoint_dir,
                                     cid=cid, log=log)
      else:
        outputs = compiled(*args)
      outputs = {k: np.asarray(v)[:len(chunk)] for k, v in outputs.items()}
      _check_finite(chunk, outputs)
      on_batch(chunk, outputs)
      if segmented:
        segments.remove_chunk(checkpoint_dir, cid)


def compile_tasks(fn: TaskFn, base_seed: int, mesh, vectorize: int):
  """jit(shard_map(per-device lax.map of `fn`)), outputs replicated; called
  as compiled(*global_inputs(...)).

  Each device runs its slice of the chunk as a `lax.map` over tasks,
  `vectorize` at a time (vmapped): 1 runs tasks one after another, which on a
  CPU avoids the cost of lockstep while-loops (a vmapped loop runs until its
  slowest task ends); on accelerators a wider vmap fills the device.
  """

  def one(args):
    id_hi, id_lo, seed, inputs = args
    return fn(task_key(base_seed, id_hi, id_lo, seed), **inputs)

  def per_device(id_hi, id_lo, seed, inputs):
    return jax.lax.map(one, (id_hi, id_lo, seed, inputs), batch_size=map_batch(vectorize))

  # Task functions are written for one task and know nothing of the mesh, and
  # the per-device program has no collectives: no varying-axes checks.
  mapped = jax.shard_map(per_device, mesh=mesh, in_specs=PartitionSpec(AXIS),
                         out_specs=PartitionSpec(AXIS), check_vma=False)
  return jax.jit(mapped, out_shardings=NamedSharding(mesh, PartitionSpec()))


def map_batch(vectorize: int) -> int | None:
  """lax.map's batch_size for `vectorize`: None (a plain scan) for 1, since
  lax.map with batch_size=1 still vmaps (over batches of one), which turns
  every data-dependent lax.cond of a task into a select of both branches and
  masks its while loops."""
  return vectorize if vectorize > 1 else None


def check_vectorize(vectorize: int, mesh: jax.sharding.Mesh | None = None) -> None:
  """Raises ValueError for a `vectorize` this machine cannot run.

  Batched LAPACK kernels (Cholesky, triangular solves) deadlock at random when
  several CPU devices of one process run them at once (seen with jax 0.10.2:
  2 devices, batches of 2 matrices of size ~180, 1 run in 3 hangs; unbatched,
  never in 16). On CPU, tasks are therefore vmapped only with one device.
  """
  if vectorize < 1:
    raise ValueError(f"vectorize must be >= 1 (or 0 for automatic), got {vectorize}")
  devices = (mesh.devices.flat if mesh is not None else jax.devices())
  cpu = [d for d in devices if d.platform == "cpu"]
  if vectorize > 1 and len(cpu) > 1:
    raise ValueError(
        f"vectorize={vectorize} with {len(cpu)} CPU devices: batched LAPACK "
        f"calls can deadlock across CPU devices (jax 0.10); use vectorize=1 "
        f"(the CPU default), or JAX_NUM_CPU_DEVICES=1 to vmap on one device")


def default_vectorize() -> int:
  """Tasks vmapped together on one device: 1 on CPU, 64 on accelerators."""
  return 1 if jax.default_backend() == "cpu" else 64


def global_inputs(chunk: Sequence[Task], size: int, inputs_of, sharding):
  """The chunk's (id_hi, id_lo, seed, inputs) as global arrays, padded with
  copies of its first task (every process holds the same host data; each
  device takes its slice)."""
  padded = list(chunk) + [chunk[0]] * (size - len(chunk))
  per_task = [dict(inputs_of(t.point)) for t in padded]

  def to_global(values, dtype=None):
    host = np.asarray(values, dtype=dtype)
    if host.dtype == np.float64:
      host = host.astype(np.float32)
    elif host.dtype == np.int64:
      host = host.astype(np.int32)
    return jax.make_array_from_callback(host.shape, sharding, lambda idx: host[idx])

  inputs = {name: to_global([x[name] for x in per_task]) for name in per_task[0]}
  return (to_global([t.point_id >> 32 for t in padded], np.uint32),
          to_global([t.point_id & 0xFFFFFFFF for t in padded], np.uint32),
          to_global([t.seed for t in padded], np.uint32), inputs)


def _check_finite(chunk: Sequence[Task], outputs: Mapping[str, np.ndarray]):
  for name, values in outputs.items():
    if not np.issubdtype(values.dtype, np.floating):
      continue
    bad = ~np.isfinite(values.reshape(len(chunk), -1)).all(axis=1)
    if bad.any():
      task = chunk[int(np.argmax(bad))]
      raise FloatingPointError(
          f"non-finite output {name!r} at point {dict(task.point)} "
          f"(point_index {task.point_index}), seed {task.seed}; "
          f"{int(bad.sum())} of {len(chunk)} tasks in the chunk are affected")


def _describe(group: Hashable) -> str:
  if isinstance(group, tuple):
    return ", ".join(map(str, group))
  return str(group)
