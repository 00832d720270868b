"""The training helpers every training simulation uses: the optimiser and
schedule vocabulary, segmented training as a sweep task, step-size
selection."""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from assoc import engine, sweep
from assoc.outer import training as outer_training
from assoc.training import loop, optimizers
from assoc.training.selection import select
from sims import _outer_training, ht_memory, muon_one_step


def test_every_family_speaks_the_one_vocabulary():
  for names in (outer_training.OPTIMIZERS, ht_memory.OPTIMIZERS, muon_one_step.OPTIMIZERS):
    for name in names:
      assert optimizers.canonical(name) in optimizers.NAMES
  assert set(_outer_training.SCHEDULES) <= set(optimizers.SCHEDULES)
  assert set(optimizers.RUN_LENGTH_SCHEDULES) <= set(optimizers.SCHEDULES)
  g = {"W": jnp.array([[1.0, -2.0], [0.5, 3.0]])}
  for alias, name in optimizers.ALIASES.items():
    a, b = optimizers.make(alias, 0.1), optimizers.make(name, 0.1)
    np.testing.assert_array_equal(a.update(g, a.init(g))[0]["W"], b.update(g, b.init(g))[0]["W"])
  with pytest.raises(ValueError, match="schedule 'step' needs decay_step and decay_factor"):
    optimizers.schedule(0.1, "step")
  step = optimizers.schedule(2.0, "step", decay_step=3, decay_factor=0.5)
  assert [float(step(c)) for c in (0, 2, 3, 9)] == [2.0, 2.0, 1.0, 1.0]


def test_normalized_gd_divides_by_the_std_of_the_masked_entries():
  g = {"a": jnp.array([1.0, 3.0]), "b": jnp.array([100.0])}
  mask = {"a": jnp.ones(2), "b": jnp.zeros(1)}
  opt = optimizers.make("normalized_gd", 0.5, mask=mask)
  u, _ = opt.update(g, opt.init(g))
  np.testing.assert_allclose(u["a"], -0.5 * np.array([1.0, 3.0]) / 1.0)  # std of {1, 3} = 1


def test_select_takes_the_lowest_mean_and_flags_the_edges():
  recs = [{"lr": lr, "seed": s, "final_loss": loss}
          for lr, losses in ((0.1, (3.0, 2.0)), (0.3, (1.0, 1.5)), (1.0, (1.2, 1.2)))
          for s, loss in enumerate(losses)]
  sel = select(recs, "lr")
  assert sel == {"grid": [0.1, 0.3, 1.0], "mean_final_loss": [2.5, 1.25, 1.2],
                 "selected": 1.0, "at_grid_edge": True}
  assert select(recs[:4], "lr")["at_grid_edge"] is True
  assert select(recs, "lr", metric="seed")["selected"] == 0.1  # ties: the smallest value
  with pytest.raises(ValueError, match="no records"):
    select([], "lr")


def _regression_task(n_steps, segment_steps, eval_steps, d=4, B=8):
  """Least squares on a fixed random target w* (the run's context) with SGD."""

  def batch(key_t, w_star):
    x = jax.random.normal(key_t, (B, d))
    return x, x @ w_star

  def loss(params, data, w_star):
    x, y = data
    return jnp.mean((x @ params["w"] - y) ** 2)

  task = loop.segmented_training(
      init=lambda key, hyper: {"w": jnp.zeros(d)},
      context=lambda key: jax.random.normal(jax.random.fold_in(key, 0), (d,)),
      data=batch, loss=loss,
      optimizer=lambda hyper, params: optimizers.make("sgd", hyper["lr"]),
      evaluate=lambda params, w_star: {"distance": jnp.sum((params["w"] - w_star) ** 2)},
      n_steps=n_steps, segment_steps=segment_steps, eval_steps=eval_steps)
  return task, batch, loss


def test_segmented_training_is_the_plain_training_loop(tmp_path):
  """Through the sweep engine, in segments of 7 (the last one partial) with
  checkpoints, the metrics equal a plain optax loop on the same batches."""
  steps = np.array([1, 5, 20])
  task, batch, loss = _regression_task(20, 7, steps)
  assert task.num_segments == 3
  tasks = sweep.tasks([{"lr": 0.05}, {"lr": 0.2}], 2)
  got = {}

  def on_batch(chunk, outputs):
    for i, t in enumerate(chunk):
      got[t.index] = np.asarray(outputs["distance"][i])

  sweep.run(tasks, base_seed=3, group_of=lambda p: 0, inputs_of=lambda p: {"lr": p["lr"]},
            build=lambda g, pts: task, on_batch=on_batch, batch_size=4, log=lambda _: None,
            checkpoint_dir=str(tmp_path / "checkpoints"))
  assert not (tmp_path / "checkpoints").exists()  # removed once the sweep is done
  for t in tasks:
    key = engine.task_key(3, t.point_id >> 32, t.point_id & 0xFFFFFFFF, t.seed)
    w_star = jax.random.normal(jax.random.fold_in(key, 0), (4,))
    params, opt = {"w": jnp.zeros(4)}, optax.sgd(t.point["lr"])
    state, want = opt.init(params), []
    for step in range(20):
      data = batch(jax.random.fold_in(jax.random.fold_in(key, 2), step), w_star)
      updates, state = opt.update(jax.grad(loss)(params, data, w_star), state, params)
      params = optax.apply_updates(params, updates)
      if step + 1 in steps:
        want.append(float(jnp.sum((params["w"] - w_star) ** 2)))
    np.testing.assert_allclose(got[t.index], want, rtol=1e-5)
    assert got[t.index][-1] < 0.1 * got[t.index][0]  # it learns
