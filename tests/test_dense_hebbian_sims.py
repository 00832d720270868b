"""Dense Hebbian learning and multitasking: the data, the learning and
multitasking trials against the derived theory at small N, the simulations
end to end through their entry points, and bad input
(docs/dense_hebbian.md)."""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from assoc import experiment
from assoc import patterns as pt
from assoc.hopfield import dense, learning
from configs import dense_hebbian_detection as dhd_config
from configs import dense_hebbian_lowload as dhl_config
from configs import dense_hebbian_temperature as dht_config
from configs import multitask_amplitudes as mt_config
from configs import multitask_learning as mtl_config
from configs import multitask_phase as mtp_config
from sims import (dense_hebbian_detection, dense_hebbian_lowload, dense_hebbian_temperature,
                  multitask_amplitudes, multitask_learning, multitask_phase)
from tests.conftest import records
from theory import dense_hebbian as dh
from theory import multitask as mt


def test_examples_and_diluted_archetypes():
  key = jax.random.key(0)
  xi = pt.diluted(key, 3, 20_000, 0.3)
  assert float(jnp.mean(xi == 0)) == pytest.approx(0.3, abs=0.01)
  assert float(jnp.mean(xi)) == pytest.approx(0.0, abs=0.01)
  eta = pt.examples(jax.random.fold_in(key, 1), xi, 5, 0.6)
  assert eta.shape == (3, 5, 20_000)
  assert bool(jnp.all((xi[:, None, :] == 0) == (eta == 0)))  # blanks stay blank
  chi = eta * xi[:, None, :]  # chi on the informative sites
  assert float(jnp.sum(chi) / jnp.sum(xi != 0) / 5) == pytest.approx(0.6, abs=0.01)
  # the first M examples do not depend on how many are drawn
  assert bool(jnp.all(pt.examples(jax.random.fold_in(key, 1), xi, 3, 0.6) == eta[:, :3]))


def test_real_valued_stored_vectors_give_the_exact_flip_difference():
  with jax.enable_x64(True):
    x = jax.random.normal(jax.random.key(1), (3, 10))
    sigma = jnp.sign(jax.random.normal(jax.random.key(2), (10,)))
    model = dense.polynomial(x, 4, binary=False)
    h = model.fields_from_overlaps(model.overlaps(sigma), sigma) * model.scale
    for i in range(10):
      dE = model.energy(sigma.at[i].set(-1.0)) - model.energy(sigma.at[i].set(1.0))
      assert float(dE) == pytest.approx(2 * float(h[i]), rel=1e-10, abs=1e-14)


def _trials(trial, seeds, *args, **static):
  keys = jax.vmap(lambda s: jax.random.fold_in(jax.random.key(7), s))(jnp.arange(seeds))
  return jax.jit(jax.vmap(functools.partial(trial, **static),
                          in_axes=(0,) + (None,) * len(args)))(keys, *args)


def test_low_load_supervised_overlap_against_theory():
  """P = 4, N = 1000, M = 11 (odd: no ties), K = 2, 16 seeds: m near the exact
  low-load value at rho = 0.2 and 10 (within 4 SE + 0.01 of finite-N bias)."""
  for rho in (0.2, 10.0):
    out = _trials(learning.learning_trial, 16, jnp.float32(dh.r_of_rho(rho, 11)), jnp.int32(11),
                  N=1000, K=2, M_max=11, P=4)
    m = np.asarray(out["m"])
    theory = float(dh.m_low_load(rho, 11))
    assert abs(m.mean() - theory) <= 4 * m.std() / np.sqrt(len(m)) + 0.01, (rho, m.mean(), theory)
    assert bool(jnp.all(out["converged"]))


def test_multitask_hierarchy_at_zero_temperature():
  """K = 3, N = 4000, random start: within 0.03 of the reference values
  (0.604, 0.242, 0.093) at d = .4 and (0.487, 0.263, 0.147) at d = .5."""
  for d, ref in ((0.4, (0.604, 0.242, 0.093)), (0.5, (0.487, 0.263, 0.147))):
    out = _trials(learning.multitask_trial, 6, jnp.float32(d), N=4000, K=3)
    np.testing.assert_allclose(np.asarray(out["m_sorted"]).mean(axis=0), ref, atol=0.03)
    np.testing.assert_allclose(mt.hierarchy(d, 3), ref, atol=0.03)


