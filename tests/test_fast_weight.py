"""The fast-weight retrieval settings of Schlag, Irie and Schmidhuber 2021
(arXiv 2102.11174, §6.1; docs/pavlovian.md §5, F8 and F9): the data
generators, the closed-form reads against the rules' own scan, and
`python -m sims.fast_weight` end to end on its smoke preset."""

import functools
import json

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from assoc import experiment, fast_weight, rules
from configs import fast_weight as fw_config
from paper_figs import fast_weight_capacity as fig_capacity
from paper_figs import fast_weight_overwrite as fig_overwrite
from sims import fast_weight as fw_sim
from tests.conftest import records, run_sim
from theory import pavlovian

# ---------------------------------------------------------------- data

def _sequence(key, S, setting, S_max):
  u = jax.random.uniform(key, (fast_weight.seq_length(setting, S_max), 3))
  return fast_weight.sequence(u, S, setting=setting, S_max=S_max)


def test_setting1_keys_and_values_are_permutations():
  draw = jax.jit(functools.partial(_sequence, setting=1, S_max=25))
  for i in range(20):
    S = 3 + i
    seq = draw(jax.random.key(i), S)
    keys, values = np.asarray(seq["keys"]), np.asarray(seq["values"])
    valid = np.asarray(seq["valid"])
    assert valid.sum() == S and valid[:S].all()
    assert sorted(keys[:S]) == list(range(S)) and sorted(values[:S]) == list(range(S))


def test_uniforms_do_not_depend_on_padding():
  """The first L rows of a sequence's uniforms are the same for any padded
  length, so are its tokens (a token depends on its row only; the padding
  tests below check whole batches)."""
  u = fast_weight.uniforms(jax.random.key(3), 14, 4)
  np.testing.assert_array_equal(u, fast_weight.uniforms(jax.random.key(3), 38, 4)[:14])


def test_setting2_target_is_the_last_occurrence():
  seq = {"keys": jnp.array([1, 0, 1, 2, 1, 0, 3, 3]),
         "values": jnp.array([5, 6, 7, 8, 9, 4, 2, 1]),
         "valid": jnp.array([True] * 6 + [False] * 2), "query_u": jnp.array(0.0)}
  # Key 1 occurs at 0, 2, 4: its value is the last one written (9); key 3
  # occurs only in padding: absent.
  last = [int(fast_weight.last_occurrence(seq, j)) for j in range(4)]
  assert last == [5, 4, 3, -1]
  for u, expected in ((0.0, (1, 9)), (0.2, (0, 4)), (0.4, (1, 9)), (0.55, (2, 8))):
    q, y = fast_weight.train_query(dict(seq, query_u=jnp.array(u)), 3, setting=2)
    assert (int(q), int(y)) == expected
  # Random sequences, against a plain loop.
  S = 6

  @jax.jit
  def draw(key):
    seq = _sequence(key, S, 2, S)
    return seq, fast_weight.train_query(seq, S, setting=2)

  for i in range(30):
    seq, (q, y) = draw(jax.random.key(100 + i))
    keys, values = np.asarray(seq["keys"]), np.asarray(seq["values"])
    assert keys.shape == (2 * S,) and keys.max() < S and values.max() < S
    assert int(q) in keys
    assert int(y) == values[max(t for t in range(2 * S) if keys[t] == int(q))]


