"""MQAR data (docs/pavlovian.md §4): the invariants of every example, the law
of the query gaps, determinism, one-line errors, and the NumPy path against
the reference generator bit for bit."""

import importlib.util
import os
import sys
import types
from pathlib import Path

import jax
import numpy as np
import pytest
from scipy import stats

from assoc.data import mqar

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("ASSOC_PEERS", ROOT.parent / "shared" / "peers")) / "zoology" / \
    "multiquery_ar.py"


def _check_invariants(inputs, labels, V, L, N, P, random_non_queries):
  inputs, labels = np.asarray(inputs), np.asarray(labels)
  E = inputs.shape[0]
  C = 2 * N * P
  half = V // 2
  assert inputs.shape == labels.shape == (E, L)
  assert inputs.dtype == labels.dtype == np.int32
  for e in range(E):
    keys, values = inputs[e, 0:2 * N:2], inputs[e, 1:2 * N:2]
    assert len(set(keys)) == N and len(set(values)) == N          # distinct
    assert np.all((1 <= keys) & (keys < half)) and np.all((half <= values) & (values < V))
    assert np.array_equal(inputs[e, :C], np.tile(inputs[e, :2 * N], P))  # the tiled context
    where = np.nonzero(labels[e] != mqar.IGNORE)[0]
    assert len(where) == N                                        # one label per key
    assert np.all(where >= C) and np.all((where - C) % 2 == 0)    # even offsets from C
    answer = dict(zip(keys, values))
    assert sorted(inputs[e, where]) == sorted(keys)               # every key queried once
    assert all(labels[e, i] == answer[inputs[e, i]] for i in where)
    assert np.all(labels[e][labels[e] != mqar.IGNORE] >= half)
    if not random_non_queries:
      rest = np.ones(L, bool)
      rest[:C] = False
      rest[where] = False
      assert np.all(inputs[e, rest] == 0)


@pytest.mark.parametrize("V,L,N,P", [(32, 16, 2, 1), (8192, 128, 16, 2)])
def test_invariants_of_every_example(V, L, N, P):
  for random_non_queries in (False, True):
    kw = dict(vocab_size=V, num_examples=20, input_seq_len=L, num_kv_pairs=N, num_passes=P,
              random_non_queries=random_non_queries)
    _check_invariants(*mqar.multiquery_ar(jax.random.key(1), **kw), V, L, N, P,
                      random_non_queries)
    _check_invariants(*mqar.multiquery_ar_numpy(1, **kw), V, L, N, P, random_non_queries)


def test_deterministic_and_seeds_differ():
  kw = dict(vocab_size=256, num_examples=50, input_seq_len=64, num_kv_pairs=8)
  a, b = mqar.multiquery_ar(jax.random.key(3), **kw), mqar.multiquery_ar(jax.random.key(3), **kw)
  assert all(np.array_equal(x, y) for x, y in zip(a, b))
  c = mqar.multiquery_ar(jax.random.key(4), **kw)
  assert not np.array_equal(a[0], c[0])
  # train and test sets from disjoint keys share no example
  train = {tuple(row) for row in np.asarray(a[0])}
  assert not train & {tuple(row) for row in np.asarray(c[0])}


def test_gap_law_chi_square():
  """The first query gap g_1 (weights (g + 1)^(a - 1)) in the jax generator:
  chi-square goodness of fit against the law of the first of N successive
  draws, which is the weight law itself; a wrong law is rejected."""
  V, L, N, a = 256, 64, 1, 0.3
  inputs, labels = mqar.multiquery_ar(jax.random.key(5), vocab_size=V, num_examples=20_000,
                                      input_seq_len=L, num_kv_pairs=N, power_a=a,
                                      random_non_queries=False)
  first = np.argmax(np.asarray(labels) != mqar.IGNORE, axis=1)
  gaps = (first - 2 * N) // 2
  p = mqar.gap_weights(L, N, 1, a)
  observed = np.bincount(gaps, minlength=len(p))
  assert stats.chisquare(observed, p * len(gaps)).pvalue > 1e-3
  uniform = np.full(len(p), 1 / len(p))
  assert stats.chisquare(observed, uniform * len(gaps)).pvalue < 1e-6


