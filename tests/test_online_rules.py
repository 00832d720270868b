"""The registry of online memory rules and the contract of every registered
one (as tests/test_rules.py for storage rules): shapes and dtypes, jit and
vmap, gate validation, exactness on orthogonal keys where the rule promises
it, objective against jax.grad, chunkwise against the scan, metadata. A
rule that breaks the contract fails with its name in the test id and the
message."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from assoc import online, rules
from assoc.online import Gate

ONLINE = rules.names("online")
D_K, D_V = 6, 4
# Every rule with its default options, and the option variants that change
# its code path.
VARIANTS = [("decay_hebbian", {"keywise": True}), ("hebbian", {"normalize": True}),
            ("miras_lp", {"surrogate": True}), ("miras_huber", {"variant": "norm"}),
            ("miras_huber", {"variant": "yaad"}), ("lsq", {"ridge": 0.1}),
            ("softmax", {"capacity": 2}), ("titans_linear", {"chunk_mode": "minibatch"})]
CONFIGS = [(name, {}) for name in ONLINE] + VARIANTS
IDS = [name + "".join(f"[{k}={v}]" for k, v in opts.items()) for name, opts in CONFIGS]

# Gate values under which a rule retrieves orthonormal keys exactly (n <= d_k).
EXACT_ON_ORTHOGONAL_KEYS = {
    "hebbian": {"eta": 1.0},
    "decay_hebbian": {"alpha": 1.0},
    "delta": {"beta": 1.0},
    "gated_delta": {"alpha": 1.0, "beta": 1.0},
    "rescorla_wagner": {"beta": 1.0},
    "titans_linear": {"alpha": 0.0, "eta": 0.0, "theta": 0.5},
    "lsq": {},
}


def _pairs(n, d_k=D_K, d_v=D_V, seed=0, dtype=jnp.float32):
  kk, kv, kq = jax.random.split(jax.random.key(seed), 3)
  K = jax.random.normal(kk, (n, d_k), dtype)
  K = K / jnp.linalg.norm(K, axis=1, keepdims=True)
  return K, jax.random.normal(kv, (n, d_v), dtype) / jnp.sqrt(d_v), \
      jax.random.normal(kq, (n, d_k), dtype) / jnp.sqrt(d_k)


def _filled(rule, n=3, dtype=jnp.float32, seed=1):
  """A state after n writes of random pairs (not the initial zeros)."""
  K, V, _ = _pairs(n, seed=seed, dtype=dtype)
  state = rule.init(D_K, D_V, dtype, key=jax.random.key(7))
  return online.store(rule, state, K, V)


def _random_gates(rule, L, seed=3, dtype=jnp.float64):
  """Per-token gates inside each gate's range, away from its ends."""
  out = {}
  for i, (name, g) in enumerate(rule.gate_spec.items()):
    key = jax.random.fold_in(jax.random.key(seed), i)
    shape = (L,) if g.shape == "scalar" else (L, D_K if g.shape == "key" else D_V)
    lo = g.low if g.low is not None else 0.0
    hi = g.high if g.high is not None else lo + 1.0
    lo, hi = lo + 0.2 * (hi - lo), hi - 0.2 * (hi - lo)
    out[name] = jax.random.uniform(key, shape, dtype, lo, hi)
  return out


def test_registry_holds_the_rules_of_the_issue():
  assert {"hebbian", "decay_hebbian", "delta", "rescorla_wagner", "gated_delta", "longhorn",
          "titans_linear", "miras_lp", "miras_huber", "oja", "oja_supervised",
          "storkey_hetero", "lsq", "softmax"} <= set(ONLINE)
  # The registry is keyed by kind and name: "hebbian" is both.
  assert rules.get("hebbian", kind="storage").kind == "storage"
  assert isinstance(rules.get("hebbian", kind="online"), online.OnlineRule)


