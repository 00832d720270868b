"""The tiny-transformer component ablation (docs/muon_tail.md §7.2): the
model, the fact task, Muon on exactly the named matrices, and the smoke run
through the real entry point."""

from __future__ import annotations

import json

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from assoc import experiment, facts
from assoc.models import tiny_transformer as tt
from configs import tiny_ablation as ta_config
from sims import tiny_ablation
from tests.conftest import records

ABLATIONS = ("none", "QK", "VO", "FFN", "VO+FFN", "all")


def _model_and_params(config):
  model, task = tiny_ablation.model_of(config), tiny_ablation.task_of(config)
  params = jax.jit(model.init)(jax.random.key(0), jnp.zeros((1, task.length), jnp.int32))
  return model, task, params


def _as_matrix(name, w):
  return w.reshape(-1, w.shape[-1]) if name == "W_O" else w.reshape(w.shape[0], -1)


def test_the_model_is_causal_and_last_only_is_the_last_position():
  config = ta_config.get_config("smoke")
  config.n_filler = 3
  model, task, params = _model_and_params(config)
  apply = jax.jit(model.apply, static_argnames="last_only")
  x = jax.random.randint(jax.random.key(1), (5, task.length), 0, task.vocab_in)
  full = apply(params, x)
  assert full.shape == (5, task.length, config.V)
  np.testing.assert_allclose(apply(params, x, last_only=True), full[:, -1], atol=1e-5)
  y = x.at[:, -1].set((x[:, -1] + 1) % task.vocab_in)  # change the last token only
  np.testing.assert_allclose(apply(params, y)[:, :-1], full[:, :-1], atol=1e-5)
  assert not np.allclose(apply(params, y)[:, -1], full[:, -1], atol=1e-3)


def test_fact_task_law_table_and_queries():
  task = facts.FactTask(m=4, R=3, V=10, n_filler=2, filler_vocab=5, data_seed=7)
  groups, p = task.law()
  table = task.table()
  assert table.shape == (16, 3) and table.min() >= 0 and table.max() < 10
  np.testing.assert_array_equal(table, facts.FactTask(m=4, R=3, V=10, data_seed=7).table())
  assert not np.array_equal(table, facts.FactTask(m=4, R=3, V=10, data_seed=8).table())
  q, s = task.population_inputs(jax.random.key(0))
  assert q.shape == (48, 4)
  np.testing.assert_array_equal(q[:, 2], np.repeat(np.arange(16), 3))  # subject-major
  np.testing.assert_array_equal(q[:, 3], 16 + np.tile(np.arange(3), 16))
  assert (np.asarray(q[:, :2]) >= 19).all() and (np.asarray(q[:, :2]) < 24).all()
  cdf = jnp.asarray(np.cumsum(p), jnp.float32).at[-1].set(1.0)
  tokens, answers = jax.jit(task.sample, static_argnums=3)(
      jax.random.key(3), cdf, jnp.asarray(table), 200_000)
  np.testing.assert_array_equal(answers, table[tokens[:, 2], tokens[:, 3] - 16])
  freq = np.bincount(np.asarray(tokens[:, 2]), minlength=16) / 200_000
  # Binomial standard errors are <= 0.0012 here; 5 of them.
  np.testing.assert_allclose(freq, p, atol=0.006)
  assert abs(freq[0] - p[0]) < 0.006 and p[0] == pytest.approx(16 / 48)


def test_optax_muon_goes_to_exactly_the_named_matrices():
  """The optimiser of docs/muon_tail.md §7.2 (one optax.contrib.muon call
  with dimension numbers on the named leaves, optax.adam for "none"), for every
  configuration: every other leaf gets Adam's update exactly, the named ones
  an orthogonalised update; and the switchable optimiser the sims run (one
  compiled program, the configuration an input) equals it to float32
  rounding."""
  config = ta_config.get_config("smoke")
  _, _, params = _model_and_params(config)
  adam_lr, muon_lr = 3e-3, 3e-2
  grads = jax.tree.map(lambda x: jax.random.normal(jax.random.key(x.size), x.shape), params)
  first = lambda opt: jax.jit(lambda g, p: opt.update(g, opt.init(p), p)[0])(grads, params)
  u_adam = first(optax.adam(adam_lr, b1=config.adam_b1, b2=config.adam_b2))

  @jax.jit
  def fused_first(on):
    opt = tiny_ablation.switchable_optimizer(adam_lr, muon_lr, on, params, config)
    return opt.update(grads, opt.init(params), params)[0]

  for ablation in ABLATIONS:
    chosen = tiny_ablation.components_of(ablation)
    u_spec = first(tiny_ablation.make_optimizer(ablation, adam_lr, muon_lr, params, config))
    u_fused = fused_first({c: jnp.asarray(c in chosen) for c in tt.COMPONENTS})
    named = set(tt.muon_matrices(chosen))
    seen = set()
    leaves = zip(tt.leaf_names(params), jax.tree.leaves(u_spec), jax.tree.leaves(u_adam),
                 jax.tree.leaves(u_fused))
    for (path, name), us, ua, uf in leaves:
      where = f"{ablation}: {path}"
      # Compiled as one program with a traced switch, the fused optimiser
      # rounds differently from make_optimizer's (an ulp for Adam; float32 NS
      # rounding, ~1e-7 of the largest entry, for Muon): not more.
      np.testing.assert_allclose(uf, us, rtol=1e-5, atol=1e-5 * np.abs(us).max(),
                                 err_msg=where)
      if name in named:
        seen.add(name)
        s = np.linalg.svd(_as_matrix(name, np.asarray(us)) / -muon_lr, compute_uv=False)
        # optax's quintic NS puts every singular value in about [0.7, 1.2],
        # times its shape factor sqrt(max(1, fan_out / fan_in)) (2 for W_in).
        scale = 2.0 if name == "W_in" else 1.0
        assert 0.5 * scale < s.min() and s.max() < 1.5 * scale, (where, s.min(), s.max())
        assert not np.allclose(us, ua), where
      else:
        np.testing.assert_array_equal(us, ua, err_msg=where)
    assert seen == named, ablation


