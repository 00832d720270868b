"""The sweep engine: keys, batching, padding, grouping, non-finite outputs."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from assoc import engine, sweep


def _toy(key, x):
  return {"u": jax.random.uniform(key), "x2": 2 * x, "n": jnp.int32(x)}


def _collect(tasks, **kwargs):
  got = {}

  def on_batch(chunk, outputs):
    for i, t in enumerate(chunk):
      got[t.index] = {k: v[i].item() for k, v in outputs.items()}

  sweep.run(tasks, base_seed=5, group_of=lambda p: p["g"],
            inputs_of=lambda p: {"x": p["x"]}, build=lambda g, pts: _toy,
            on_batch=on_batch, log=lambda _: None, **kwargs)
  return got


def test_grid_is_the_cartesian_product_first_axis_slowest():
  points = sweep.grid({"a": [1, 2], "b": ["x", "y", "z"]})
  assert points == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 1, "b": "z"},
                    {"a": 2, "b": "x"}, {"a": 2, "b": "y"}, {"a": 2, "b": "z"}]
  tasks = sweep.tasks(points, 2)
  assert [(t.point_index, t.seed) for t in tasks[:3]] == [(0, 0), (0, 1), (1, 0)]
  assert [t.index for t in tasks] == list(range(12))


def test_results_do_not_depend_on_batching_and_keys_follow_the_convention():
  points = sweep.grid({"g": [0, 1], "x": [1, 2, 3, 4, 5]})
  tasks = sweep.tasks(points, 3)
  reference = _collect(tasks, batch_size=64)
  assert len(reference) == 30
  for batch_size, vectorize in [(1, 1), (4, 1), (7, 2), (30, 3)]:
    assert _collect(tasks, batch_size=batch_size, vectorize=vectorize) == reference
  # A subset (a resumed run) gives the same values for the same tasks.
  subset = tasks[7:19]
  assert _collect(subset, batch_size=5) == {t.index: reference[t.index] for t in subset}
  for t in tasks:
    key = jax.random.key(5)
    for data in (t.point_id >> 32, t.point_id & 0xFFFFFFFF, t.seed):
      key = jax.random.fold_in(key, data)
    assert reference[t.index]["u"] == jax.random.uniform(key).item()
    assert reference[t.index]["x2"] == 2 * t.point["x"]


def test_point_ids_come_from_values_not_positions():
  a = sweep.tasks(sweep.grid({"N": [100, 200], "alpha": [0.1, 0.2], "rule": ["h", "s"]}),
                  2, key_fields=("N", "alpha"))
  b = sweep.tasks(sweep.grid({"N": [200], "alpha": [0.2], "rule": ["s"]}), 2,
                  key_fields=("N", "alpha"))
  ids_a = {(t.point["N"], t.point["alpha"], t.point["rule"]): t.point_id for t in a}
  assert ids_a[(200, 0.2, "s")] == b[0].point_id  # another grid, same point
  assert ids_a[(200, 0.2, "h")] == b[0].point_id  # the rule is not a key field
  assert len({ids_a[(N, al, "h")] for N in (100, 200) for al in (0.1, 0.2)}) == 4
  assert sweep.point_id({"x": 1, "y": 2}) == sweep.point_id({"y": 2, "x": 1})


def test_one_compiled_program_per_group():
  built, traced = [], []
  tasks = sweep.tasks(sweep.grid({"g": ["a", "b"], "x": [1, 2, 3]}), 5)

  def build(group, points):
    built.append((group, len(points)))

    def fn(key, x):
      traced.append(group)  # runs once per trace, i.e. per compilation
      return _toy(key, x)

    return fn

  sweep.run(tasks, base_seed=0, group_of=lambda p: p["g"],
            inputs_of=lambda p: {"x": p["x"]}, build=build,
            on_batch=lambda c, o: None, batch_size=4, log=lambda _: None)
  assert built == [("a", 3), ("b", 3)]
  assert traced == ["a", "b"]  # 4 chunks per group, one program each


def test_non_finite_output_fails_and_says_where():
  def bad(key, x):
    return {"value": jnp.where(x == 3, jnp.nan, 1.0 * x)}

  tasks = sweep.tasks(sweep.grid({"x": [1, 2, 3]}), 2)
  with pytest.raises(FloatingPointError, match=r"'value'.*\{'x': 3\}.*seed 0"):
    sweep.run(tasks, base_seed=0, group_of=lambda p: 0,
              inputs_of=lambda p: {"x": p["x"]}, build=lambda g, pts: bad,
              on_batch=lambda c, o: None, batch_size=8, log=lambda _: None)


def test_bad_batch_size_and_vectorize():
  with pytest.raises(ValueError, match="batch_size"):
    sweep.run([], base_seed=0, group_of=None, inputs_of=None, build=None,
              on_batch=None, batch_size=0)
  with pytest.raises(ValueError, match="vectorize must be >= 1"):
    engine.check_vectorize(-1)


def _scaled(key, x, *, factor, table):
  return {"y": factor * x + table[0] + 0 * jax.random.uniform(key)}


def _closure(factor):
  return lambda key, x: {"y": factor * x}


def _frozen(a):
  a = np.array(a, dtype=float)
  a.setflags(write=False)
  return a


def test_structural_keys_describe_task_functions_by_value():
  import functools
  key = engine.structural_key
  a = functools.partial(_scaled, factor=2.0, table=_frozen([0, 1, 2]))
  b = functools.partial(_scaled, factor=2.0, table=_frozen([0, 1, 2]))
  assert a is not b and key(a) == key(b) and hash(key(a)) == hash(key(b))
  assert key(a) != key(functools.partial(_scaled, factor=3.0, table=_frozen([0, 1, 2])))
  assert key(a) != key(functools.partial(_scaled, factor=2.0, table=_frozen([1, 2, 3])))
  assert key(a) != key(functools.partial(_scaled, factor=2, table=_frozen([0, 1, 2])))  # int
  assert key(_closure(2.0)) == key(_closure(2.0)) != key(_closure(2.5))
  assert key(_closure(0.0)) != key(_closure(-0.0))  # x / 0.0 and x / -0.0 differ
  assert key(_closure({"a": 1, "b": 2})) != key(_closure({"b": 2, "a": 1}))  # order kept
  # No key by value (cached_program then memoises the object by identity, as
  # jax.jit does): a captured device array, a writeable NumPy array (it may
  # change after the run), an object compared by identity.
  assert key(functools.partial(_scaled, factor=2.0, table=jnp.arange(3.0))) is None
  assert key(functools.partial(_scaled, factor=2.0, table=np.arange(3.0))) is None
  assert key(functools.partial(_scaled, factor=object(), table=())) is None


_SCALE = 2.0


def _uses_scale(key, x):
  return {"y": _SCALE * _toy(key, x)["x2"]}


def test_structural_keys_follow_the_module_level_names_read(monkeypatch):
  """A task function reads module-level names: rebinding one it reads (a
  monkeypatched constant, a redefined or reloaded helper) must not reuse a
  program compiled from the old code; rebinding one it does not read keeps
  the key."""
  import sys
  module = sys.modules[__name__]
  before = engine.structural_key(_uses_scale)
  monkeypatch.setattr(module, "_frozen", None)  # not read by _uses_scale
  assert engine.structural_key(_uses_scale) == before
  monkeypatch.setattr(module, "_SCALE", 3.0)
  assert engine.structural_key(_uses_scale) != before
  monkeypatch.setattr(module, "_SCALE", 2.0)
  assert engine.structural_key(_uses_scale) == before
  monkeypatch.setattr(module, "_toy", lambda key, x: {"x2": x})  # a helper it calls
  assert engine.structural_key(_uses_scale) != before


def test_equal_task_functions_share_one_compiled_program():
  import functools
  mesh = engine.make_mesh()

  def make(factor):
    fn = functools.partial(_scaled, factor=factor, table=_frozen([0, 0]))
    return engine.program(fn, base_seed=0, mesh=mesh, vectorize=1)

  first, again, other = make(2.0), make(2.0), make(3.0)
  assert first.compiled is again.compiled  # a second run reuses the program
  assert other.compiled is not first.compiled
  assert engine.program(_toy, base_seed=1, mesh=mesh, vectorize=1).compiled is not (
      engine.program(_toy, base_seed=2, mesh=mesh, vectorize=1).compiled)


def test_a_task_function_without_a_structural_key_shares_its_program_by_identity():
  """A task that captures a device array has no key by value; the same
  object handed over again (the stages of one protocol) reuses its program,
  an equal but new one compiles anew."""
  mesh = engine.make_mesh()

  def make():
    table = jnp.arange(3.0)
    return lambda key, x: {"y": table[0] + x}

  fn, other = make(), make()
  assert engine.structural_key(fn) is None
  first = engine.program(fn, base_seed=0, mesh=mesh, vectorize=1)
  assert engine.program(fn, base_seed=0, mesh=mesh, vectorize=1).compiled is first.compiled
  assert engine.program(other, base_seed=0, mesh=mesh, vectorize=1).compiled is not (
      first.compiled)
  assert engine.program(fn, base_seed=1, mesh=mesh, vectorize=1).compiled is not (
      first.compiled)


def test_a_captured_writeable_numpy_array_is_never_baked_into_another_function():
  """A closure over a writeable NumPy array has no key: a new function over
  the array changed in place is compiled anew and computes with the new
  value (the same object reuses its program, as jax.jit would)."""
  mesh = engine.make_mesh()
  scale = np.ones(1, np.float32)

  def make():
    return lambda key, x: {"y": jnp.float32(scale[0]) * x}

  def run(fn):
    args = engine.chunk_arrays([0], [0], [{"x": 3.0}], jax.device_count(), mesh)
    return float(np.asarray(engine.program(fn, base_seed=0, mesh=mesh, vectorize=1)(args)["y"])[0])

  fn = make()
  first = run(fn)
  scale[0] = 5.0
  assert (first, run(make()), run(fn)) == (3.0, 15.0, 3.0)


def test_chunk_layout_gives_every_device_every_point():
  """assoc.sweep.interleave: 4 points x 6 seeds (point by point) on 2
  devices, padded to 26 slots: each device's contiguous half of the slots
  holds every point, every task has exactly one slot, padding is -1."""
  tasks = [(point, seed) for point in range(4) for seed in range(6)]
  slots, where = sweep.interleave(len(tasks), 26, 2)
  assert len(slots) == 26 and sorted(i for i in slots if i >= 0) == list(range(24))
  assert all(slots[w] == i for i, w in enumerate(where))
  for half in (slots[:13], slots[13:]):
    assert {tasks[i][0] for i in half if i >= 0} == {0, 1, 2, 3}
