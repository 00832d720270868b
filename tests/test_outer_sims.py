"""End to end: every outer-product simulation on its smoke preset through its
real entry point (one subprocess each), with numbers asserted against the
theory where it is exact."""

import json

import numpy as np
import pytest

from tests.conftest import records
from theory import scaling_laws as sl

SIMS = ("outer_product_scaling", "outer_overflow", "outer_matrix", "outer_grid",
        "outer_sgd_map", "outer_embeddings")


@pytest.fixture(scope="module")
def smoke(smoke_run):
  """Each simulation's smoke run, once: {name: (workdir, process)}."""
  return {name: smoke_run(name) for name in SIMS}


def _fits(workdir):
  return [json.loads(line) for line in open(workdir / "fits.jsonl")]


def test_scaling_smoke(smoke):
  workdir, proc = smoke["outer_product_scaling"]
  recs = records(workdir)
  # (fill, weighted, threshold x 2 P_div) x d in {10, 50} x T in {10, 100, None} x 2 trials
  assert len(recs) == 4 * 2 * 3 * 2
  assert "48/48 records (100%)" in proc.stderr
  assert list(recs[0])[:9] == ["N", "M", "alpha", "scheme", "P_div", "rho", "d", "T", "seed"]
  p, f = sl.zipf(100, 2.0), sl.labels(100, 5)
  for r in recs:
    assert 0 <= r["error"] <= 1 and r["num_stored"] <= r["num_seen"]
    assert r["unseen_mass"] == pytest.approx(sl.unseen_mass(p, r["T"]))
    if r["T"] is None:
      assert r["num_seen"] == 100 and r["predicted_error"] is not None
    else:
      assert r["num_seen"] <= r["T"] and r["predicted_error"] is None
    if r["scheme"] == "threshold":
      P = r["d"] // r["P_div"]
      assert r["num_stored"] == min(P, r["num_seen"])
      assert r["tail_mass"] == pytest.approx(sl.tail_mass(p, P))
      if P == 0:  # W = 0: every token goes to class 0
        assert r["error"] == pytest.approx(sl.error_all_to_class(p, f), abs=1e-6)
      assert r["exponent_d"] == -1.0 and r["exponent_T"] == -0.5
    elif r["scheme"] == "fill":
      assert r["num_stored"] == r["num_seen"] and r["exponent_d"] is None
  fits = _fits(workdir)
  assert {(f["axis"], f["scheme"]) for f in fits} >= {("d", "threshold"), ("T", "weighted")}
  for fit in fits:
    assert np.isfinite(fit["slope"]) and fit["num_trials"] == 2


def test_overflow_smoke(smoke):
  """Tokens seen match sum_x 1 - (1 - p)^T within 4 standard errors; at
  d = 10 with ~85 seen tokens the memory overflows (mean error > 0.25),
  while d = 100 holds the few tokens of T = 10 (each record's error is the
  p-mass it gets wrong: at most 1)."""
  workdir, _ = smoke["outer_overflow"]
  recs = records(workdir)
  assert len(recs) == 2 * 2 * 4 and {r["scheme"] for r in recs} == {"fill"}
  p = sl.zipf(100, 2.0)
  for T in (10, 10_000):
    seen = np.array([r["num_seen"] for r in recs if r["T"] == T and r["d"] == 10])
    assert abs(seen.mean() - sl.expected_seen(p, T)) < 4 * max(seen.std(), 1) / np.sqrt(4)
    assert all(r["num_stored"] == r["num_seen"] for r in recs)
  overflow = np.mean([r["error"] for r in recs if r["d"] == 10 and r["T"] == 10_000])
  assert overflow > 0.25


def test_matrix_smoke(smoke):
  workdir, _ = smoke["outer_matrix"]
  recs = records(workdir)
  assert len(recs) == 2 * 10 * 5  # rho x token x class, 1 trial
  for rho in (0.0, 1.0):
    rows = [r for r in recs if r["rho"] == rho]
    for x in range(10):
      probs = [r["prob"] for r in rows if r["x"] == x]
      assert sum(probs) == pytest.approx(1.0, abs=1e-5)
      row = [r for r in rows if r["x"] == x]
      assert all(r["stored"] == (r["count"] > 0) for r in row)
      assert sum(r["correct"] for r in row) == 1
    assert sum(r["count"] for r in rows if r["y"] == 0) == 1000  # T samples
  assert recs[0]["p"] == pytest.approx(sl.zipf(10, 1.0)[0])


