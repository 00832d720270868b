"""The engine under every sweep: the device mesh, task keys, and tasks
mapped over a batch sharded across devices. A leaf module: `assoc.sweep`
(what runs) and `assoc.segments` (tasks that run in checkpointed segments)
both build on it, and neither imports the other.

A *task* is one (sweep point, seed). Its random key is

    key = fold_in(fold_in(fold_in(jax.random.key(base_seed), id_hi), id_lo), seed)

(`task_key`), derived inside the compiled program from the two 32-bit halves
of the point's 64-bit index (`assoc.sweep.point_id`) and the seed, so a
task's random numbers depend on nothing but (base_seed, point values, seed).

Tasks run in chunks: a chunk's inputs are global arrays with a leading task
axis, split over the 1-D mesh `AXIS` of every device of every process
(`make_mesh`, `NamedSharding`). Each device runs its slice as a `lax.map`
over its tasks, `vectorize` of them at a time (`sharded_map`), and outputs are
replicated, so every process sees every result.

What the sweep calls for a chunk is a *program* (`Program`): `TaskProgram`
compiles a plain task function `fn(key, **inputs) -> {name: array}`, and any
object with a `program(base_seed=, mesh=, vectorize=, checkpoint_dir=)`
method (such as `assoc.segments.Segmented`) supplies its own; `program()`
picks. The sweep engine never asks which kind it holds.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import hashlib
import os
import shutil
import site
import sys
import sysconfig
import types
from typing import Any, Callable, Mapping, Protocol, Sequence

import jax
import numpy as np
from jax.sharding import NamedSharding, PartitionSpec

AXIS = "batch"

TaskFn = Callable[..., Mapping[str, jax.Array]]


def task_key(base_seed: int, id_hi, id_lo, seed) -> jax.Array:
  """The key of a task (see the module docstring); traceable."""
  key = jax.random.key(base_seed)
  for data in (id_hi, id_lo, seed):
    key = jax.random.fold_in(key, data)
  return key


def make_mesh() -> jax.sharding.Mesh:
  """A 1-D mesh over every device of every process.

  The axis is `Auto`: the batch is split over devices and the compiler
  propagates that layout through the mapped task function, which has no
  collectives of its own.
  """
  return jax.make_mesh((jax.device_count(),), (AXIS,),
                       axis_types=(jax.sharding.AxisType.Auto,))


def default_vectorize() -> int:
  """Tasks vmapped together on one device: 1 on CPU, 64 on accelerators."""
  return 1 if jax.default_backend() == "cpu" else 64


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


def map_batch(vectorize: int) -> int | None:
  """lax.map's batch_size for `vectorize`: None (a plain scan) for 1, since
  lax.map with batch_size=1 still vmaps (over batches of one), which turns
  every data-dependent lax.cond of a task into a select of both branches and
  masks its while loops."""
  return vectorize if vectorize > 1 else None


def sharded_map(fn: Callable[..., Any], mesh: jax.sharding.Mesh, vectorize: int, *,
                num_mapped: int, num_shared: int = 0, replicate_outputs: bool = False,
                donate: bool = False) -> Callable[..., Any]:
  """jit(shard_map(per-device lax.map of `fn`)) over a chunk of tasks.

  `fn(*mapped, *shared)` computes one task: its first `num_mapped` arguments
  are pytrees with a leading task axis (split over the devices, then mapped
  over, `vectorize` tasks at a time, see `map_batch`), the last `num_shared`
  are the same for every task (replicated). Outputs keep the task axis,
  sharded, or replicated on every device with `replicate_outputs`. `donate`
  donates the mapped arguments' buffers (a state advanced in place).

  Each device runs its slice as a `lax.map`: `vectorize` = 1 runs tasks one
  after another, which on a CPU avoids the cost of lockstep while-loops (a
  vmapped loop runs until its slowest task ends); on accelerators a wider vmap
  fills the device.
  """
  spec = PartitionSpec(AXIS)

  def per_device(*args):
    mapped, shared = args[:num_mapped], args[num_mapped:]
    return jax.lax.map(lambda xs: fn(*xs, *shared), mapped,
                       batch_size=map_batch(vectorize))

  # Task functions are written for one task and know nothing of the mesh, and
  # the per-device program has no collectives: no varying-axes checks.
  mapped = jax.shard_map(per_device, mesh=mesh,
                         in_specs=(spec,) * num_mapped + (PartitionSpec(),) * num_shared,
                         out_specs=spec, check_vma=False)
  return jax.jit(mapped,
                 out_shardings=NamedSharding(mesh, PartitionSpec()) if replicate_outputs else None,
                 donate_argnums=tuple(range(num_mapped)) if donate else ())


def chunk_arrays(point_ids: Sequence[int], seeds: Sequence[int],
                 inputs: Sequence[Mapping[str, Any]], size: int,
                 mesh: jax.sharding.Mesh) -> tuple:
  """A chunk's (id_hi, id_lo, seed, inputs) as global arrays of `size` tasks
  sharded over `mesh`, padded with copies of the first task (every process
  holds the same host data; each device takes its slice). float64 inputs
  become float32 and int64 become int32."""
  sharding = NamedSharding(mesh, PartitionSpec(AXIS))
  pad = size - len(point_ids)
  point_ids = list(point_ids) + [point_ids[0]] * pad
  seeds = list(seeds) + [seeds[0]] * pad
  inputs = [dict(x) for x in inputs] + [dict(inputs[0])] * pad

  def to_global(values, dtype=None):
    host = np.asarray(values, dtype=dtype)
    if host.dtype == np.float64:
      host = host.astype(np.float32)
    elif host.dtype == np.int64:
      host = host.astype(np.int32)
    return jax.make_array_from_callback(host.shape, sharding, lambda idx: host[idx])

  arrays = {name: to_global([x[name] for x in inputs]) for name in inputs[0]}
  return (to_global([i >> 32 for i in point_ids], np.uint32),
          to_global([i & 0xFFFFFFFF for i in point_ids], np.uint32),
          to_global(seeds, np.uint32), arrays)


class Program(Protocol):
  """What the sweep calls for each chunk of one compile group.

  `program(args, chunk=, log=)` runs a chunk (`args` from `chunk_arrays`) and
  returns its outputs ({name: array with a leading task axis}); `chunk` is a
  stable id of the chunk (its group and tasks), for programs that keep state
  on disk between calls. `release(chunk)` is called once the chunk's records
  are written. `fixed_chunks`: True if the chunks must not be rebalanced
  between runs (their state on disk belongs to a chunk).
  """

  fixed_chunks: bool

  def __call__(self, args: tuple, *, chunk: str,
               log: Callable[[str], None]) -> Mapping[str, jax.Array]: ...

  def release(self, chunk: str) -> None: ...


class _Unkeyable(Exception):
  """An object `structural_key` cannot describe by value."""


_KEY_DEPTH = 24


def _float_key(x: float) -> str:
  return float(x).hex()  # -0.0 and 0.0 differ, as do 1 and 1.0 (by type)


_LIBRARY_DIRS = tuple({os.path.realpath(p) for p in (
    *(sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")),
    *site.getsitepackages()) if p})
_library_modules: dict[str, bool] = {}


def _is_library(module_name: str | None) -> bool:
  """Whether a module is installed code (the standard library, site-packages),
  which does not change while a process runs; the project in a source
  checkout, `__main__` and a user's own modules are not."""
  if module_name is None:
    return False
  top = module_name.split(".")[0]
  if top not in _library_modules:
    module = sys.modules.get(top)
    path = getattr(module, "__file__", None)
    _library_modules[top] = (top != "__main__" and (
        (module is not None and path is None) or
        (path is not None and os.path.realpath(path).startswith(_LIBRARY_DIRS))))
  return _library_modules[top]


