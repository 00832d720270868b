"""Tasks that run in segments and checkpoint between them (long training
runs), for the sweep engine.

A simulation whose tasks take more than a few seconds returns a `Segmented`
from its `build(group, points)` instead of a task function:

    Segmented(init=init, advance=advance, finish=finish, num_segments=n)

    init(key, **inputs) -> state        the task's state (a pytree of arrays)
    advance(state, segment) -> state    runs segment 0..n-1; `segment` is a
                                        traced int32, the same for every task
    finish(state) -> {name: array}      the task's outputs, as a task function's

The engine (`assoc.sweep.run`) compiles the three as it compiles a task
function (jit of shard_map of a per-device lax.map), keeps the chunk's state
sharded over the devices, and after each segment saves it with
orbax-checkpoint under `checkpoint_dir/chunk-<id>` (the id hashes the
group and the chunk's tasks, so a checkpoint is only ever restored into the
same tasks). A killed run restarts the chunk at its last saved segment;
advancing a restored state runs the same compiled program on the same
values, so the records equal an uninterrupted run's. A chunk's checkpoint is
deleted once its records are written, and the directory once the sweep is
complete. Without a checkpoint directory the segments simply run in turn.

The state's leaves must be numeric arrays (store a key as
`jax.random.key_data`, not as a typed key): they are saved as a flat list.

For tests, ASSOC_SEGMENTS_CRASH_AFTER=n makes the process die (os._exit,
as a kill would) right after its n-th checkpoint is saved.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import time
from typing import Any, Callable, Mapping, Sequence

import jax
import numpy as np
from jax.sharding import NamedSharding, PartitionSpec


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


@functools.lru_cache(maxsize=16)
def compile_segmented(seg: Segmented, base_seed: int, mesh, vectorize: int, axis: str):
  """(init, advance, finish) as sharded, jitted programs over a chunk.

  Memoised: a simulation that hands the engine the same `Segmented` in
  several sweeps (stages of one protocol) reuses the jitted programs, which
  jit compiles once per chunk shape."""
  from assoc import sweep  # the key derivation and the mesh axis live there

  spec = PartitionSpec(axis)

  def per_device_init(id_hi, id_lo, seed, inputs):
    def one(args):
      h, l, s, inp = args
      return seg.init(sweep.task_key(base_seed, h, l, s), **inp)
    return jax.lax.map(one, (id_hi, id_lo, seed, inputs), batch_size=sweep.map_batch(vectorize))

  def per_device_advance(state, segment):
    return jax.lax.map(lambda st: seg.advance(st, segment), state, batch_size=sweep.map_batch(vectorize))

  def per_device_finish(state):
    return jax.lax.map(seg.finish, state, batch_size=sweep.map_batch(vectorize))

  def mapped(fn, in_specs):
    return jax.shard_map(fn, mesh=mesh, in_specs=in_specs, out_specs=spec,
                         check_vma=False)

  init = jax.jit(mapped(per_device_init, spec))
  advance = jax.jit(mapped(per_device_advance, (spec, PartitionSpec())), donate_argnums=0)
  finish = jax.jit(mapped(per_device_finish, spec),
                   out_shardings=NamedSharding(mesh, PartitionSpec()))
  return init, advance, finish


def chunk_id(group_text: str, task_indices: Sequence[int], size: int) -> str:
  text = json.dumps([group_text, list(map(int, task_indices)), int(size)])
  return hashlib.sha256(text.encode()).hexdigest()[:16]


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


def run_chunk(programs, seg: Segmented, args, *, checkpoint_dir: str | None,
              cid: str, log: Callable[[str], None]):
  """Runs one chunk through its segments; returns the finished outputs."""
  init, advance, finish = programs
  state = init(*args)
  start = 0
  ckpt = None
  if checkpoint_dir is not None and seg.num_segments > 1:
    ckpt = _ChunkCheckpoints(os.path.join(checkpoint_dir, f"chunk-{cid}"))
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


def remove_chunk(checkpoint_dir: str | None, cid: str) -> None:
  """Deletes a finished chunk's checkpoints (process 0)."""
  if checkpoint_dir is None or jax.process_index() != 0:
    return
  shutil.rmtree(os.path.join(checkpoint_dir, f"chunk-{cid}"), ignore_errors=True)


def remove_all(checkpoint_dir: str | None) -> None:
  """Deletes the checkpoint directory of a complete sweep (process 0)."""
  if checkpoint_dir is None or jax.process_index() != 0:
    return
  shutil.rmtree(checkpoint_dir, ignore_errors=True)