def test_unknown_online_rule_option_and_value_are_one_line_errors():
  with pytest.raises(ValueError, match="unknown online rule 'deltta'; registered online rules: "
                     + ", ".join(ONLINE)):
    rules.get("deltta", kind="online")
  with pytest.raises(ValueError, match=r"rule 'lsq' has no option\(s\) lambda; its options: ridge"):
    rules.online("lsq", {"lambda": 0.1})
  with pytest.raises(ValueError, match="rule 'titans_linear': chunk_mode='fast' is not one of"):
    rules.online("titans_linear", {"chunk_mode": "fast"})
  with pytest.raises(TypeError, match="online rule 'x' must be a subclass"):
    rules.register("x", kind="online")(lambda: None)


@pytest.mark.parametrize("name,options", CONFIGS, ids=IDS)
def test_contract_shapes_dtypes_and_metadata(name, options):
  rule = rules.online(name, options)
  assert rule.name == name
  assert rule.provenance in online.PROVENANCES, f"{name}: provenance {rule.provenance!r}"
  assert rule.citation, f"{name}: no citation"
  assert rule.analogue is None or rule.analogue in rules.names("storage"), name
  for dtype in (jnp.float32, jnp.bfloat16):
    state = rule.init(D_K, D_V, dtype, key=jax.random.key(0))
    K, V, Q = _pairs(2, dtype=dtype)
    new = rule.write(state, K[0], V[0], rule.gates())
    assert jax.tree.structure(new) == jax.tree.structure(state), name
    for a, b in zip(jax.tree.leaves(new), jax.tree.leaves(state)):
      assert a.shape == b.shape and a.dtype == b.dtype, \
          f"{name}: {a.dtype} {a.shape} vs {b.dtype} {b.shape}"
    o = rule.read(new, Q[0])
    assert o.shape == (D_V,) and o.dtype == dtype, f"{name}: read gives {o.dtype} {o.shape}"


