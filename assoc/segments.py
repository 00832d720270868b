"""Tasks that run in segments and checkpoint between them (long training
runs), for the sweep engine.

A simulation whose tasks take more than a few seconds returns a `Segmented`
from its `build(group, points)` instead of a task function:

    Segmented(init=init, advance=advance, finish=finish, num_segments=n)

    init(key, **inputs) -> state        the task's state (a pytree of arrays)
    advance(state, segment) -> state    runs segment 0..n-1; `segment` is a
                                        traced int32, the same for every task
    finish(state) -> {name: array}      the task's outputs, as a task function's

The engine compiles the three as it compiles a task function
(`assoc.engine.sharded_map`: jit of shard_map of a per-device lax.map), and
`Segmented.program` is what the sweep calls for a chunk: it keeps the state
sharded over the devices, and after each segment saves it with
orbax-checkpoint under `checkpoint_dir/chunk-<id>-<layout>` (the id hashes the
group and the chunk's tasks, the layout the state's structure, so a checkpoint
is only ever restored into the same tasks with the same state). A killed run
restarts the chunk at its last saved segment; advancing a restored state runs
the same compiled program on the same values, so the records equal an
uninterrupted run's. A chunk's checkpoint is deleted once its records are
written, and the directory once the sweep is complete. Without a checkpoint
directory the segments simply run in turn.

The state's leaves must be numeric arrays (store a key as
`jax.random.key_data`, not as a typed key): they are saved as a flat list.

For tests, ASSOC_SEGMENTS_CRASH_AFTER=n makes the process die (os._exit,
as a kill would) right after its n-th checkpoint is saved.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import json
import os
import time
from typing import Any, Callable, Mapping

import jax
import numpy as np

from assoc import engine


@dataclasses.dataclass(frozen=True)
class Segmented:
  """A task in `num_segments` segments (see the module docstring)."""

  init: Callable[..., Any]
  advance: Callable[[Any, jax.Array], Any]
  finish: Callable[[Any], Mapping[str, jax.Array]]
  num_segments: int

  def __post_init__(self):
    if self.num_segments < 1:
      raise ValueError(f"num_segments must be >= 1, got {self.num_segments}")

  def program(self, *, base_seed: int, mesh, vectorize: int,
              checkpoint_dir: str | None = None) -> "SegmentedProgram":
    """The engine's program of this task kind (`assoc.engine.program`)."""
    return SegmentedProgram(self, base_seed, mesh, vectorize, checkpoint_dir)


def compile_segmented(seg: Segmented, base_seed: int, mesh, vectorize: int):
  """(init, advance, finish) as sharded, jitted programs over a chunk
  (`assoc.engine.sharded_map`): the state stays sharded over the devices
  between segments, the outputs are replicated.

  Memoised by value (`assoc.engine.cached_program`): a simulation that hands
  the engine an equal `Segmented` in several sweeps (stages of one protocol,
  or a second run in one process) reuses the jitted programs, which jit
  compiles once per chunk shape."""
  return engine.cached_program("segmented", seg, base_seed, mesh, vectorize,
                               lambda: _compile_segmented(seg, base_seed, mesh, vectorize))


def _compile_segmented(seg: Segmented, base_seed: int, mesh, vectorize: int):
  def init(id_hi, id_lo, seed, inputs):
    return seg.init(engine.task_key(base_seed, id_hi, id_lo, seed), **inputs)

  return (engine.sharded_map(init, mesh, vectorize, num_mapped=4),
          engine.sharded_map(seg.advance, mesh, vectorize, num_mapped=1, num_shared=1,
                             donate=True),
          engine.sharded_map(seg.finish, mesh, vectorize, num_mapped=1,
                             replicate_outputs=True))


