"""Muon vs GD vs SignGD on the one-layer memory (docs/muon_tail.md): the §8
reference values, the exact theory against dense linear algebra and against
real optax steps in JAX, the optimiser factory, spectral metrics, the
heavy-tailed group law and the XLA CPU workaround."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from assoc import heavy_tail, softmax_memory
from assoc.metrics import spectral
from assoc.training import optimizers
from theory import muon_one_step as T

K, ALPHA, BETA, EPS = 999, 0.8, 0.2, 0.01
GRID = T.eta_grid(1e-2, 1e5, 400)
QUINTIC, CUBIC = optimizers.NS_COEFFS["quintic"], optimizers.NS_COEFFS["cubic"]


@pytest.fixture(scope="module")
def ref():
  p, L = T.two_level(K, ALPHA, BETA)
  return p, L


# ------------------------------------------------------- docs/muon_tail.md §8 targets

def test_reference_values_of_docs_section_8(ref):
  p, L = ref
  assert L == 200
  ph, pt = T.level_probabilities(K, L, ALPHA)
  r = T.rate_exponent(ph, pt)
  assert r == pytest.approx(0.062578, abs=1e-6)
  assert T.rate_exponent(0.8 / 0.2, 0.2 / 0.8) == pytest.approx(1 / 16)  # beta = 0.2 exactly
  assert T.rho_gd(K, L, ALPHA, EPS) == pytest.approx(0.0020537, rel=1e-3)
  assert T.rho_gd_rate(K, L, ALPHA, EPS) == pytest.approx(0.0020573, rel=1e-3)
  # The closed form and the generic balance search agree.
  eta, rho = T.one_step_balance(T.one_step_direction("gd", K, L, ALPHA), K, L, EPS, GRID)
  assert rho == pytest.approx(T.rho_gd(K, L, ALPHA, EPS), rel=1e-9)
  assert eta == pytest.approx(T.gd_eta_star(K, L, ALPHA, EPS), rel=1e-9)
  rho_muon = T.one_step_balance(T.one_step_direction("muon", K, L, ALPHA), K, L, EPS, GRID)[1]
  assert rho_muon == pytest.approx(0.98992, rel=1e-3)
  rho_sign = T.one_step_balance(T.one_step_direction("signgd", K, L, ALPHA), K, L, EPS, GRID)[1]
  assert rho_sign == pytest.approx(0.99000, abs=5e-3)
  assert rho_sign == pytest.approx(1 - EPS, abs=1e-12)  # exactly: all facts symmetric
  E, Et = T.embeddings(K, "coupled")
  S = T.signgd_scores(p, E, Et)
  assert T.dense_balance(S, EPS, GRID)[1] == pytest.approx(0.02976, abs=5e-3)
  # Max Delta on the one-step GD path: 0.997 near L ~ 1.19.
  loss, delta = T.gd_path(np.logspace(-2, 5, 20000), K, L, ALPHA)
  i = np.argmax(delta)
  assert delta[i] == pytest.approx(0.997, abs=0.002)
  assert loss[i] == pytest.approx(1.19, abs=0.02)


def test_coupled_construction_checks_of_docs_section_4(ref):
  p, L = ref
  E, Et = T.embeddings(K, "coupled")
  assert np.allclose(E.T @ E, np.eye(K)) and np.allclose(Et.T @ Et, np.eye(K))
  D = np.sign(Et @ T.gradient_matrix(p) @ E.T)
  A = T.BLOCK_A
  B = np.array([[-1, -1, -1], [-1, -1, -1], [1, 1, 1]])
  for i in (0, 3, 96, 300, 600):  # blocks wholly in the head or in the tail
    assert np.array_equal(D[i:i + 3, i:i + 3], A + B), i
    assert np.array_equal(D[i:i + 3, i + 6:i + 9], B), i
  s = np.linalg.svd(A, compute_uv=False)
  assert np.allclose(s, [4.494, 1.604, 1.110], atol=1e-3)
  assert s[-1] / s[0] == pytest.approx(0.247, abs=1e-3)
  S = T.signgd_scores(p, E, Et)
  assert np.allclose(np.diag(S)[3:9], [1.4655, 1.0071, 1.5415] * 2, atol=1e-4)
  # The block at 198-200 straddles head and tail: a different pattern.
  assert not np.allclose(np.diag(S)[198:201], [1.4655, 1.0071, 1.5415], atol=1e-3)


def test_singular_values_of_X_closed_form():
  _, L = T.two_level(K, ALPHA, BETA)
  assert T.singular_values_X(K, L, ALPHA)[L - 1] == pytest.approx(0.0035790, abs=1e-7)
  for K_ in (10, 99, 300):
    p, L = T.two_level(K_, ALPHA, BETA)
    s = np.linalg.svd(T.gradient_matrix(p), compute_uv=False)
    assert np.allclose(s, T.singular_values_X(K_, L, ALPHA), atol=1e-15)
    assert s[-1] < 1e-15  # rank K - 1


# --------------------------------------- the group-symmetric reduction

def _random_group_symmetric(rng, scale=1.0):
  return rng.standard_normal(6) * scale


@pytest.mark.parametrize("K_,L_", [(12, 4), (9, 1), (10, 8)])
def test_reduction_matches_dense_linear_algebra(K_, L_):
  rng = np.random.default_rng(K_ + L_)
  alpha = 0.7
  p = np.r_[np.full(L_, alpha / L_), np.full(K_ - L_, (1 - alpha) / (K_ - L_))]
  for _ in range(3):
    v = _random_group_symmetric(rng)
    V = T.to_dense(v, K_, L_)
    # Probabilities and gradient.
    assert np.allclose(T.probabilities(v, K_, L_),
                       T.column_probabilities(V, 1.0)[[0, K_ - 1]], atol=1e-14)
    P = np.exp(V - V.max(0)) / np.exp(V - V.max(0)).sum(0)
    G = (P - np.eye(K_)) * p
    assert np.allclose(T.to_dense(T.gradient(v, K_, L_, alpha), K_, L_), G, atol=1e-14)
    # Polar factor and a Newton-Schulz polynomial.
    U, s, Vt = np.linalg.svd(V)
    assert np.allclose(T.to_dense(T.polar(v, K_, L_), K_, L_), U @ Vt, atol=1e-10)
    X = V / np.linalg.norm(V)
    for _ in range(4):
      A = X @ X.T
      X = QUINTIC[0] * X + (QUINTIC[1] * A + QUINTIC[2] * A @ A) @ X
    assert np.allclose(T.to_dense(T.newton_schulz(v, K_, L_, QUINTIC, 4), K_, L_), X,
                       atol=1e-10)
  # X itself, and the dropped null direction of the polar factor.
  X = T.gradient_matrix(p)
  assert np.allclose(T.to_dense(T.from_X(K_, L_, alpha), K_, L_), X, atol=1e-16)
  U, s, Vt = np.linalg.svd(X)
  keep = s > 1e-10 * s[0]
  assert np.allclose(T.to_dense(T.polar(T.from_X(K_, L_, alpha), K_, L_), K_, L_),
                     U[:, keep] @ Vt[keep], atol=1e-10)


def test_limits():
  # Uniform classes (alpha = beta): r = 1 and GD is perfectly balanced.
  _, L = T.two_level(100, 0.2, 0.2)
  assert T.rho_gd(100, L, 0.2, EPS) == pytest.approx(1 - EPS, rel=1e-12)
  # K -> infinity: closed form / rate -> (1 - eps)^r (A = (1 - eps)(K - 1)/eps),
  # and Muon's 1 - rho approaches eps from above (Theorem 5.3: eps (1 + O(log K/K))).
  r = T.rate_exponent(*T.level_probabilities(1000, 200, ALPHA))
  ratios, gaps = [], []
  for K_ in (100, 1000, 10000, 100000):
    _, L = T.two_level(K_, ALPHA, BETA)
    ratios.append(T.rho_gd(K_, L, ALPHA, EPS) / T.rho_gd_rate(K_, L, ALPHA, EPS))
    if K_ <= 1000:
      d = T.one_step_direction("muon", K_, L, ALPHA)
      gaps.append(1 - T.one_step_balance(d, K_, L, EPS, GRID)[1])
  limit = (1 - EPS) ** r
  assert all(abs(limit - a) > abs(limit - b) for a, b in zip(ratios, ratios[1:]))
  assert abs(limit - ratios[-1]) < 1e-4
  assert EPS < gaps[1] < gaps[0] and gaps[1] - EPS < 2 * EPS * np.log(1000) / 1000


def test_newton_schulz_qualitative_facts_at_K_999(ref):
  """docs/muon_tail.md §5: the quintic's singular values stay away from 1,
  its rho falls for some step count above 5, the cubic reaches the
  exact-polar rho (1e-3 relative) by 30 steps; with one step either is close
  to GD."""
  _, L = ref
  exact = T.one_step_balance(T.one_step_direction("muon", K, L, ALPHA), K, L, EPS, GRID)[1]
  rho = {}
  for name, c in (("quintic", QUINTIC), ("cubic", CUBIC)):
    rho[name] = [T.one_step_balance(T.one_step_direction(
        "newton_schulz", K, L, ALPHA, ns_coeffs=c, ns_steps=n, norm_eps=1e-8),
        K, L, EPS, GRID)[1] for n in range(1, 31)]
  for n in range(5, 31):
    s = T.newton_schulz_singular_values(K, L, ALPHA, QUINTIC, n, 1e-8)
    assert s.min() < 0.9 or s.max() > 1.1, n
  assert max(rho["quintic"]) < exact
  assert min(rho["quintic"][5:]) < rho["quintic"][4] - 0.2  # falls after 5 steps
  assert rho["cubic"][29] == pytest.approx(exact, rel=1e-3)
  rho_gd = T.rho_gd(K, L, ALPHA, EPS)
  assert rho["cubic"][0] == pytest.approx(rho_gd, rel=0.05)
  assert rho["quintic"][0] == pytest.approx(rho_gd, rel=0.05)


# -------------------------------------------- theory vs real optax steps

@pytest.mark.parametrize("optimizer", ["gd", "signgd", "muon"])
@pytest.mark.parametrize("embedding", ["decoupled", "coupled"])
def test_optax_steps_match_the_theory(optimizer, embedding):
  """At K = 30: one real optax step (autodiff gradient, the factory's
  optimiser) and 25 full-gradient steps against the theory, float64."""
  K_ = 30
  p_np, L = T.two_level(K_, ALPHA, BETA)
  with jax.enable_x64(True):
    p = jnp.asarray(p_np)
    emb = softmax_memory.embedding(embedding, jnp.float64)
    W0 = jnp.zeros((K_, K_))
    loss = functools.partial(softmax_memory.population_loss, p=p, emb=emb)
    opt = optimizers.make(optimizer, 1.0)
    U = opt.update(jax.grad(loss)(W0), opt.init(W0), W0)[0]
    S = emb.logits(U)
    etas = jnp.asarray(GRID)
    out = softmax_memory.balance(S, EPS, etas)
    # A step of size eta is eta times the unit step.
    opt2 = optimizers.make(optimizer, 3.7)
    U2 = opt2.update(jax.grad(loss)(W0), opt2.init(W0), W0)[0]
    assert np.allclose(np.asarray(U2), 3.7 * np.asarray(U), rtol=1e-12, atol=1e-15)
    eta = 0.09 * float(out["eta_star"])
    opt = optimizers.make(optimizer, eta)

    @jax.jit
    def step(W, state):
      u, state = opt.update(jax.grad(loss)(W), state, W)
      return W + u, state, softmax_memory.summary(emb.logits(W + u), p)

    W, state, P_max, P_min = W0, opt.init(W0), [], []
    for _ in range(25):
      W, state, s = step(W, state)
      P_max.append(float(s["P_max"]))
      P_min.append(float(s["P_min"]))
  if optimizer == "signgd" and embedding == "coupled":
    E, Et = T.embeddings(K_, "coupled")
    eta_th, rho_th = T.dense_balance(T.signgd_scores(p_np, E, Et), EPS, GRID)
  else:
    eta_th, rho_th = T.one_step_balance(T.one_step_direction(optimizer, K_, L, ALPHA),
                                        K_, L, EPS, GRID)
    traj = T.trajectory(optimizer, K_, L, ALPHA, eta, 25)
    assert np.allclose(P_max, np.maximum(traj["P_head"], traj["P_tail"])[1:], atol=1e-10)
    assert np.allclose(P_min, np.minimum(traj["P_head"], traj["P_tail"])[1:], atol=1e-10)
  assert float(out["rho"]) == pytest.approx(rho_th, rel=1e-9)
  assert float(out["eta_star"]) == pytest.approx(eta_th, rel=1e-9)


def test_exact_polar_update_has_unit_singular_values(ref):
  p_np, _ = ref
  with jax.enable_x64(True):
    emb = softmax_memory.embedding("coupled", jnp.float64)
    W0 = jnp.zeros((K, K))
    G = jax.grad(softmax_memory.population_loss)(W0, jnp.asarray(p_np), emb)
    opt = optimizers.make("muon", 1.0)
    U = opt.update(G, opt.init(W0), W0)[0]
    s = np.asarray(jnp.linalg.svd(U, compute_uv=False))
    # In logit space the coupled direction is polar(X), as the decoupled one.
    S = np.asarray(emb.logits(U))
  assert np.abs(s[:K - 1] - 1).max() < 1e-8
  assert s[-1] < 1e-8
  assert np.abs(S - T.to_dense(T.polar(T.from_X(K, 200, ALPHA), K, 200), K, 200)).max() < 1e-9


# --------------------------------------------------- optimiser factory

def test_optax_muon_is_applied_to_exactly_the_named_leaves():
  rng = np.random.default_rng(0)
  params = {"a": jnp.asarray(rng.standard_normal((6, 4)), jnp.float32),
            "b": jnp.asarray(rng.standard_normal((5, 5)), jnp.float32),
            "c": jnp.asarray(rng.standard_normal((3,)), jnp.float32)}
  dims = {"a": optimizers.MuonDimensionNumbers(0, 1), "b": None, "c": None}
  muon = optimizers.make("muon_ns", 0.1, weight_dimension_numbers=dims, adam_b1=0.8,
                         adam_b2=0.95)
  adam = optax.adam(0.1, b1=0.8, b2=0.95)
  only_a = optax.contrib.scale_by_muon(beta=0.95, nesterov=False)
  s_m, s_a, s_o = muon.init(params), adam.init(params), only_a.init(params["a"])
  for step in range(3):
    grads = jax.tree.map(lambda x: jnp.asarray(rng.standard_normal(x.shape), x.dtype), params)
    u_m, s_m = muon.update(grads, s_m, params)
    u_a, s_a = adam.update(grads, s_a, params)
    u_o, s_o = only_a.update(grads["a"], s_o)
    for k in ("b", "c"):  # Adam leaves: exactly Adam's update
      np.testing.assert_allclose(np.asarray(u_m[k]), np.asarray(u_a[k]), rtol=1e-6, atol=1e-7)
    # The Muon leaf: -lr x the NS-orthogonalised momentum, not Adam's update.
    np.testing.assert_allclose(np.asarray(u_m["a"]), -0.1 * np.asarray(u_o), rtol=1e-5, atol=1e-6)
    assert np.abs(np.asarray(u_m["a"]) - np.asarray(u_a["a"])).max() > 1e-3
    s = np.linalg.svd(np.asarray(u_m["a"]) / 0.1, compute_uv=False)
    assert 0.5 < s.min() and s.max() < 1.5  # NS: singular values near 1


def test_optimizer_factory_names_and_options():
  with pytest.raises(ValueError, match="unknown optimizer 'lion'; known optimizers: "
                     + ", ".join(optimizers.NAMES)):
    optimizers.make("lion", 0.1)
  with pytest.raises(ValueError, match="optimizer 'adam' has no option.* beta"):
    optimizers.make("adam", 0.1, beta=0.9)
  assert optimizers.options("sgd_momentum") == {"momentum": 0.9}
  W = jnp.arange(1.0, 7.0).reshape(3, 2)  # entries that differ: normalized_gd divides by their std
  for name in optimizers.NAMES:
    opt = optimizers.make(name, 0.5)
    u, _ = opt.update({"W": W}, opt.init({"W": W}), {"W": W})
    assert u["W"].shape == W.shape and np.isfinite(np.asarray(u["W"])).all()
  with pytest.raises(ValueError, match="not a matrix"):
    opt = optimizers.make("muon", 0.5)
    opt.update({"v": jnp.ones(3)}, opt.init({"v": jnp.ones(3)}))


# ----------------------------------------------------- spectral metrics

@pytest.mark.parametrize("method", spectral.QUANTILE_METHODS)
def test_spectral_metrics_against_numpy(method):
  rng = np.random.default_rng(1)
  for n in ((1, 11, 40) if method == "linear" else (11,)):
    W = rng.standard_normal((n, n + 2)) * np.linspace(0.2, 2.0, n)[:, None]
    s = np.linalg.svd(W, compute_uv=False)
    q = s**2 / np.sum(s**2)
    out = spectral.spectral_metrics(jnp.asarray(W, jnp.float32), quantile_method=method)
    H = -np.sum(q * np.log(q))
    assert float(out["entropy"]) == pytest.approx(H / np.log(n) if n > 1 else 0.0, abs=1e-5)
    assert float(out["erank"]) == pytest.approx(np.exp(H), rel=1e-5)
    assert float(out["top10"]) == pytest.approx(q[:10].sum(), rel=1e-5)
    ratio = np.quantile(s**2, 0.75, method=method) / np.quantile(s**2, 0.25, method=method)
    assert float(out["q75_25"]) == pytest.approx(ratio, rel=1e-4)
    assert int(out["rank"]) == n
  # Rank-deficient: only singular values above rtol x sigma_max count.
  W = np.diag([3.0, 2.0, 1.0, 0.0, 0.0])
  out = spectral.spectral_metrics(jnp.asarray(W))
  q3 = np.array([9, 4, 1]) / 14
  assert int(out["rank"]) == 3
  assert float(out["erank"]) == pytest.approx(np.exp(-np.sum(q3 * np.log(q3))), rel=1e-5)
  # Isotropic: H = 1, eRank = n; W = 0: rank 0 and zeros (reported as missing).
  out = spectral.spectral_metrics(jnp.eye(20))
  assert float(out["entropy"]) == pytest.approx(1.0) and float(out["erank"]) == pytest.approx(20)
  assert float(out["q75_25"]) == pytest.approx(1.0) and float(out["top10"]) == pytest.approx(0.5)
  out = spectral.spectral_metrics(jnp.zeros((4, 4)))
  assert int(out["rank"]) == 0 and all(np.isfinite(float(out[k])) for k in spectral.METRICS)


# ------------------------------------------------------ heavy-tailed data

def test_group_law_and_sampling():
  groups, n, p = heavy_tail.group_law(6)
  assert len(groups) == 64 and groups[0] == 0 and groups[1] == 1 and list(groups[2:4]) == [2, 2]
  assert [int((groups == g).sum()) for g in range(7)] == [1] + [2 ** (g - 1) for g in range(1, 7)]
  mass = [p[groups == g].sum() for g in range(7)]
  assert np.allclose(mass[1:], mass[1]) and mass[0] == pytest.approx(2 * mass[1])
  assert n[0] == 64 and n[-1] == 1
  cdf = jnp.asarray(np.cumsum(p), jnp.float32).at[-1].set(1.0)
  idx = np.asarray(heavy_tail.sample_classes(jax.random.key(0), cdf, 400_000))
  freq = np.bincount(idx, minlength=64) / len(idx)
  assert np.abs(freq - p).max() < 5 * np.sqrt(p.max() / len(idx))


def test_xla_reduce_fusion_workaround_is_active():
  """jaxlib 0.10.2's fused dot + reduction reads uninitialised memory when an
  operand is a broadcast (assoc/_xla_flags.py); with assoc's flag it is
  exact."""
  E = jnp.ones((128, 128))
  out = jax.jit(lambda E: jnp.sum(E @ jnp.zeros((128, 512)), 1))(E)
  assert np.array_equal(np.asarray(out), np.zeros(128))
  out = jax.jit(lambda E: jax.nn.softmax(E @ jnp.full((128, 512), 1e-3)))(E)
  assert np.allclose(np.asarray(out), 1 / 512)