def test_muon_per_head_orthogonalises_each_head():
  config = ta_config.get_config("smoke")
  config.muon_per_head = True
  _, _, params = _model_and_params(config)
  opt = tiny_ablation.make_optimizer("VO", 1e-3, 1.0, params, config)
  grads = jax.tree.map(lambda x: jax.random.normal(jax.random.key(x.ndim), x.shape), params)
  u = jax.jit(lambda g, p: opt.update(g, opt.init(p), p)[0])(grads, params)
  wv = -np.asarray(u["params"]["layer_0"]["W_V"]["kernel"])  # (d, H, dh)
  wo = -np.asarray(u["params"]["layer_0"]["W_O"]["kernel"])  # (H, dh, d)
  for h in range(config.num_heads):
    # optax's shape factor sqrt(max(1, fan_out / fan_in)): 1 for a head of
    # W_V (d -> d/H), 2 for a head of W_O (d/H -> d, H = 4).
    for block, scale in ((wv[:, h, :], 1.0), (wo[h], 2.0)):
      s = np.linalg.svd(block, compute_uv=False) / scale
      assert 0.5 < s.min() and s.max() < 1.5, (h, s)
  # The heads are orthogonalised apart: the d x d matrix is not.
  s_full = np.linalg.svd(wv.reshape(config.d, -1), compute_uv=False)
  assert s_full.max() / s_full.min() > 3


def test_tiny_ablation_smoke(smoke_run):
  workdir, proc = smoke_run("tiny_ablation")
  config = ta_config.get_config("smoke")
  assert "segment 2/2" in proc.stderr  # checkpointed between two segments
  assert not (workdir / "checkpoints").exists()
  recs = {r["ablation"]: r for r in records(workdir)}
  assert list(recs) == ["none", "VO", "all"]
  tune = records(workdir / "tune_adam")
  assert [r["adam_lr"] for r in tune] == [0.003, 0.01]
  summary = [json.loads(line) for line in open(workdir / "selected.jsonl")]
  assert summary[0]["stage"] == "tune_adam" and len(summary) == 4  # muon_lr: one value
  best = min(tune, key=lambda r: r["final_loss"])
  assert summary[0]["selected"] == best["adam_lr"]
  # Stage 3's "none" is the tuning run at the selected lr, recomputed in
  # another chunk of another sweep: the same numbers.
  same = {k: v for k, v in best.items() if k != "muon_lr"}
  assert {k: v for k, v in recs["none"].items() if k != "muon_lr"} == same
  assert recs["none"]["muon_lr"] is None and recs["VO"]["muon_lr"] == 0.03
  assert recs["none"]["muon_matrices"] == []
  assert recs["VO"]["muon_matrices"] == ["W_V", "W_O"]
  assert len(recs["all"]["muon_matrices"]) == 6
  for name, r in recs.items():
    assert r["steps"][-1] == config.n_steps and len(r["loss"]) == len(r["steps"])
    assert len(r["fta_group"][0]) == config.m + 1
    assert r["final_loss"] < r["loss"][0] < np.log(config.V) + 0.5, name  # it learns
    assert r["final_fta_group"][0] == 1.0, name  # the most frequent subject is learnt
    assert 0 <= r["fta_tail"] <= 1 and 0 <= r["auc_tail"] <= 1
    for key in ("H_W_VW_O", "H_W_in", "H_W_out"):
      assert all(0 < h <= 1 for h in r[key]), (name, key)
  # Different optimisers on the same seed: the runs differ.
  assert recs["VO"]["loss"] != recs["none"]["loss"] != recs["all"]["loss"]


@pytest.mark.parametrize("overrides,message", [
    ({"ablation": ("none", "QKV")}, "unknown component(s) QKV; components: QK, VO, FFN"),
    ({"ablation": ("none", "none")}, "repeats a configuration"),
    ({"tune_muon_with": "none"}, "tune_muon_with must name Muon matrices"),
    ({"muon_lr": (0.0,)}, "config.muon_lr must hold step sizes > 0"),
    ({"d": 30}, "config.d = 30 must be a multiple of config.num_heads = 4"),
    ({"schedule": "step"}, "config.schedule='step'"),
    ({"tune_num_seeds": 2}, "tune_num_seeds must be an integer in [0, num_seeds = 1]"),
    ({"tail_groups": 9}, "config.tail_groups must be an integer in [1, m = 5]"),
])
def test_bad_configs_fail_before_anything_runs(tmp_path, overrides, message):
  c = ta_config.get_config("smoke")
  c.update(overrides)
  with pytest.raises(experiment.ConfigError) as e:
    tiny_ablation.run(c, str(tmp_path / "w"))
  assert message in str(e.value)
  assert not (tmp_path / "w").exists()