class SegmentedProgram:
  """The engine's program (`assoc.engine.Program`) of a `Segmented` task:
  each chunk runs through its segments, checkpointed under `checkpoint_dir`
  (if given) in `chunk-<id>-<layout>`, resumed from there, and deleted by
  `release`."""

  fixed_chunks = True  # a resumed run must find the chunks its checkpoints belong to

  def __init__(self, seg: Segmented, base_seed: int, mesh, vectorize: int,
               checkpoint_dir: str | None):
    self.seg = seg
    self.programs = compile_segmented(seg, base_seed, mesh, vectorize)
    self.checkpoint_dir = checkpoint_dir

  def __call__(self, args, *, chunk: str, log: Callable[[str], None]):
    return run_chunk(self.programs, self.seg, args, checkpoint_dir=self.checkpoint_dir,
                     cid=chunk, log=log)

  def release(self, chunk: str) -> None:
    if self.checkpoint_dir is not None:
      for path in glob.glob(os.path.join(self.checkpoint_dir, f"chunk-{chunk}-*")):
        engine.remove_tree(path)


class _ChunkCheckpoints:
  """Orbax checkpoints of one chunk's state: step = segments completed."""

  def __init__(self, directory: str):
    import orbax.checkpoint as ocp
    self._ocp = ocp
    self.directory = os.path.abspath(directory)
    self.manager = ocp.CheckpointManager(
        self.directory,
        options=ocp.CheckpointManagerOptions(max_to_keep=1, create=True,
                                             enable_async_checkpointing=False))

  def latest(self) -> int | None:
    return self.manager.latest_step()

  def save(self, step: int, state) -> None:
    leaves = jax.tree.leaves(state)
    self.manager.save(step, args=self._ocp.args.StandardSave({"leaves": leaves}))
    self.manager.wait_until_finished()

  def restore(self, step: int, like):
    leaves, treedef = jax.tree.flatten(like)
    abstract = [jax.ShapeDtypeStruct(x.shape, x.dtype, sharding=x.sharding) for x in leaves]
    out = self.manager.restore(step, args=self._ocp.args.StandardRestore({"leaves": abstract}))
    return jax.tree.unflatten(treedef, out["leaves"])

  def close(self) -> None:
    self.manager.close()


def _layout(state) -> str:
  """A short hash of the state's structure, shapes and dtypes: a checkpoint
  saved by a different version of the task (another layout) is not restored
  into this one; the chunk starts afresh instead."""
  leaves, treedef = jax.tree.flatten(state)
  text = json.dumps([str(treedef)] + [[list(x.shape), str(x.dtype)] for x in leaves])
  return hashlib.sha256(text.encode()).hexdigest()[:8]


def run_chunk(programs, seg: Segmented, args, *, checkpoint_dir: str | None,
              cid: str, log: Callable[[str], None]):
  """Runs one chunk through its segments; returns the finished outputs."""
  init, advance, finish = programs
  state = init(*args)
  start = 0
  ckpt = None
  if checkpoint_dir is not None and seg.num_segments > 1:
    ckpt = _ChunkCheckpoints(os.path.join(checkpoint_dir, f"chunk-{cid}-{_layout(state)}"))
    latest = ckpt.latest()
    if latest is not None and 0 < latest < seg.num_segments:
      state = ckpt.restore(latest, state)
      start = latest
      log(f"  resuming the chunk at segment {start}/{seg.num_segments} "
          f"from {ckpt.directory}")
  t0 = time.monotonic()
  crash_after = int(os.environ.get("ASSOC_SEGMENTS_CRASH_AFTER", "0"))
  for s in range(start, seg.num_segments):
    state = advance(state, np.int32(s))
    if ckpt is not None and s + 1 < seg.num_segments:
      ckpt.save(s + 1, state)
      if crash_after and s + 1 - start >= crash_after:
        os._exit(137)  # a simulated kill, for tests
    if seg.num_segments > 1:
      done = s + 1 - start
      rate = done / max(time.monotonic() - t0, 1e-9)
      left = (seg.num_segments - s - 1) / rate
      log(f"  segment {s + 1}/{seg.num_segments} of the chunk, "
          f"{rate:.3g} segments/s, ETA {left:.0f} s")
  outputs = finish(state)
  if ckpt is not None:
    ckpt.close()
  return outputs