@pytest.mark.parametrize("name,options", CONFIGS, ids=IDS)
def test_contract_jit_and_vmap(name, options):
  rule = rules.online(name, options)
  K, V, Q = _pairs(3)
  state = rule.init(D_K, D_V, key=jax.random.key(0))
  gates = rule.gates()
  want = rule.read(rule.write(state, K[0], V[0], gates), Q[0])
  step = jax.jit(lambda s, k, v, q: rule.read(rule.write(s, k, v, gates), q))
  got = step(state, K[0], V[0], Q[0])
  np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=name)
  batch = jax.tree.map(lambda x: jnp.broadcast_to(x, (3,) + x.shape), state)
  out = jax.vmap(lambda s, k, v, q: rule.read(rule.write(s, k, v, gates), q))(batch, K, V, Q)
  for i in range(3):
    np.testing.assert_allclose(out[i], rule.read(rule.write(state, K[i], V[i], gates), Q[i]),
                               rtol=1e-5, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("name", ONLINE)
def test_contract_gates_are_validated(name):
  rule = rules.get(name, kind="online")
  with pytest.raises(ValueError, match=f"rule '{name}' has no gate"):
    rule.gates({"not_a_gate": 1.0})
  for gate_name, g in rule.gate_spec.items():
    assert isinstance(g, Gate) and g.contains(g.default), \
        f"{name}.{gate_name}: default out of range"
    bad = [x for x in ((g.low - 1.0) if g.low is not None else None,
                       (g.high + 1.0) if g.high is not None else None) if x is not None]
    for value in bad + [float("nan")]:
      with pytest.raises(ValueError, match=f"rule '{name}': gate {gate_name}="):
        rule.gates({gate_name: value})


@pytest.mark.parametrize("name", sorted(EXACT_ON_ORTHOGONAL_KEYS))
def test_contract_orthogonal_keys_are_retrieved_exactly(name):
  with jax.enable_x64(True):
    rule = rules.get(name, kind="online")
    K = jnp.linalg.qr(jax.random.normal(jax.random.key(4), (D_K, D_K), jnp.float64))[0]
    V = jax.random.normal(jax.random.key(5), (D_K, D_V), jnp.float64)
    gates = dict(EXACT_ON_ORTHOGONAL_KEYS[name])
    if "salience" in rule.gate_spec:
      gates["salience"] = jnp.ones(D_K)
    state = online.store(rule, rule.init(D_K, D_V, jnp.float64), K, V, gates)
    got = online.read_all(rule, state, K)
    assert float(jnp.max(jnp.abs(got - V))) <= 1e-10, name


@pytest.mark.parametrize("name,options", [c for c in CONFIGS
                                          if rules.online(*c).objective is not None],
                         ids=[i for c, i in zip(CONFIGS, IDS) if rules.online(*c).objective is not None])
def test_contract_write_is_the_step_on_its_objective(name, options):
  with jax.enable_x64(True):
    rule = rules.online(name, options)
    assert rule.objective_write is not None, f"{name}: objective without objective_write"
    state = _filled(rule, dtype=jnp.float64)
    K, V, _ = _pairs(4, seed=11, dtype=jnp.float64)
    for t in range(4):
      gates = {n: x[t] for n, x in _random_gates(rule, 4, seed=t).items()}
      want = rule.objective_write(state, K[t], V[t] * 3.0, gates)
      got = rule.write(state, K[t], V[t] * 3.0, gates)
      for a, b in zip(jax.tree.leaves(got), jax.tree.leaves(want)):
        assert float(jnp.max(jnp.abs(a - b))) <= 1e-10, name


@pytest.mark.parametrize("name", [n for n in ONLINE
                                  if rules.get(n, kind="online").chunkwise is not None])
@pytest.mark.parametrize("L,C", [(16, 1), (16, 16), (13, 4)])  # C = 1, C = L, L % C != 0
def test_contract_chunkwise_equals_the_scan(name, L, C):
  with jax.enable_x64(True):
    rule = rules.get(name, kind="online")
    state = _filled(rule, dtype=jnp.float64)
    K, V, Q = _pairs(L, seed=L + C, dtype=jnp.float64)
    gates = _random_gates(rule, L)
    O_scan, S_scan = online.scan(rule, state, K, V, Q, gates)
    O_chunk, S_chunk = rule.chunkwise(state, K, V, Q, gates, C)
    assert float(jnp.max(jnp.abs(O_chunk - O_scan))) <= 1e-12, name
    for a, b in zip(jax.tree.leaves(S_chunk), jax.tree.leaves(S_scan)):
      assert float(jnp.max(jnp.abs(a - b))) <= 1e-12, name


# ------------------------------------------------------- rule-specific checks

def test_titans_minibatch_chunks_take_gradients_at_the_chunk_start():
  with jax.enable_x64(True):
    rule = rules.online("titans_linear", {"chunk_mode": "minibatch"})
    K, V, Q = _pairs(12, dtype=jnp.float64, seed=2)
    gates = online.token_gates(rule, {"theta": 0.3, "eta": 0.5, "alpha": 0.1}, 12)
    state = rule.init(D_K, D_V, jnp.float64)
    O_scan, _ = online.scan(rule, state, K, V, Q, gates)
    O_one, _ = rule.chunkwise(state, K, V, Q, gates, 1)  # chunks of one token: the scan
    O_four, _ = rule.chunkwise(state, K, V, Q, gates, 4)
    assert float(jnp.max(jnp.abs(O_one - O_scan))) <= 1e-12
    assert float(jnp.max(jnp.abs(O_four - O_scan))) > 1e-3  # a different function


def test_oja_learns_the_principal_key_subspace():
  d_k, d_v, n = 8, 2, 4000
  basis = jnp.linalg.qr(jax.random.normal(jax.random.key(0), (d_k, d_k)))[0]
  scales = jnp.array([3.0, 2.0] + [0.3] * (d_k - 2))
  K = (jax.random.normal(jax.random.key(1), (n, d_k)) * scales) @ basis.T
  rule = rules.get("oja", kind="online")
  S = online.store(rule, rule.init(d_k, d_v, key=jax.random.key(2)), K, jnp.zeros((n, d_v)),
                   {"eta": 0.002})["S"]
  np.testing.assert_allclose(S @ S.T, jnp.eye(d_v), atol=0.05)  # orthonormal rows
  top = basis[:, :2]
  assert float(jnp.linalg.norm(S @ top, ord="fro") ** 2) > 0.95 * d_v  # in the top subspace


def test_softmax_buffer_is_a_sliding_window_and_empty_reads_zero():
  rule = rules.online("softmax", {"capacity": 3, "beta_s": 50.0})
  K = jnp.eye(4)
  V = jnp.arange(16.0).reshape(4, 4)
  state = rule.init(4, 4)
  assert float(jnp.abs(rule.read(state, K[0])).max()) == 0.0
  state = online.store(rule, state, K, V)  # 4 writes into 3 slots: the first is gone
  np.testing.assert_allclose(rule.read(state, K[3]), V[3], atol=1e-6)
  assert float(jnp.abs(rule.read(state, K[0]) - V[0]).max()) > 1.0


def test_normalized_hebbian_reads_a_weighted_average():
  rule = rules.online("hebbian", {"normalize": True})
  K = jnp.array([[1.0, 0.0], [0.0, 1.0]])
  V = jnp.array([[2.0], [4.0]])
  state = online.store(rule, rule.init(2, 1), K, V)
  np.testing.assert_allclose(rule.read(state, jnp.array([1.0, 1.0])), [3.0], rtol=1e-5)


def test_feature_maps_and_key_ensembles():
  from assoc import features, kv
  x = jax.random.normal(jax.random.key(0), (5, 8))
  for name, d_dot in (("identity", 8), ("elu1", 8), ("dpfp", 2 * 8 * 3)):
    phi, size = features.make(name, 8, nu=3)
    assert size == d_dot and phi(x).shape == (5, d_dot)
  assert bool(jnp.all(features.make("dpfp", 8, nu=2)[0](x) >= 0))
  phi, size = features.make("favor", 8, num_features=4096, key=jax.random.key(1))
  assert size == 8192 and bool(jnp.all(phi(x) > 0))
  # FAVOR+ estimates the softmax kernel exp(x . y).
  a, b = x[0] / 3, x[1] / 3
  assert float(phi(a) @ phi(b)) == pytest.approx(float(jnp.exp(a @ b)), rel=0.1)
  norm, _ = features.make("elu1", 8, normalize=True)
  np.testing.assert_allclose(jnp.sum(norm(x), axis=-1), 1.0, rtol=1e-5)
  with pytest.raises(ValueError, match="unknown feature map 'relu'"):
    features.make("relu", 8)
  key = jax.random.key(2)
  for kind in kv.KEYS:
    K = kv.keys(key, 8, 16, kind)
    assert K.shape == (8, 16)
  np.testing.assert_allclose(jnp.linalg.norm(kv.keys(key, 8, 16, "sphere"), axis=1), 1.0, rtol=1e-5)
  ortho = kv.keys(key, 8, 16, "orthogonal")
  np.testing.assert_allclose(ortho @ ortho.T, jnp.eye(8), atol=1e-5)
  # Row i does not depend on how many rows are drawn (a sweep pads n).
  np.testing.assert_array_equal(kv.keys(key, 3, 16), kv.keys(key, 8, 16)[:3])
  for kind in kv.VALUES:
    V = jax.jit(kv.values, static_argnums=(1, 2, 3))(key, 2000, 16, kind)
    assert float(jnp.mean(jnp.sum(V * V, axis=1))) == pytest.approx(1.0, rel=0.05), kind
  with pytest.raises(ValueError, match="orthogonal keys need n <= d_k"):
    kv.keys(key, 20, 16, "orthogonal")