def _global_names(code: types.CodeType) -> set[str]:
  """The global (and attribute) names a code object and its nested code read."""
  names = set(code.co_names)
  for const in code.co_consts:
    if isinstance(const, types.CodeType):
      names |= _global_names(const)
  return names


def _module_key(module: types.ModuleType, seen: frozenset) -> Any:
  """A library module by identity; another module by what each of its
  attributes is bound to (a reload or a monkeypatch rebinds one), and so
  for the non-library modules it holds."""
  if _is_library(module.__name__) or module.__name__ in seen:
    return ("module", module.__name__, id(module))
  seen = seen | {module.__name__}
  items = []
  for k, v in list(vars(module).items()):
    if isinstance(v, types.ModuleType) and not _is_library(v.__name__):
      items.append((k, _module_key(v, seen)))
    else:
      items.append((k, id(v)))
  return ("module", module.__name__, id(module), tuple(items))


def _freeze(obj: Any, depth: int, seen: frozenset = frozenset()) -> Any:
  if depth > _KEY_DEPTH:
    raise _Unkeyable("too deep")
  if obj is None or isinstance(obj, (bool, int, str, bytes, type)):
    return (type(obj), obj)
  if isinstance(obj, float):
    return (type(obj), _float_key(obj))
  if isinstance(obj, complex):
    return (type(obj), _float_key(obj.real), _float_key(obj.imag))
  if isinstance(obj, (np.ndarray, np.generic)):
    a = np.asarray(obj)
    if isinstance(obj, np.ndarray) and obj.flags.writeable:
      # It may change after this run; the compiled program would keep it.
      raise _Unkeyable("a writeable NumPy array (pass a read-only one to share programs)")
    if a.dtype.hasobject:
      raise _Unkeyable("a NumPy array of Python objects")
    return ("ndarray", type(obj), a.dtype.str, a.shape, hashlib.sha1(a.tobytes()).hexdigest())
  if isinstance(obj, jax.Array):
    raise _Unkeyable("a captured device array")
  if isinstance(obj, functools.partial):
    return ("partial", _freeze(obj.func, depth + 1, seen), _freeze(obj.args, depth + 1, seen),
            _freeze(obj.keywords, depth + 1, seen))
  if isinstance(obj, types.MethodType):
    return ("method", _freeze(obj.__self__, depth + 1, seen),
            _freeze(obj.__func__, depth + 1, seen))
  if isinstance(obj, types.FunctionType):
    if _is_library(obj.__module__):
      return ("library function", id(obj))  # installed code does not change
    if id(obj) in seen:
      return ("recursion", obj.__qualname__, id(obj))
    seen = seen | {id(obj)}
    # By what it computes: its code, the values it closes over, its defaults
    # and the module-level names it reads (a closure rebuilt for every run
    # gets the same key; a reloaded or monkeypatched module changes it).
    try:
      cells = tuple(c.cell_contents for c in obj.__closure__ or ())
    except ValueError:  # an empty cell
      raise _Unkeyable("an unfilled closure cell") from None
    glob = obj.__globals__
    names = tuple(sorted(n for n in _global_names(obj.__code__) if n in glob))
    return ("function", obj.__module__, obj.__qualname__, obj.__code__,
            _freeze(cells, depth + 1, seen), _freeze(obj.__defaults__, depth + 1, seen),
            _freeze(obj.__kwdefaults__, depth + 1, seen),
            tuple((n, _freeze_global(glob[n], depth + 1, seen)) for n in names))
  if isinstance(obj, (tuple, list)):
    return (type(obj), tuple(_freeze(v, depth + 1, seen) for v in obj))
  if isinstance(obj, (frozenset, set)):
    return (type(obj), tuple(sorted((_freeze(v, depth + 1, seen) for v in obj), key=repr)))
  if isinstance(obj, (dict, Mapping)):  # in order: a task may iterate it
    return (type(obj), tuple((_freeze(k, depth + 1, seen), _freeze(v, depth + 1, seen))
                             for k, v in obj.items()))
  if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
    attrs = vars(obj) if hasattr(obj, "__dict__") else {
        f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    return (type(obj), _freeze(attrs, depth + 1, seen))
  if isinstance(obj, types.ModuleType):
    return _module_key(obj, frozenset())
  if isinstance(obj, (types.BuiltinFunctionType, jax.sharding.Mesh)):
    return ("object", obj)  # hashable, and the same object means the same thing
  raise _Unkeyable(f"a {type(obj).__name__} (not described by value here)")


def _freeze_global(value: Any, depth: int, seen: frozenset) -> Any:
  """A module-level value a function reads: by value where it can be, else
  by identity (a rebinding changes the key; a mutation in place does not,
  as for any jit)."""
  try:
    return _freeze(value, depth, seen)
  except _Unkeyable:
    return ("identity", id(value))


def structural_key(obj: Any) -> Any | None:
  """A hashable description of a task function by value, or None.

  Two task functions with the same key compute the same thing: the same
  code, bound arguments, closed-over values and defaults (functools.partial,
  closures, bound methods, frozen dataclasses and containers of these are
  taken apart, in order; floats by their exact bits; read-only NumPy arrays
  by their bytes) and the same module-level names read (functions and
  values by value, modules other than installed libraries by what their
  attributes are bound to: a reloaded module, a function redefined in
  `__main__` or a monkeypatched constant changes the key). A simulation builds
  its task functions anew for every run, so jit, which keys on the function
  object, would compile them again; `program` keys on this instead, and a
  second run in one process reuses the compiled program. None for a
  function that holds something without a value-based identity (a device
  array, a writeable NumPy array, an object compared by identity):
  `cached_program` then memoises it by identity, as `jax.jit` does.
  """
  try:
    return _freeze(obj, 0)
  except _Unkeyable:
    return None


class _Programs:
  """Compiled programs by (structural key, base seed, mesh, vectorize); the
  oldest dropped beyond `size`."""

  def __init__(self, size: int = 64):
    self.size = size
    self.items: collections.OrderedDict = collections.OrderedDict()

  def get(self, key, make: Callable[[], Any]) -> Any:
    if key is None:
      return make()
    if key in self.items:
      self.items.move_to_end(key)
      return self.items[key]
    value = self.items[key] = make()
    while len(self.items) > self.size:
      self.items.popitem(last=False)
    return value


_PROGRAMS = _Programs()


def cached_program(kind: str, fn: Any, base_seed: int, mesh, vectorize: int,
                   make: Callable[[], Any]) -> Any:
  """`make()`, memoised by `kind` and the structural key of `fn` (see
  `structural_key`), with the base seed, the mesh and `vectorize`.

  A `fn` without a structural key (it captures a device array, a flax
  module, a ConfigDict ...) is memoised by identity, as `jax.jit` memoises
  a function: the same object handed over again (the stages of one
  protocol) reuses its program, with what it captured as it was when first
  compiled. The entry holds `fn`, so its id is not reused while it lives
  (the least recently used of 64 entries are dropped). A new object is
  compiled anew, even if equal (a writeable NumPy array it captures may
  have changed)."""
  key = structural_key(fn)
  if key is None:
    full = (kind, ("identity", id(fn)), base_seed, mesh, vectorize)
    return _PROGRAMS.get(full, lambda: (fn, make()))[1]
  return _PROGRAMS.get((kind, key, base_seed, mesh, vectorize), make)


class TaskProgram:
  """A plain task function `fn(key, **inputs) -> {name: array}`, compiled
  once (jit of shard_map of lax.map) for every chunk of its group, and once
  per process for equal task functions (`cached_program`)."""

  fixed_chunks = False

  def __init__(self, fn: TaskFn, base_seed: int, mesh: jax.sharding.Mesh, vectorize: int):
    def make():
      def one(id_hi, id_lo, seed, inputs):
        return fn(task_key(base_seed, id_hi, id_lo, seed), **inputs)
      return sharded_map(one, mesh, vectorize, num_mapped=4, replicate_outputs=True)

    self.compiled = cached_program("task", fn, base_seed, mesh, vectorize, make)

  def __call__(self, args, *, chunk: str = "", log=None):
    del chunk, log
    return self.compiled(*args)

  def release(self, chunk: str) -> None:
    del chunk


def program(built: Any, *, base_seed: int, mesh: jax.sharding.Mesh, vectorize: int,
            checkpoint_dir: str | None = None) -> Program:
  """The program of what a simulation's `build` returned: its own, if it is a
  task kind with a `program` method, or a `TaskProgram` of a task function."""
  make = getattr(built, "program", None)
  if make is not None:
    return make(base_seed=base_seed, mesh=mesh, vectorize=vectorize,
                checkpoint_dir=checkpoint_dir)
  return TaskProgram(built, base_seed, mesh, vectorize)


def remove_tree(path: str | None) -> None:
  """Deletes a directory of run state (process 0 only; a missing one is fine)."""
  if path is None or jax.process_index() != 0:
    return
  shutil.rmtree(path, ignore_errors=True)