def test_setting2_test_sequences_of_the_authors_length():
  """test = "S" (the authors' evaluation) tests setting 2 on the first S of
  the 2S pairs; training batches and setting 1 are unchanged. A test batch
  counts exactly the keys present among those tokens."""
  S = 6
  assert [fast_weight.test_length(2, S, t) for t in ("2S", "S")] == [2 * S, S]
  assert [fast_weight.test_length(1, S, t) for t in ("2S", "S")] == [S, S]
  with pytest.raises(ValueError, match="unknown test length '3S'; known: 2S, S"):
    fast_weight.test_length(2, S, "3S")
  u = fast_weight.uniforms(jax.random.key(5), 2 * S, 16)
  rule = rules.online("hebbian", {"normalize": True})
  models = {t: fast_weight.Model(setting=2, S_max=S, e_max=2 * S, d=4, rule=rule,
                                 feature_map="dpfp1", test=t) for t in ("2S", "S")}
  params = fast_weight.init_params(jax.random.key(0), fast_weight.Shapes.of([models["S"]]),
                                   S, 2 * S)
  metrics = jax.jit(fast_weight.batch_metrics, static_argnums=0)
  seqs = jax.vmap(lambda u_b: fast_weight.sequence(u_b, S, setting=2, S_max=S), in_axes=1)(u)
  keys = np.asarray(seqs["keys"])
  for t, L in (("2S", 2 * S), ("S", S)):
    present = 0
    for j in range(S):
      _, (_, _, n) = metrics(models[t], params, S, 2 * S, u, None, j)
      assert int(n) == sum(j in row[:L] for row in keys)
      present += int(n)
    assert present == sum(len(set(row[:L])) for row in keys)
  train = [metrics(models[t], params, S, 2 * S, u, None, -1)[0] for t in ("2S", "S")]
  assert float(train[0]) == float(train[1])


def test_initial_parameters_do_not_depend_on_padding():
  small = fast_weight.Shapes(S_max=5, e_max=11, d=4, n_g=1)
  large = fast_weight.Shapes(S_max=9, e_max=20, d=4, n_g=1)
  init = jax.jit(fast_weight.init_params, static_argnums=1)
  a = init(jax.random.key(1), small, 5, 11)
  b = init(jax.random.key(1), large, 5, 11)
  for name, x in a.items():
    np.testing.assert_array_equal(x, np.asarray(b[name])[tuple(slice(0, n) for n in x.shape)])


# ------------------------------------------------------ closed forms vs scan

def _model(rule, setting=2, S_max=5, driver="auto", scan_chunk=0, gates=()):
  return fast_weight.Model(setting=setting, S_max=S_max, e_max=11, d=4, rule=rule,
                           feature_map="dpfp1", gates=gates, driver=driver,
                           scan_chunk=scan_chunk)


@pytest.mark.parametrize("name,options", [("hebbian", {"normalize": True}),
                                          ("hebbian", {}), ("softmax", {"capacity": 10})])
def test_kernel_read_equals_the_rules_scan(name, options):
  rule = rules.online(name, options)
  key = jax.random.key(0)
  K = jax.nn.relu(jax.random.normal(key, (10, 8)))
  V = jax.nn.one_hot(jax.random.randint(jax.random.fold_in(key, 1), (10,), 0, 5), 5)
  valid = jnp.arange(10) < 7                      # three padding tokens at the end
  Q = jax.nn.relu(jax.random.normal(jax.random.fold_in(key, 2), (3, 8)))
  gates = {k: jnp.full((10,), g.default) for k, g in rule.gate_spec.items()}
  kernel = fast_weight.reader(_model(rule), K, V, gates, valid)
  scan = fast_weight.reader(_model(rule, driver="scan"), K, V, gates, valid)
  np.testing.assert_allclose(jax.vmap(kernel)(Q), jax.vmap(scan)(Q), rtol=1e-5, atol=1e-6)
  # The scan ignores the padding: the same as writing the first 7 tokens only.
  short = fast_weight.reader(_model(rules.online(name, dict(options, capacity=7))
                                    if name == "softmax" else rule, driver="scan"),
                             K[:7], V[:7], {k: v[:7] for k, v in gates.items()}, valid[:7])
  np.testing.assert_allclose(jax.vmap(scan)(Q), jax.vmap(short)(Q), rtol=1e-5, atol=1e-6)