def test_lowload_smoke_numbers(smoke_run):
  """Supervised near the exact low-load overlap; at M = 1 the two protocols
  store the same memory, so their records are identical."""
  recs = records(smoke_run("dense_hebbian_lowload")[0])
  assert len(recs) == 2 * 2 * 2 * 2  # protocols x M x rho x seeds
  one = [{k: v for k, v in r.items() if k != "protocol"} for r in recs if r["M"] == 1]
  assert one[:4] == one[4:] and len(one) == 8
  sup = [r for r in recs if r["protocol"] == "supervised" and r["M"] == 11]
  for r in sup:
    assert r["m"] == pytest.approx(r["m_theory_binomial"], abs=0.25)
    assert r["m_theory"] == pytest.approx(float(dh.m_low_load(r["rho"])))
  assert np.mean([r["m"] for r in sup if r["rho"] == 0.2]) > 0.85
  assert all(r["theory_provenance"] == "derived" and r["converged"] for r in recs)


def test_supervised_and_unsupervised_storage_coincide_at_one_example():
  rows = [learning.stored_vectors(jnp.ones((2, 1, 5)) * jnp.array([1.0, -1, 1, 1, -1]), p, 1)
          for p in learning.PROTOCOLS]
  assert bool(jnp.all(rows[0][0] == rows[1][0])) and rows[0][1] == rows[1][1] == 1.0


def test_multitask_smoke_numbers(smoke_run):
  recs = records(smoke_run("multitask_amplitudes")[0])
  assert len(recs) == 2 * 2 and all(len(r["m_sorted"]) == 3 for r in recs)
  half = np.mean([r["m_sorted"] for r in recs if r["d"] == 0.5], axis=0)
  np.testing.assert_allclose(half, (0.5, 0.25, 0.125), atol=0.08)
  assert all(r["m_theory"] == pytest.approx(list(mt.hierarchy(r["d"], 3))) for r in recs)


@pytest.mark.parametrize("module,config,overrides,message", [
    (dense_hebbian_lowload, dhl_config, {"M": (10,)}, "config.M=10 is even"),
    (dense_hebbian_lowload, dhl_config, {"rho": (0.0,)}, "every dataset entropy must be > 0"),
    (dense_hebbian_lowload, dhl_config, {"protocol": ("both",)}, "config.protocol='both'"),
    (multitask_amplitudes, mt_config, {"d": (1.0,)}, "every dilution must be in [0, 1)"),
    (multitask_amplitudes, mt_config, {"T": 0.1}, "runs T = 0 dynamics only"),
    (multitask_learning, mtl_config, {"r": (1.2,)}, "config.r: every example quality must be in "
     "(0, 1], got 1.2"),
    (multitask_learning, mtl_config, {"d": 1.0}, "config.d (the dilution) must be in [0, 1)"),
    (multitask_phase, mtp_config, {"d": (-0.1,)}, "every dilution must be in [0, 1)"),
    (multitask_phase, mtp_config, {"T": (0.0,)}, "every temperature must be > 0"),
    (dense_hebbian_temperature, dht_config, {"M": 50}, "config.M=50 is even"),
    (dense_hebbian_detection, dhd_config, {"N": (100,)}, "config.P, config.N and config.alpha "
     "pair up"),
])
def test_bad_configs(tmp_path, module, config, overrides, message):
  c = config.get_config("smoke")
  for k, v in overrides.items():
    setattr(c, k, v)
  with pytest.raises(experiment.ConfigError) as e:
    module.run(c, str(tmp_path))
  assert message in str(e.value) and "\n" not in str(e.value)


def test_supervised_high_load_against_the_reference_row():
  """P = 4, N = 100, M = 51, rho = 0.2 (docs/dense_hebbian.md §10): Monte
  Carlo within 0.05 of the reference values 0.93, 0.90, 0.90 at alpha =
  0.002, 0.004, 0.006, and retrieval persisting past the RS alpha_c =
  0.0066 at this N (m > 0.5 at alpha = 0.009)."""
  r = jnp.float32(dh.r_of_rho(0.2, 51))
  for alpha, ref in ((0.002, 0.93), (0.004, 0.90), (0.006, 0.90), (0.009, None)):
    out = _trials(learning.capacity_trial, 8, r, jnp.int32(round(alpha * 100**3)), N=100,
                  K=9000, M=51, P=4)
    m = float(jnp.mean(out["m"]))
    if ref is None:
      assert m > 0.5 and dh.zero_t_overlaps(alpha, 0.2, 4)[0] == 0.0
    else:
      assert m == pytest.approx(ref, abs=0.05), (alpha, m)