def test_grid_smoke(smoke):
  """Records per recorded T, T = step |B|; Adam(β = 0) and SGD both learn
  (error below W_0's and falling from T = 1024 to 2048 on average)."""
  workdir, _ = smoke["outer_grid"]
  recs = records(workdir)
  assert len(recs) == 2 * 2 * 2 * 2 * 2  # d x optimizer x B x T x seeds
  p = sl.zipf(100, 2.0)
  for r in recs:
    assert r["T"] == r["step"] * r["B"] and r["T"] in (1024, 2048)
    assert r["unseen_mass"] == pytest.approx(sl.unseen_mass(p, r["T"]))
    assert 0 <= r["error"] < 0.36  # W_0 alone gets ~0.6-0.8 wrong
  for opt in ("sgd", "adam"):
    for T in (1024, 2048):
      assert np.mean([r["loss"] for r in recs if r["optimizer"] == opt and r["T"] == T]) < 1.0
  early = np.mean([r["loss"] for r in recs if r["T"] == 1024])
  late = np.mean([r["loss"] for r in recs if r["T"] == 2048])
  assert late < early
  data = {}  # the same stream for every optimiser and |B| at a (d, seed)
  for r in recs:
    assert 0 <= r["error_unseen"] <= min(r["error"], r["unseen_mass_data"]) + 1e-7
    data.setdefault((r["d"], r["seed"], r["T"]), set()).add(r["unseen_mass_data"])
  assert all(len(v) == 1 for v in data.values())
  tuned = [f for f in _fits(workdir) if f["axis"] == "d" and not f["tuned"]]
  assert tuned and all(f["slope"] < 0 for f in tuned)  # larger d, smaller error


def test_sgd_map_smoke(smoke):
  """From W_0 = 0 every token goes to class 0, for real SGD and for the Eq. 16
  map alike: step 0 is exactly 1 - p(class 0). Full-batch records have
  T = null. SGD learns (F-i after 10 steps, F-k after 200) and its gradient
  shrinks as it stores (F-j)."""
  workdir, _ = smoke["outer_sgd_map"]
  recs = records(workdir)
  for r in recs:
    if r["step"] == 0:
      p = sl.zipf(r["N"], r["alpha"])
      exact = sl.error_all_to_class(p, sl.labels(r["N"], r["M"]))
      assert r["error"] == pytest.approx(exact, abs=1e-6)
      assert r["error_eq16"] == pytest.approx(exact, abs=1e-6)
    assert (r["T"] is None) == (r["B"] == 0)
    assert r["grad_std"] > 0
  def mean(key, **match):
    return np.mean([r[key] for r in recs if all(r[k] == v for k, v in match.items())])

  assert mean("error", B=1000, step=10) < 0.7 * mean("error", B=1000, step=0)
  assert mean("error", B=1, gamma=10.0, step=200) < 0.5 * mean("error", B=1, gamma=10.0, step=0)
  assert mean("grad_std", B=0, step=10) < 0.5 * mean("grad_std", B=0, step=0)
  assert len(recs) == 3 * (3 + 3 + 3 * 3)  # seeds x (F-i, F-j, F-k x 3) x steps


def test_embeddings_smoke(smoke):
  """d = 2, E, W, U learned: two classes are learned quickly (error < 0.02
  after 50 steps), 50 classes are not (error > 0.02)."""
  workdir, _ = smoke["outer_embeddings"]
  recs = records(workdir)
  assert len(recs) == 2 * 2 * 2  # M x steps x seeds
  two = [r["error"] for r in recs if r["M"] == 2 and r["step"] == 50]
  fifty = [r["error"] for r in recs if r["M"] == 50 and r["step"] == 50]
  assert max(two) < 0.02 < min(fifty)
  assert all(r["T"] == r["step"] * 1000 for r in recs)


def test_embeddings_scatter_smoke(smoke):
  """The scatter trials (M = 5, d = 2, 50 steps in smoke): arrays of the
  right shapes, and the training error computed two ways agrees: the
  figure's decision regions at the saved e_x are the model's own argmax
  predictions, and their p-weighted mismatch is the recorded error."""
  from paper_figs import outer_embeddings as fig
  workdir, proc = smoke["outer_embeddings"]
  trials = fig.load_scatter(str(workdir))
  assert [t["seed"] for t in trials] == [0, 1] and "scatter trials 2/2" in proc.stderr
  p = sl.zipf(100, 2.0)
  for t in trials:
    assert (t["M"], t["d"], t["steps"], t["T"], t["gamma"]) == (5, 2, 50, 50_000, 1e-3)
    E, W, U = (np.asarray(t[k]) for k in ("E", "W", "U"))
    assert E.shape == (100, 2) and W.shape == (2, 2) and U.shape == (5, 2)
    np.testing.assert_allclose(t["p"], p, rtol=1e-5)
    assert t["label"] == [x % 5 for x in range(100)]
    np.testing.assert_array_equal(fig.decision_regions(E, W, U), t["prediction"])
    assert fig.regions_error(t) == pytest.approx(t["error"], abs=1e-6)
    assert 0 < t["error"] < 1 and np.isfinite(t["loss"])
  assert not np.allclose(trials[0]["E"], trials[1]["E"])  # two trials, two draws
