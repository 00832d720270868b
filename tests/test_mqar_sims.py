"""MQAR and attention memorisation end to end (docs/pavlovian.md §2, §4):
the training-free probe, the trained mixers and the memorisation sweep
through their entry points at the smoke preset, and the pieces they are
built from."""

import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from assoc import experiment
from assoc.models import mha_memorize, seq
from configs import mqar as mqar_config
from configs import mqar_probe as probe_config
from paper_figs import mqar_state, mqar_width
from sims import mqar, mqar_probe
from tests.conftest import records


@pytest.fixture(scope="module", autouse=True)
def _smoke_runs(smoke_run):
  """This module's smoke runs through their entry points, all three at once
  (mostly single-threaded compilation: three overlap on two cores)."""
  smoke_run.prefetch(("mqar", "mqar_probe", "mha_memorization"), at_once=3)


def test_probe_smoke_numbers(smoke_run):
  """Hebbian top-1 over the dictionary at or above the derived integral
  (one-sided: it is pessimistic) within 0.02 + 3 SE; least squares exact at
  N <= d_k; four passes of delta at least as good as one."""
  recs = records(smoke_run("mqar_probe")[0])
  heb = [r for r in recs if r["rule"] == "hebbian"]
  for n in {r["n"] for r in heb}:
    top = np.array([r["top1"] for r in heb if r["n"] == n])
    theory = next(r["top1_theory"] for r in heb if r["n"] == n)
    assert theory is not None and theory <= top.mean() + 0.02 + 3 * top.std() / np.sqrt(len(top))
  assert all(r["top1"] == 1.0 for r in recs if r["rule"] == "lsq" and r["n"] <= r["d_k"])
  delta = {p: np.mean([r["top1"] for r in recs if r["rule"] == "delta" and r["passes"] == p
                       and r["n"] == 8]) for p in (1, 4)}
  assert delta[4] >= delta[1]
  assert all(r["D"] == 256 and r["top1_theory"] is None for r in recs if r["rule"] != "hebbian")


def test_mqar_smoke_records_summary_and_figures(smoke_run, tmp_path):
  """The records and summary of the smoke run; F11 and F12 (not in
  paper_figs.all: docs/pavlovian.md §4) drawn from it."""
  workdir = smoke_run("mqar")[0]
  for figure in (mqar_width, mqar_state):
    png, pdf = figure.make(str(workdir), str(tmp_path))
    assert open(png, "rb").read(4) == b"\x89PNG" and open(pdf, "rb").read(4) == b"%PDF"
  recs = records(workdir)
  assert {r["mixer"] for r in recs} == {"delta"}
  for r in recs:
    assert len(r["accuracy"]) == len(r["steps"]) and 0 <= r["final_accuracy"] <= 1
  summary = [json.loads(line) for line in open(workdir / "mqar.jsonl")]
  assert [(s["mixer"], s["state_bytes"]) for s in summary] == [("delta", 4 * 2 * (8 * 8 + 3 * 8))]


def test_mixer_lm_is_causal_for_softmax_and_a_rule():
  """Logits at position t do not depend on later tokens, for attention and
  for an online rule with its short convolution (the smoke run trains a
  rule end to end)."""
  tokens = jax.random.randint(jax.random.key(0), (2, 12), 0, 20)
  changed = tokens.at[:, 7:].set((tokens[:, 7:] + 1) % 20)
  for mixer in ("softmax", "hebbian"):
    model = seq.MixerLM(vocab_size=20, d_max=8, mixer=mixer, max_len=12, feature="elu1")

    @jax.jit
    def both(key):
      params = model.init(key, tokens, 8)
      return model.apply(params, tokens, 8), model.apply(params, changed, 8)

    a, b = both(jax.random.key(1))
    np.testing.assert_allclose(a[:, :7], b[:, :7], atol=1e-5)
    assert float(jnp.abs(a[:, 7:] - b[:, 7:]).max()) > 1e-3


def test_short_conv_is_flax_depthwise_causal_conv():
  """seq.ShortConv draws the parameters of flax's causal depthwise nn.Conv
  (same names, shapes and values) and computes the same outputs (to float32
  rounding), for kernels 1, 2 and 4, a batch axis or none."""
  import flax.linen as nn
  for size in (1, 2, 4):
    for shape in ((3, 16, 6), (16, 6)):
      x = jax.random.normal(jax.random.key(size), shape)
      reference = nn.Conv(6, (size,), padding=((size - 1, 0),), feature_group_count=6)
      ours = seq.ShortConv(6, size)
      params = reference.init(jax.random.key(0), x)
      assert jax.tree.all(jax.tree.map(lambda a, b: bool(jnp.all(a == b)),
                                       params, ours.init(jax.random.key(0), x)))
      params = jax.tree.map(lambda a: a + jax.random.normal(jax.random.key(5), a.shape), params)
      np.testing.assert_allclose(ours.apply(params, x), reference.apply(params, x),
                                 rtol=1e-5, atol=1e-5)


def test_memorization_smoke(smoke_run):
  workdir = smoke_run("mha_memorization")[0]
  recs = records(workdir)
  assert sorted(r["H"] for r in recs) == [1, 2] and all(0 <= r["accuracy"] <= 1 for r in recs)
  summary = [json.loads(line) for line in open(workdir / "memorization.jsonl")]
  assert [s["value"] for s in summary if "value" in s] == [1, 2]


def test_a_point_does_not_depend_on_the_grid_maxima():
  """The (H, n, d_h, T) run inside larger maxima (H_max, n_max, d_h_max,
  T_max) is the run built at exactly its sizes: same data, same start, same
  training (round-off apart), and an integer count of the examples right."""
  common = dict(d=6, d_model=8, num_classes=7, steps=6, learning_rate=1e-2, eval_every=3)
  key = jax.random.key(3)
  small = jax.jit(lambda k: mha_memorize.memorization_trial(
      k, 12, 2, 3, 3, T_max=12, H_max=2, n_max=3, d_h_max=3, **common))(key)
  large = jax.jit(lambda k: mha_memorize.memorization_trial(
      k, 12, 2, 3, 3, T_max=20, H_max=4, n_max=5, d_h_max=6, **common))(key)
  assert float(small["loss"]) == pytest.approx(float(large["loss"]), rel=1e-4)
  assert int(small["correct"]) == int(large["correct"]) == float(small["correct"])
  assert float(small["accuracy"]) == pytest.approx(int(small["correct"]) / 12)


def test_state_bytes_and_bad_configs(tmp_path):
  assert seq.state_bytes("softmax", 64, 1, 128) == 4 * 2 * 2 * 64 * 128
  assert seq.state_bytes("delta", 64, 2, 128) == 4 * 2 * 2 * 32 * 32
  assert seq.state_bytes("hebbian", 16, 1, 8, rule_options={"normalize": True}) == (
      4 * 2 * (16 * 16 + 16))
  for module, config, field, value, message in (
      (mqar, mqar_config, "mixer", ("mamba",), "unknown mixer 'mamba'; known: softmax, "),
      (mqar, mqar_config, "input_seq_len", 15, "input_seq_len must be even"),
      (mqar, mqar_config, "num_kv_pairs", 9, "2 N P + 2 N <= L is needed"),
      (mqar_probe, probe_config, "rule", ("nope",), "unknown online rule 'nope'"),
      (mqar_probe, probe_config, "vocab_size", 40, "config.vocab_size=40 must exceed")):
    c = config.get_config("smoke")
    setattr(c, field, value)
    with pytest.raises(experiment.ConfigError) as e:
      module.run(c, str(tmp_path))
    assert message in str(e.value) and "\n" not in str(e.value)