@pytest.mark.parametrize("kw,message", [
    (dict(input_seq_len=15), "input_seq_len must be even"),
    (dict(vocab_size=64), "vocab_size must exceed input_seq_len"),
    (dict(num_kv_pairs=17), "2 N P + 2 N <= L is needed"),
    (dict(num_passes=0), "num_passes must be an integer >= 1"),
])
def test_bad_arguments_are_one_line_errors(kw, message):
  args = dict(vocab_size=256, num_examples=4, input_seq_len=64, num_kv_pairs=8)
  args.update(kw)
  for make in (lambda: mqar.multiquery_ar(jax.random.key(0), **args),
               lambda: mqar.multiquery_ar_numpy(0, **args)):
    with pytest.raises(ValueError) as e:
      make()
    assert message in str(e.value) and "\n" not in str(e.value)


def _reference_transcript(seed, V, E, L, N, a=0.01):
  """The reference's drawing sequence (num_passes = 1, no random fillers),
  written out with the global NumPy generator as the reference file does."""
  np.random.seed(seed)
  C = 2 * N
  keys = np.apply_along_axis(np.random.choice, 1, np.tile(np.arange(1, V // 2), (E, 1)),
                             replace=False, size=N)
  values = np.apply_along_axis(np.random.choice, 1, np.tile(np.arange(V // 2, V), (E, 1)),
                               replace=False, size=N)
  kvs = np.zeros((E, C), np.int64)
  kvs[:, 0::2], kvs[:, 1::2] = keys, values
  space = (L - C) // 2
  p = a * np.arange(1, space + 1) ** (a - 1)
  p = p / p.sum()
  gaps = np.apply_along_axis(np.random.choice, 1, np.stack([np.arange(space)] * E),
                             replace=False, p=p, size=N)
  queries = np.zeros((E, L - C + 1), np.int64)
  np.put_along_axis(queries, gaps * 2, keys, axis=1)
  labels = np.full((E, L + 1), -100, np.int64)
  np.put_along_axis(labels, gaps * 2 + C + 1, values, axis=1)
  return np.concatenate([kvs, queries], axis=1)[:, :-1], labels[:, 1:]


CASES = [(0, 8192, 7, 64, 4), (5, 64, 5, 32, 6), (123, 300, 9, 256, 16)]


@pytest.mark.parametrize("seed,V,E,L,N", CASES)
def test_numpy_path_is_the_reference_drawing_sequence(seed, V, E, L, N):
  inputs, labels = mqar.multiquery_ar_numpy(seed, vocab_size=V, num_examples=E, input_seq_len=L,
                                            num_kv_pairs=N, random_non_queries=False)
  ref_inputs, ref_labels = _reference_transcript(seed, V, E, L, N)
  assert np.array_equal(inputs, ref_inputs) and np.array_equal(labels, ref_labels)


@pytest.mark.skipif(not REFERENCE.exists(), reason=f"the reference file is not at {REFERENCE} "
                    "(set ASSOC_PEERS to the directory that holds zoology/multiquery_ar.py)")
@pytest.mark.parametrize("seed,V,E,L,N", CASES)
def test_numpy_path_equals_the_reference_file(seed, V, E, L, N, monkeypatch):
  """The reference file itself, run with minimal stand-ins for torch (only
  torch.tensor is used without random fillers) and zoology's classes."""
  torch = types.ModuleType("torch")
  torch.tensor = np.asarray
  config = types.ModuleType("zoology.config")
  config.DataSegmentConfig = object
  utils = types.ModuleType("zoology.data.utils")
  utils.DataSegment = lambda inputs, labels, slices=None: (inputs, labels)
  for name, module in (("torch", torch), ("zoology", types.ModuleType("zoology")),
                       ("zoology.config", config), ("zoology.data", types.ModuleType("z.d")),
                       ("zoology.data.utils", utils)):
    monkeypatch.setitem(sys.modules, name, module)
  spec = importlib.util.spec_from_file_location("zoology_multiquery_ar", REFERENCE)
  reference = importlib.util.module_from_spec(spec)
  spec.loader.exec_module(reference)
  ref_inputs, ref_labels = reference.multiquery_ar(vocab_size=V, num_examples=E,
                                                   input_seq_len=L, seed=seed, num_kv_pairs=N,
                                                   random_non_queries=False)
  inputs, labels = mqar.multiquery_ar_numpy(seed, vocab_size=V, num_examples=E, input_seq_len=L,
                                            num_kv_pairs=N, random_non_queries=False)
  assert np.array_equal(inputs, ref_inputs) and np.array_equal(labels, ref_labels)
