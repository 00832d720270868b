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
(N, rule)); each group's program (`assoc.engine.program`: a compiled task
function, or a task kind's own program such as `assoc.segments.Segmented`'s)
is built once, for a fixed batch shape, and run in chunks of `batch_size`
tasks, padded to a multiple of the device count and sharded over a 1-D mesh
of every device of every process (`assoc.engine`). Outputs are replicated,
so every process sees all of them; the caller decides who writes.
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

from assoc import engine


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


def run(
    todo: Sequence[Task],
    *,
    base_seed: int,
    group_of: Callable[[Mapping[str, Any]], Hashable],
    inputs_of: Callable[[Mapping[str, Any]], Mapping[str, Any]],
    build: Callable[[Hashable, Sequence[Mapping[str, Any]]], Any],
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
    for one task, or a task kind with its own program (`assoc.engine.program`;
    e.g. `assoc.segments.Segmented`, a long task in checkpointed segments);
    `points` are all points of the group (of `all_points` if given, so shapes
    such as a padded P do not change when a run resumes).
  on_batch(tasks, outputs): outputs are NumPy arrays with a leading task axis.
  batch_size: tasks per compiled call (rounded up to a multiple of
    devices x vectorize); it never changes a result. vectorize: tasks vmapped
    together per device (`assoc.engine.sharded_map`; None:
    `engine.default_vectorize`); it can change the last bits of float results
    (batched kernels round differently), so a simulation records it as part
    of its config.
  checkpoint_dir: where programs that keep state between calls save it; it is
    deleted once every task of `todo` is done.

  A non-finite float output raises FloatingPointError naming the output, the
  point and the seed, before `on_batch` sees the chunk.
  """
  if batch_size < 1:
    raise ValueError(f"batch_size must be >= 1, got {batch_size}")
  mesh = mesh or engine.make_mesh()
  num_devices = mesh.devices.size
  vectorize = vectorize or engine.default_vectorize()
  engine.check_vectorize(vectorize, mesh)
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
    program = engine.program(build(group, group_points[group]), base_seed=base_seed,
                             mesh=mesh, vectorize=vectorize, checkpoint_dir=checkpoint_dir)
    unit = num_devices * vectorize
    size = min(batch_size, len(group_tasks))
    if not program.fixed_chunks:
      # Balanced chunks (192 tasks in batches of <= 128: two of 96, not 128
      # and 64 padded to 128). Programs with state on disk keep fixed chunks:
      # a resumed run must find the chunks that state belongs to.
      size = math.ceil(len(group_tasks) / math.ceil(len(group_tasks) / size))
    size = unit * math.ceil(size / unit)
    chunks = math.ceil(len(group_tasks) / size)
    log(f"group {_describe(group)}: {len(group_tasks)} tasks, {chunks} chunk(s) "
        f"of {size} on {num_devices} device(s)")
    for start in range(0, len(group_tasks), size):
      chunk = group_tasks[start:start + size]
      cid = chunk_id(group, chunk, size)
      slots, where = interleave(len(chunk), size, num_devices)
      laid_out = [chunk[i] if i >= 0 else chunk[0] for i in slots]
      outputs = program(chunk_arrays(laid_out, size, inputs_of, mesh), chunk=cid, log=log)
      outputs = {k: np.asarray(v)[where] for k, v in outputs.items()}
      _check_finite(chunk, outputs)
      on_batch(chunk, outputs)
      program.release(cid)
  if todo:
    engine.remove_tree(checkpoint_dir)  # every task is done


def interleave(n: int, size: int, num_devices: int) -> tuple[list[int], np.ndarray]:
  """The layout of a chunk of n tasks padded to `size` slots: device d's
  contiguous share of the slots holds tasks d, d + D, d + 2D, ... (D
  devices), so that every device gets a share of every point of the sweep
  (tasks come point by point, and points differ in cost) instead of one
  device getting the most expensive ones. Returns (the task index of each
  slot, -1 for padding; the slot of each task). A task's result does not
  depend on its slot (its key comes from its point and seed)."""
  per = size // num_devices
  slots = [j * num_devices + d if j * num_devices + d < n else -1
           for d in range(num_devices) for j in range(per)]
  where = np.empty(n, dtype=int)
  for slot, i in enumerate(slots):
    if i >= 0:
      where[i] = slot
  return slots, where


def chunk_arrays(chunk: Sequence[Task], size: int, inputs_of,
                 mesh: jax.sharding.Mesh) -> tuple:
  """The program arguments of a chunk of tasks, padded to `size`
  (`assoc.engine.chunk_arrays`)."""
  return engine.chunk_arrays([t.point_id for t in chunk], [t.seed for t in chunk],
                             [inputs_of(t.point) for t in chunk], size, mesh)


def chunk_id(group: Hashable, chunk: Sequence[Task], size: int) -> str:
  """A stable id of a chunk: its group, its tasks and its size."""
  # "interleaved": the slot layout (`interleave`), so that state saved under
  # another layout is never resumed into this one.
  text = json.dumps([_describe(group), [int(t.index) for t in chunk], int(size), "interleaved"])
  return hashlib.sha256(text.encode()).hexdigest()[:16]


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