def test_checkpointed_scan_equals_plain_scan():
  rule = rules.online("delta")
  key = jax.random.key(4)
  K = jax.random.normal(key, (11, 8)) / 4
  V = jax.random.normal(jax.random.fold_in(key, 1), (11, 5))
  gates = {"beta": jax.random.uniform(jax.random.fold_in(key, 2), (11,))}
  valid = jnp.arange(11) < 9
  plain = fast_weight.store(_model(rule), K, V, gates, valid)
  chunked = fast_weight.store(_model(rule, scan_chunk=4), K, V, gates, valid)
  np.testing.assert_allclose(plain["S"], chunked["S"], rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------- end to end

@pytest.fixture(scope="module")
def smoke(smoke_run):
  return smoke_run("fast_weight")[0]


def test_smoke_numbers(smoke):
  recs = records(smoke)
  by = {(r["setting"], r["rule"], r["S"]): r for r in recs}
  assert set(by) == {(1, "hebbian", 4), (1, "hebbian", 8), (2, "hebbian", 4), (2, "delta", 4)}
  for r in recs:
    assert r["feature_map"] == "dpfp1" and r["d_dot"] == 32 and r["seed"] == 0
    assert r["L"] == r["L_test"] == fast_weight.seq_length(r["setting"], r["S"])
    assert 0.3 < r["initial_train_loss"] < 0.7          # chance: 0.5
    assert 0.0 <= r["loss"] < 0.5 and 0.0 <= r["accuracy"] <= 1.0
    assert r["capacity_theory"] == (32 if r["setting"] == 1 else None)
    floor = (0.0 if r["setting"] == 1                                 # S < d_dot
             else pavlovian.fast_weight_overwrite_bound(4, 8) if r["rule"] == "hebbian"
             else None)                                                # delta: order matters
    assert r["loss_bound"] == floor
    assert r["theory_provenance"] == (None if floor is None else "derived")
  # Setting 2: the delta rule overwrites (loss far below chance); the sum
  # rule cannot: it returns at best the mean of a repeated key's values, so
  # it stays above the floor of an order-free read (0.159 at S = 4; 0.226
  # after these 200 steps; the test's standard error is about 0.02).
  delta, hebbian = by[(2, "delta", 4)], by[(2, "hebbian", 4)]
  assert delta["loss"] < 0.02 and delta["accuracy"] == 1.0
  assert hebbian["loss"] > hebbian["loss_bound"] - 0.05
  assert hebbian["loss"] > 10 * delta["loss"]
  with open(smoke / "capacity.jsonl") as f:
    caps = {(c["setting"], c["rule"]): c for c in map(json.loads, f)}
  assert caps[(2, "delta")]["S_ok"] == 4 and caps[(2, "hebbian")]["S_ok"] is None


def test_figures_draw_from_the_smoke_run(smoke, tmp_path):
  for figure in (fig_capacity, fig_overwrite):
    png, pdf = figure.make(str(smoke), str(tmp_path))
    assert png.endswith(f"{figure.NAME}.png") and pdf.endswith(f"{figure.NAME}.pdf")
    with open(png, "rb") as f:
      assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    with open(pdf, "rb") as f:
      assert f.read(5) == b"%PDF-"


@pytest.mark.parametrize("field,value,message", [
    ("rule", ("hebbian", "nope"),
     "config.rule: unknown online rule 'nope'; registered online rules: "),
    ("feature_map", ("dpfp1", "relu"), "config.feature_map: unknown feature map 'relu'"),
    ("S", (4, 1), "config.S: every S must be an integer >= 2"),
    ("gates", {"delta": {"alpha": 0.5}}, "config.gates.delta: rule 'delta' has no gate(s) alpha"),
    ("key_norm", {"hebbian": "sum", "default": "sum"}, None),   # valid: dpfp1 is >= 0
    ("test_length", "3S", "config.test_length='3S' is not one of '2S', 'S'"),
])
def test_bad_configs_fail_before_compiling(tmp_path, monkeypatch, field, value, message):
  c = fw_config.get_config("smoke")
  c[field] = value
  if message is None:
    fw_sim.validate(c)
    return
  monkeypatch.setattr(fast_weight, "train", lambda *a, **k: pytest.fail("compiled"))
  with pytest.raises(experiment.ConfigError) as e:
    fw_sim.run(c, str(tmp_path / "w"))
  assert message in str(e.value) and "\n" not in str(e.value)
  assert not (tmp_path / "w").exists()
  if field == "rule":
    assert all(name in str(e.value) for name in rules.names("online"))


def test_cli_unknown_rule_is_one_line(tmp_path):
  proc = run_sim("fast_weight", "smoke", tmp_path / "w", "--config.rule=nope", check=False)
  assert proc.returncode == 2
  lines = proc.stderr.strip().splitlines()
  assert len(lines) == 1 and lines[0].startswith("fast_weight: error: config.rule: unknown "
                                                 "online rule 'nope'")
  assert not (tmp_path / "w").exists()


@pytest.mark.parametrize("setting,name", [(1, "hebbian"), (2, "delta")])
def test_padding_changes_nothing(setting, name):
  """A model padded to a larger S_max (and run in a program with larger
  parameter shapes) computes the same loss, and its padded parameters get
  no gradient."""
  S, S_big = 5, 9
  rule = rules.online(name, {"normalize": True} if name == "hebbian" else {})
  gates = (("beta", fast_weight.LEARNED),) if name == "delta" else ()
  small, big = (fast_weight.Model(setting=setting, S_max=n, e_max=2 * n, d=4, rule=rule,
                                  feature_map="dpfp1", gates=gates,
                                  key_norm="sum" if name == "delta" else "none")
                for n in (S, S_big))
  e = 2 * S
  params = fast_weight.init_params(jax.random.key(0), fast_weight.Shapes.of([big]), S, e)
  u = fast_weight.uniforms(jax.random.key(1), big.L_max, 8)
  value_and_grad = jax.jit(jax.value_and_grad(fast_weight.batch_metrics, argnums=1,
                                              has_aux=True), static_argnums=0)
  (a, sums_a), _ = value_and_grad(small, params, S, e, u, None, -1)
  (b, sums_b), grads = value_and_grad(big, params, S, e, u, None, -1)
  np.testing.assert_allclose(a, b, rtol=1e-5)
  np.testing.assert_allclose(sums_a, sums_b, rtol=1e-5)
  (_, test_a), _ = value_and_grad(small, params, S, e, u, None, 2)   # a test batch: key 2
  (_, test_b), _ = value_and_grad(big, params, S, e, u, None, 2)
  np.testing.assert_allclose(test_a, test_b, rtol=1e-5)
  assert np.abs(np.asarray(grads["E"])[S:]).max() == 0 and np.abs(grads["E"][:, e:]).max() == 0
  assert np.abs(np.asarray(grads["Wk_v"])[S:]).max() == 0
  assert np.abs(np.asarray(grads["Wk_e"])[e:]).max() == 0
  assert np.abs(np.asarray(grads["E"])[:S, :e]).max() > 0


def test_loss_bound_is_the_best_rank_d_dot_read():
  """The least mean loss (1/2)|y - M phi(q)|^2 over the S queries of a
  setting-1 sequence (one-hot targets: the S x S identity, up to order) of
  a memory M read through d_dot features is (1/2)(1 - d_dot/S) (derived)."""
  rng = np.random.default_rng(0)
  for S, d_dot in ((12, 5), (30, 30), (40, 64)):
    Phi = rng.normal(size=(d_dot, S))                     # the S queries' features
    M = np.linalg.lstsq(Phi.T, np.eye(S), rcond=None)[0].T   # the best memory
    loss = 0.5 * np.sum((np.eye(S) - M @ Phi) ** 2) / S
    assert loss == pytest.approx(float(pavlovian.fast_weight_loss_bound(S, d_dot)), abs=1e-9)


def _overwrite_losses(S, L, num_sequences, read):
  """Test losses (1/2)|y - yhat|^2 on setting-2 sequences (L <= 2S pairs,
  the first L of those `assoc.fast_weight.sequence` draws: the sim's own
  data), every present key queried, the target its last value; `read(values
  of the key's occurrences, in order, S) -> yhat`."""
  u = fast_weight.uniforms(jax.random.key(3), 2 * S, num_sequences)
  seqs = jax.vmap(lambda u_b: fast_weight.sequence(u_b, S, setting=2, S_max=S), in_axes=1)(u)
  keys, values = np.asarray(seqs["keys"])[:, :L], np.asarray(seqs["values"])[:, :L]
  out = []
  for ks, vs in zip(keys, values):
    for k in np.unique(ks):
      stored = vs[ks == k]
      out.append(0.5 * np.sum((np.eye(S)[stored[-1]] - read(stored, S)) ** 2))
  return np.asarray(out)


def test_overwrite_floor_is_the_loss_of_the_mean_read():
  """The derived floor of an order-free read in setting 2,
  (1/2)(1 - 1/S) E[1 - 1/c | c >= 1], c ~ Binomial(L, 1/S): the mean loss of
  the read that returns the mean of the key's stored one-hot values, on the
  sim's sequences (Monte Carlo, 4 standard errors); any other symmetric read
  (here a shrunk or sharpened mean) loses more; its limits."""
  mean_read = lambda vs, S: np.mean(np.eye(S)[vs], axis=0)  # noqa: E731
  for S, L in ((4, 8), (10, 20), (10, 10)):
    losses = _overwrite_losses(S, L, 400, mean_read)
    floor = pavlovian.fast_weight_overwrite_bound(S, L)
    se = losses.std(ddof=1) / np.sqrt(losses.size)
    assert abs(losses.mean() - floor) < 4 * se, (S, L, losses.mean(), floor, se)
    for scale in (0.7, 1.3):
      other = _overwrite_losses(S, L, 400, lambda vs, S: scale * mean_read(vs, S))
      assert other.mean() > losses.mean()
  assert pavlovian.fast_weight_overwrite_bound(1, 7) == 0.0        # one key, one value
  assert pavlovian.fast_weight_overwrite_bound(9, 1) == 0.0        # every key stored once
  S = 5   # every key stored many times: (1/2)(1 - 1/S)
  assert pavlovian.fast_weight_overwrite_bound(S, 5000) == pytest.approx(0.5 * (1 - 1 / S), abs=1e-3)
  assert pavlovian.fast_weight_overwrite_bound(200, 400) == pytest.approx(0.2106, abs=1e-3)
  with pytest.raises(ValueError, match="S >= 1 and L >= 1"):
    pavlovian.fast_weight_overwrite_bound(0, 4)


@pytest.mark.parametrize("test_length", ["2S", "S"])
def test_overwrite_headlines_at_the_papers_points(tmp_path, test_length):
  """At the paper's setting-2 points (d = 64, DPFP-1, S = 20 and 40), F9's
  report section has one quantity per name (the floor check and the paper's
  ">= .097" share S = 20); the paper's number is checked only against the
  authors' test (test_length "S"), the floor at the test's own length."""
  from paper_figs import report
  workdir = tmp_path / "fast_weight"
  workdir.mkdir()
  (workdir / "config.json").write_text(json.dumps({"d": 64, "num_seeds": 2, "steps": 5000}))
  lines = []
  for S in (20, 40):
    L_test = S if test_length == "S" else 2 * S
    for seed in (0, 1):
      for rule, loss in (("hebbian", 0.11 if test_length == "S" else 0.21), ("delta", 0.0)):
        bound = pavlovian.fast_weight_overwrite_bound(S, L_test) if rule == "hebbian" else None
        lines.append(json.dumps({
            "setting": 2, "rule": rule, "feature_map": "dpfp1", "S": S, "seed": seed,
            "L": 2 * S, "L_test": L_test, "d_dot": 128, "loss": loss + 0.001 * seed,
            "loss_bound": bound, "theory_provenance": None if bound is None else "derived"}))
  (workdir / "results.jsonl").write_text("\n".join(lines) + "\n")
  sections = report.collect(str(tmp_path), only=[fig_overwrite.NAME])
  assert len(sections) == 1 and sections[0].error is None, sections[0].error
  names = [q.name for q in sections[0].quantities]
  assert len(names) == len(set(names))
  floors = [q for q in sections[0].quantities if "against the floor" in q.name]
  assert [q.verdict for q in floors] == ["within", "within"]
  assert ("loss at S = 20, authors' test (sum rule, dpfp1)" in names) == (test_length == "S")