def test_class_averages_are_binomial():
  from scipy import stats
  avg = pt.class_averages(jax.random.key(3), jnp.ones((2, 40_000)), 11, 0.3)
  B = np.round((np.asarray(avg).ravel() * 11 + 11) / 2).astype(int)
  np.testing.assert_allclose(np.bincount(B, minlength=12) / B.size,
                             stats.binom.pmf(np.arange(12), 11, 0.65), atol=4e-3)


def test_capacity_smoke_numbers(smoke_run):
  workdir = smoke_run("dense_hebbian_capacity")[0]
  recs = records(workdir)
  assert {(r["alpha"], r["K"]) for r in recs} == {(0.004, 108), (0.03, 810)}
  low = [r["m"] for r in recs if r["alpha"] == 0.004]
  assert np.mean(low) > 0.7
  assert all(r["alpha_c_theory"] == pytest.approx(dh.alpha_c(4, 0.2)) for r in recs)
  caps = records_of(workdir / "capacity.jsonl")
  assert caps[0]["alpha_c_distinct"] == pytest.approx(dh.alpha_c(4, 0.2, "distinct"))


def records_of(path):
  import json
  with open(path) as f:
    return [json.loads(line) for line in f]


# ------------------------------------------------------------- structured data

def _write_idx(path, array, magic, gz):
  import gzip
  header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in array.shape)
  data = header + array.astype(np.uint8).tobytes()
  with (gzip.open(path, "wb") if gz else open(path, "wb")) as f:
    f.write(data)


@pytest.mark.parametrize("gz", [False, True])
def test_mnist_reader_on_a_tiny_idx_pair(tmp_path, gz):
  """A 30-image IDX pair written here: shapes, labels, binarisation (half of
  255), pooling, and one smoke retrieval through the digits trial."""
  from assoc import digits
  rng = np.random.default_rng(0)
  images = rng.integers(0, 256, size=(30, 28, 28))
  images[:, 0, 0] = 0  # a pixel constant over the set: dropped
  labels = np.arange(30) % 3
  suffix = ".gz" if gz else ""
  _write_idx(tmp_path / f"x{suffix}", images, 2051, gz)
  _write_idx(tmp_path / f"y{suffix}", labels, 2049, gz)
  X, y = digits.load_mnist(str(tmp_path / f"x{suffix}"), str(tmp_path / f"y{suffix}"))
  assert X.shape == (30, 28 * 28 - 1) and set(np.unique(X)) == {-1.0, 1.0}
  np.testing.assert_array_equal(y, labels)
  expected = np.where(images.reshape(30, -1)[:, 1:] >= 127.5, 1.0, -1.0)
  np.testing.assert_array_equal(X, expected)
  X2, _ = digits.load_mnist(str(tmp_path / f"x{suffix}"), str(tmp_path / f"y{suffix}"), pool=2)
  assert X2.shape[1] <= 14 * 14
  out = learning.digits_trial(jax.random.key(0), jnp.int32(2), X=X, y=y, P=4, M_max=3,
                              n_test=2, num_classes=3)
  assert 0 <= float(out["accuracy"]) <= 1 and np.isfinite(float(out["m"]))


def test_mnist_reader_errors_name_the_file(tmp_path):
  from assoc import digits
  with pytest.raises(ValueError, match="no such file"):
    digits.load_mnist(str(tmp_path / "missing.npz"))
  bad = tmp_path / "bad"
  bad.write_bytes(b"\x00\x00\x08\x07" + b"\x00" * 12)
  with pytest.raises(ValueError, match=r"bad: not an IDX file of MNIST images or labels"):
    digits.load_mnist(str(bad), str(bad))
  short = tmp_path / "short"
  _write_idx(short, np.zeros((2, 4, 4)), 2051, False)
  short.write_bytes(short.read_bytes()[:-3])
  with pytest.raises(ValueError, match="IDX header says"):
    digits.read_idx(str(short))
  np.savez(tmp_path / "xy.npz", x=np.zeros((3, 4, 4)))
  with pytest.raises(ValueError, match="missing y"):
    digits.load_mnist(str(tmp_path / "xy.npz"))


