"""Multi-query associative recall (MQAR; Arora, Eyuboglu et al., "Zoology:
Measuring and improving recall in efficient language models", ICLR 2024,
arXiv 2312.04927; docs/pavlovian.md §4).

An example of length L: N key-value pairs k_1 v_1 ... k_N v_N (keys distinct,
from the lower half of the vocabulary without 0; values distinct, from the
upper half), tiled P times (the context, C = 2NP tokens), then a query
region in which every key appears once, at an even offset 2 g_i from C. The
N gaps g are distinct, drawn without replacement from {0, ..., space - 1},
space = (L - C) // 2, with weights proportional to (g + 1)^(a - 1) (early
queries favoured). The label of the input position that holds query k_i is
v_i; every other label is -100. Values never follow their queries, so the
model must recall them. With `random_non_queries` every 0 of the inputs
(the filler of the query region) becomes a uniform token of [0, V): it may
be 0 again, or a stored key or value.

`multiquery_ar` draws in `jax.random` (Gumbel-top-k for the weighted draw
without replacement: the same law as successive draws, not the same bits);
`multiquery_ar_numpy` reproduces the reference generator (HazyResearch/
zoology, zoology/data/multiquery_ar.py) bit for bit for the same seed with
random_non_queries=False: NumPy's legacy generator, seeded once, draws the
keys of every example, then the values, then the gaps. (The reference takes
its random fillers from an unseeded torch generator, and fails for
num_passes > 1; here the context is tiled P times as described above.)
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

IGNORE = -100  # the label of unlabelled positions


def check(vocab_size: int, input_seq_len: int, num_kv_pairs: int, num_passes: int = 1,
          power_a: float = 0.01, num_examples: int = 1) -> None:
  """One-line ValueErrors naming the violated constraint."""
  for name, value in (("vocab_size", vocab_size), ("input_seq_len", input_seq_len),
                      ("num_kv_pairs", num_kv_pairs), ("num_passes", num_passes),
                      ("num_examples", num_examples)):
    if not (isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 1):
      raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
  if input_seq_len % 2:
    raise ValueError(f"input_seq_len must be even (keys and queries sit at even offsets), "
                     f"got {input_seq_len}")
  if vocab_size <= input_seq_len:
    raise ValueError(f"vocab_size must exceed input_seq_len (the reference's constraint), got "
                     f"vocab_size={vocab_size} <= input_seq_len={input_seq_len}")
  if 2 * num_kv_pairs * num_passes + 2 * num_kv_pairs > input_seq_len:
    raise ValueError(f"2 N P + 2 N <= L is needed (context and one query per key), got N="
                     f"{num_kv_pairs}, P={num_passes}, L={input_seq_len}: "
                     f"{2 * num_kv_pairs * (num_passes + 1)} > {input_seq_len}")
  if num_kv_pairs > vocab_size // 2 - 1:
    raise ValueError(f"num_kv_pairs={num_kv_pairs} distinct keys need vocab_size // 2 - 1 >= "
                     f"N key tokens, got vocab_size={vocab_size}")
  if not (isinstance(power_a, (int, float)) and power_a > 0):
    raise ValueError(f"power_a must be > 0, got {power_a!r}")


def gap_weights(input_seq_len: int, num_kv_pairs: int, num_passes: int = 1,
                power_a: float = 0.01) -> np.ndarray:
  """The law of a query gap g in {0, ..., space - 1}: (g + 1)^(a - 1),
  normalised (as the reference computes it)."""
  space = (input_seq_len - 2 * num_kv_pairs * num_passes) // 2
  p = power_a * np.arange(1, space + 1) ** (power_a - 1)
  return p / p.sum()


def _assemble(keys, values, gaps, L: int, P: int, xp):
  """(inputs, labels) from keys, values and gaps (E, N), in NumPy or jnp."""
  E, N = keys.shape
  C = 2 * N * P
  kv = xp.stack([keys, values], axis=-1).reshape(E, 2 * N)
  context = xp.tile(kv, (1, P))
  rows = xp.arange(E)[:, None]
  if xp is np:
    queries = np.zeros((E, L - C + 1), np.int64)
    queries[rows, 2 * gaps] = keys
    labels = np.full((E, L + 1), IGNORE, np.int64)
    labels[rows, 2 * gaps + C + 1] = values
  else:
    queries = jnp.zeros((E, L - C + 1), jnp.int32).at[rows, 2 * gaps].set(keys)
    labels = jnp.full((E, L + 1), IGNORE, jnp.int32).at[rows, 2 * gaps + C + 1].set(values)
  sequence = xp.concatenate([context, queries], axis=1)
  return sequence[:, :-1], labels[:, 1:]


def multiquery_ar(key: jax.Array, *, vocab_size: int, num_examples: int, input_seq_len: int,
                  num_kv_pairs: int, num_passes: int = 1, power_a: float = 0.01,
                  random_non_queries: bool = True) -> tuple[jax.Array, jax.Array]:
  """MQAR examples in jax.random (see the module docstring): (inputs,
  labels), int32 of shape (num_examples, input_seq_len), labels -100 where
  unlabelled. Deterministic in `key`; the same law as the reference, not
  its bits (`multiquery_ar_numpy` for those)."""
  check(vocab_size, input_seq_len, num_kv_pairs, num_passes, power_a, num_examples)
  return _multiquery_ar(key, vocab_size, num_examples, input_seq_len, num_kv_pairs, num_passes,
                        float(power_a), bool(random_non_queries))


@functools.partial(jax.jit, static_argnums=tuple(range(1, 8)))
def _multiquery_ar(key, V, E, L, N, P, power_a, random_non_queries):
  half = V // 2
  k_keys, k_values, k_gaps, k_fill = (jax.random.fold_in(key, i) for i in range(4))

  def distinct(k, n_items, n):
    # n distinct items of n_items, uniformly, in a uniformly random order
    return jax.lax.top_k(jax.random.uniform(k, (E, n_items)), n)[1]

  keys = 1 + distinct(k_keys, half - 1, N)
  values = half + distinct(k_values, V - half, N)
  log_p = jnp.log(jnp.asarray(gap_weights(L, N, P, power_a), jnp.float32))
  gumbel = jax.random.gumbel(k_gaps, (E, log_p.shape[0]))
  gaps = jax.lax.top_k(log_p + gumbel, N)[1]  # successive draws without replacement, in order
  inputs, labels = _assemble(keys.astype(jnp.int32), values.astype(jnp.int32), gaps, L, P, jnp)
  if random_non_queries:
    fill = jax.random.randint(k_fill, inputs.shape, 0, V, jnp.int32)
    inputs = jnp.where(inputs == 0, fill, inputs)
  return inputs.astype(jnp.int32), labels.astype(jnp.int32)


def multiquery_ar_numpy(seed: int, *, vocab_size: int, num_examples: int, input_seq_len: int,
                        num_kv_pairs: int, num_passes: int = 1, power_a: float = 0.01,
                        random_non_queries: bool = True) -> tuple[np.ndarray, np.ndarray]:
  """MQAR examples equal bit for bit to the reference generator for the same
  seed with random_non_queries=False (see the module docstring). With
  random_non_queries the fillers are drawn from the same NumPy generator
  after the gaps (the reference's come from an unseeded torch generator).
  Returns int32 (inputs, labels) like `multiquery_ar`."""
  V, E, L, N, P = vocab_size, num_examples, input_seq_len, num_kv_pairs, num_passes
  check(V, L, N, P, power_a, E)
  rs = np.random.RandomState(seed)  # the legacy generator np.random.seed(seed) seeds
  half = V // 2
  key_choices, value_choices = np.arange(1, half), np.arange(half, V)
  keys = np.stack([rs.choice(key_choices, replace=False, size=N) for _ in range(E)])
  values = np.stack([rs.choice(value_choices, replace=False, size=N) for _ in range(E)])
  p = gap_weights(L, N, P, power_a)
  space = np.arange(len(p), dtype=int)
  gaps = np.stack([rs.choice(space, replace=False, p=p, size=N) for _ in range(E)])
  inputs, labels = _assemble(keys, values, gaps, L, P, np)
  if random_non_queries:
    fill = rs.randint(V, size=inputs.shape)
    inputs = np.where(inputs == 0, fill, inputs)
  return inputs.astype(np.int32), labels.astype(np.int32)