def test_digits_smoke_numbers(smoke_run):
  """P = 6 beats P = 2 and the raw images set the baseline (~0.8)."""
  recs = records(smoke_run("digits_dense")[0])
  assert all(r["N"] == 61 for r in recs)
  acc = {P: np.mean([r["accuracy"] for r in recs if r["P"] == P and r["M"] == 10]) for P in (2, 6)}
  assert acc[6] - acc[2] > 0.25, acc
  assert 0.65 < np.mean([r["baseline_accuracy"] for r in recs]) < 0.95


def test_digits_bad_config(tmp_path):
  from configs import digits_dense as dd_config
  from sims import digits_dense
  c = dd_config.get_config("smoke")
  c.dataset = "mnist"
  with pytest.raises(experiment.ConfigError, match="config.mnist_path: dataset 'mnist' reads a "
                     "file you supply"):
    digits_dense.run(c, str(tmp_path))
  c.mnist_path = str(tmp_path / "nope.npz")
  with pytest.raises(experiment.ConfigError, match="no such file"):
    digits_dense.run(c, str(tmp_path))


@pytest.fixture(scope="module", autouse=True)
def _smoke_runs(smoke_run):
  """This module's smoke runs through their entry points, two at a time."""
  smoke_run.prefetch(("digits_dense", "dense_hebbian_lowload", "dense_hebbian_temperature",
                      "dense_hebbian_capacity", "multitask_phase", "dense_hebbian_detection",
                      "multitask_learning", "multitask_amplitudes"))


@pytest.fixture(scope="module")
def new_smoke_runs(smoke_run):
  """Records of the D4, D5, D7 and D8 smoke runs."""
  names = ("dense_hebbian_temperature", "multitask_phase", "dense_hebbian_detection",
           "multitask_learning")
  return {name: records(smoke_run(name)[0]) for name in names}


def test_detection_and_temperature_smoke_numbers(new_smoke_runs):
  """D4: at rho = 0.2 both networks retrieve, m within 4 SE + 0.05 of the
  derived RS state; D5: at N = 30 retrieval holds at T = 0.03 and is lost at T = 0.1,
  above the spinodal T_s = 0.0826."""
  det = new_smoke_runs["dense_hebbian_detection"]
  assert len(det) == 2 * 2 * 4
  for P in (2, 4):
    sel = [r for r in det if r["P"] == P and r["rho"] == 0.2]
    m = np.array([r["m"] for r in sel])
    assert abs(m.mean() - sel[0]["m_theory"]) <= 4 * m.std(ddof=1) / 2 + 0.05, (P, m)
    assert all(r["sqrt_rho_m"] == pytest.approx(np.sqrt(r["rho"]) * r["m"]) for r in sel)
  tem = new_smoke_runs["dense_hebbian_temperature"]
  cold = np.mean([r["m"] for r in tem if r["T"] == 0.02])
  hot = np.mean([r["m"] for r in tem if r["T"] == 0.1])
  assert cold > 0.6 and abs(hot) < 0.3, (cold, hot)
  assert tem[0]["T_M_theory"] == pytest.approx(dh.retrieval_temperature(0.001, rho=0.2))


def test_multitask_phase_and_learning_smoke_numbers(new_smoke_runs):
  """D7: hierarchical near the derived (0.70, 0.21, 0.046) at d = 0.3, T =
  0.05 and
  ergodic above T_c = 1 - d (Monte Carlo and theory); D8: supervised and
  unsupervised store the same memory at M = 1 (identical records) and m_1
  grows with M."""
  ph = new_smoke_runs["multitask_phase"]
  low = [r for r in ph if r["d"] == 0.3 and r["T"] == 0.05]
  np.testing.assert_allclose(np.mean([r["m_sorted"] for r in low], axis=0),
                             low[0]["m_theory"], atol=0.1)
  np.testing.assert_allclose(low[0]["m_theory"], (0.70, 0.21, 0.046), atol=2e-3)
  assert all(r["state"] == r["state_theory"] == "hierarchical" for r in low)
  hot = [r for r in ph if r["d"] == 0.7 and r["T"] == 0.5]
  assert all(r["state"] == r["state_theory"] == "ergodic" for r in hot)
  ln = new_smoke_runs["multitask_learning"]
  one = {p: [r["m_sorted"] for r in ln if r["M"] == 1 and r["protocol"] == p]
         for p in ("supervised", "unsupervised")}
  assert one["supervised"] == one["unsupervised"]
  sup = {M: np.mean([r["m_sorted"][0] for r in ln if r["M"] == M]) for M in (1, 10)}
  assert sup[10] > sup[1] + 0.1, sup
