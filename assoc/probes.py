"""Probes of online memories: the trials of the Pavlovian-attention
experiments (docs/pavlovian.md §1.3, §3.2, §3.4, §5 figures F1-F7).

Every trial takes any online rule (`assoc.rules.online(name)`) and is a pure
function of a typed random key, so the sweep engine vmaps it over seeds and
sweep points:

  capacity_trial   write n pairs (`passes` times over), probe every stored
                   key: relMSE, top-1 among the stored values, sign-bit
                   error (F1, F2)
  coherence_trial  mu = max_{i != j} |k_i . k_j| of the first N keys, for
                   several N at once (F3)
  recency_trial    write n pairs, probe the items at given lags: relMSE by
                   lag (F4)
  heads_trial      H heads of d_k = d_model / H, each its own memory of the
                   same values under its own keys; averaged read-out and
                   majority vote of the heads' decodes (F6)
  chain_trial      a chain k_0 -> k_1 -> ... stored in one memory, followed
                   hop by hop with clean-up to the nearest stored key (F7)
  residual_trial   L independent memories, each probed once, their errors
                   added to a residual stream with gain gamma (F7)
  conditioning     CS-indicator trials through a rule: the associative
                   strengths after every trial (F5)
  mqar_probe_trial the training-free MQAR probe: the key-value pairs of an
                   MQAR context under random token embeddings, decoded over
                   the whole value vocabulary (F13)

Sizes that vary within one compiled program are traced: the number of pairs
n is a loop bound (`store_first`), so a program built for n_max serves every
n <= n_max and a batch of tasks costs the largest n in it, not n_max. Row i
of every key and value ensemble depends on i only (`assoc.kv`), so the first
n pairs of a trial do not depend on n_max.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import jax
import jax.numpy as jnp

from assoc import kv, online
from assoc.data import mqar
from assoc.online import OnlineRule

PROTOCOLS = ("acquisition_extinction", "blocking", "overexpectation")


def store_first(rule: OnlineRule, state, K: jax.Array, V: jax.Array, n: jax.Array,
                gates: Mapping[str, Any] | None = None, passes: jax.Array | int = 1):
  """Writes the first n pairs of (K, V) in order, `passes` times over (n and
  passes may be traced: a loop of n * passes writes). `gates` as in
  `online.store` (one value, or one per row of K)."""
  g = online.token_gates(rule, gates or {}, K.shape[0])

  def body(t, state):
    i = t % n
    return rule.write(state, K[i], V[i], jax.tree.map(lambda a: a[i], g))

  return jax.lax.fori_loop(0, n * passes, body, state)


def _pairs(key, n_max, d_k, d_v, keys: str | Sequence[str], key_kind, values: str, dtype):
  """(K, V): rows of the key ensemble keys[key_kind] (`keys` a name, or a
  tuple of names indexed by the traced `key_kind`) and of `values`."""
  kk, kv_ = jax.random.fold_in(key, 0), jax.random.fold_in(key, 1)
  if isinstance(keys, str):
    K = kv.keys(kk, n_max, d_k, keys, dtype)
  else:
    K = jax.lax.switch(key_kind, [lambda name=name: kv.keys(kk, n_max, d_k, name, dtype)
                                  for name in keys])
  return K, kv.values(kv_, n_max, d_v, values, dtype)


def capacity_trial(key: jax.Array, n: jax.Array, key_kind: jax.Array | int = 0,
                   passes: jax.Array | int = 1, gates: Mapping[str, Any] | None = None, *,
                   rule: OnlineRule, d_k: int, d_v: int, n_max: int,
                   keys: str | Sequence[str] = "sphere", values: str = "signs",
                   dtype=jnp.float32) -> dict[str, jax.Array]:
  """Writes the first n of n_max pairs, `passes` times over, then probes
  every stored key (docs/pavlovian.md §1.3a-d, F1-F2). Returns relmse
  (sum |o - v|^2 / sum |v|^2 over the n items), top1 (argmax_m v_m . o_i = i
  among the n stored values) and bit_error (fraction of coordinates whose
  sign is wrong; meaningful for values "signs")."""
  K, V = _pairs(key, n_max, d_k, d_v, keys, key_kind, values, dtype)
  state = rule.init(d_k, d_v, dtype, key=jax.random.fold_in(key, 2))
  state = store_first(rule, state, K, V, n, gates, passes)
  O = online.read_all(rule, state, K)
  m = (jnp.arange(n_max) < n).astype(dtype)
  wrong_bits = jnp.sum((jnp.sign(O) != jnp.sign(V)).astype(dtype), axis=1)
  return dict(relmse=kv.relmse(O, V, m), top1=top1_first(O, V, n),
              bit_error=jnp.sum(wrong_bits * m) / (jnp.sum(m) * d_v))


def top1_first(O: jax.Array, V: jax.Array, n: jax.Array, block: int = 64) -> jax.Array:
  """`kv.top1(O, V, mask)` for the mask of the first n rows (n may be
  traced), in blocks of `block` x `block` scores: its cost grows as n^2,
  not as the padded size (an (n_max, n_max) score matrix per task would
  dominate a capacity sweep). Ties go to the lowest index, as argmax."""
  n_max, d = O.shape
  nb = -(-n_max // block)
  pad = ((0, nb * block - n_max), (0, 0))
  Ob = jnp.pad(O, pad).reshape(nb, block, d)
  Vb = jnp.pad(V, pad).reshape(nb, block, -1)
  m = (n + block - 1) // block
  idx = jnp.arange(block)

  def row(i, right):
    q = Ob[i]

    def col(j, carry):
      best, arg = carry
      cols = j * block + idx
      s = jnp.where(cols[None, :] < n, q @ Vb[j].T, -jnp.inf)
      better = jnp.max(s, axis=1) > best
      return (jnp.where(better, jnp.max(s, axis=1), best),
              jnp.where(better, cols[jnp.argmax(s, axis=1)], arg))

    init = (jnp.full(block, -jnp.inf, O.dtype), jnp.full(block, -1, jnp.int32))
    _, arg = jax.lax.fori_loop(0, m, col, init)
    rows = i * block + idx
    return right + jnp.sum((arg == rows) & (rows < n))

  return jax.lax.fori_loop(0, m, row, jnp.zeros((), jnp.int32)).astype(O.dtype) / n


def coherence_trial(key: jax.Array, *, d_k: int, N: Sequence[int],
                    keys: str = "sphere") -> dict[str, jax.Array]:
  """mu = max_{i != j} |k_i . k_j| of the first N keys of one draw, for every
  N in the list (docs/pavlovian.md §1.3c, F3): (len(N),)."""
  n_max = max(N)
  K = kv.keys(key, n_max, d_k, keys)
  gram = jnp.abs(K @ K.T) * (1 - jnp.eye(n_max, dtype=K.dtype))
  return dict(mu=jnp.stack([jnp.max(gram[:n, :n]) for n in N]))


def recency_trial(key: jax.Array, gates: Mapping[str, Any] | None = None, *,
                  rule: OnlineRule, d_k: int, d_v: int, n: int, lags: Sequence[int],
                  keys: str = "sphere", values: str = "sphere",
                  dtype=jnp.float32) -> dict[str, jax.Array]:
  """Writes n pairs, then probes the items written `lag` writes before the
  last (lag 0: the last): relmse |o - v|^2 / |v|^2 per lag, (len(lags),)
  (docs/pavlovian.md §3.2, F4)."""
  K, V = _pairs(key, n, d_k, d_v, keys, 0, values, dtype)
  state = rule.init(d_k, d_v, dtype, key=jax.random.fold_in(key, 2))
  state = online.store(rule, state, K, V, gates)
  rows = n - 1 - jnp.asarray(lags)
  O = online.read_all(rule, state, K[rows])
  return dict(relmse=jnp.sum((O - V[rows]) ** 2, axis=1) / jnp.sum(V[rows] ** 2, axis=1))


def heads_trial(key: jax.Array, n: jax.Array, gates: Mapping[str, Any] | None = None, *,
                rule: OnlineRule, H: int, d_model: int,
                d_v: int, n_max: int, keys: str = "sphere", values: str = "signs",
                dtype=jnp.float32) -> dict[str, jax.Array]:
  """H heads at fixed width (docs/pavlovian.md §1.3e, F6): the same n values
  stored by every head under its own keys in d_k = d_model / H (independent
  key projections), every item probed in every head.

  relmse: of the heads' averaged answer; relmse_head: the mean over heads
  of each head's relMSE; error_head: the fraction of (head, item) decodes
  (argmax over the n stored values) that are wrong; vote_error: the
  fraction of items whose majority vote over the heads' decodes is wrong
  (ties go to the lowest index: a tie with the right answer counts as right
  only if it comes first)."""
  d_k = d_model // H
  V = kv.values(jax.random.fold_in(key, 0), n_max, d_v, values, dtype)
  mask = jnp.arange(n_max) < n
  m = mask.astype(dtype)

  def head(h):
    kh = jax.random.fold_in(jax.random.fold_in(key, 1), h)
    K = kv.keys(kh, n_max, d_k, keys, dtype)
    state = store_first(rule, rule.init(d_k, d_v, dtype, key=jax.random.fold_in(kh, 1)),
                        K, V, n, gates)
    return online.read_all(rule, state, K)

  O = jax.vmap(head)(jnp.arange(H))                                # (H, n_max, d_v)
  scores = jnp.where(mask[None, None, :], jnp.einsum("hid,jd->hij", O, V), -jnp.inf)
  decode = jnp.argmax(scores, axis=2)                              # (H, n_max)
  right = decode == jnp.arange(n_max)[None, :]
  votes = jnp.sum(jax.nn.one_hot(decode, n_max, dtype=dtype), axis=0)  # (n_max, n_max)
  vote_right = jnp.argmax(votes, axis=1) == jnp.arange(n_max)
  per_head = jax.vmap(lambda o: kv.relmse(o, V, m))(O)
  return dict(relmse=kv.relmse(jnp.mean(O, axis=0), V, m), relmse_head=jnp.mean(per_head),
              error_head=1 - jnp.sum(jnp.mean(right, axis=0) * m) / jnp.sum(m),
              vote_error=1 - jnp.sum(vote_right * m) / jnp.sum(m))


def chain_trial(key: jax.Array, gates: Mapping[str, Any] | None = None, *, rule: OnlineRule,
                d_k: int, N: int, L_max: int, keys: str = "sphere",
                dtype=jnp.float32) -> dict[str, jax.Array]:
  """A chain of retrievals through one memory (docs/pavlovian.md §1.3f, F7):
  N unit keys, k_i stored -> k_{i+1 mod N}; from k_0, each hop reads the
  memory and cleans the answer up to the nearest stored key (argmax k_m .
  o). success[L - 1] = 1 iff the first L hops are all right, L = 1..L_max."""
  K = kv.keys(key, N, d_k, keys, dtype)
  state = online.store(rule, rule.init(d_k, d_k, dtype, key=jax.random.fold_in(key, 1)),
                       K, jnp.roll(K, -1, axis=0), gates)

  def hop(carry, _):
    i, ok = carry
    j = jnp.argmax(K @ rule.read(state, K[i]))
    ok = ok & (j == (i + 1) % N)
    return (j, ok), ok

  _, ok = jax.lax.scan(hop, (jnp.zeros((), jnp.int32), jnp.ones((), bool)), None, length=L_max)
  return dict(success=ok.astype(dtype))


def residual_trial(key: jax.Array, gamma: jax.Array, gates: Mapping[str, Any] | None = None, *,
                   rule: OnlineRule, d_k: int, d_v: int,
                   N: int, L_max: int, keys: str = "sphere", values: str = "signs",
                   dtype=jnp.float32) -> dict[str, jax.Array]:
  """Residual noise through depth (docs/pavlovian.md §1.3f, F7): L_max
  independent memories of N pairs; layer l reads its first key, error e_l =
  o_l - v_l (the crosstalk); the stream's error after L layers is E_L =
  gamma E_{L-1} + e_L. noise[L - 1] = |E_L|^2 (E|v|^2 = 1), L = 1..L_max."""

  def layer(l):
    kl = jax.random.fold_in(key, l)
    K, V = _pairs(kl, N, d_k, d_v, keys, 0, values, dtype)
    state = online.store(rule, rule.init(d_k, d_v, dtype, key=jax.random.fold_in(kl, 2)), K, V,
                         gates)
    return rule.read(state, K[0]) - V[0]

  errors = jax.vmap(layer)(jnp.arange(L_max))

  def add(E, e):
    E = gamma * E + e
    return E, jnp.sum(E * E)

  return dict(noise=jax.lax.scan(add, jnp.zeros(d_v, dtype), errors)[1])


# ------------------------------------------------------------- conditioning

def protocol(name: str, n1: int, n2: int) -> tuple[list[list[float]], list[float]]:
  """The trials of a conditioning protocol with two CSs, A and B
  (docs/pavlovian.md §3.4): (CS indicators (T, 2), US (T,)).

  acquisition_extinction  A+ for n1 trials, then A- for n2
  blocking                A+ for n1 trials, then AB+ for n2
  overexpectation         A+ and B+ alternating for n1 trials each, then AB+
                          for n2
  """
  A, B, AB = [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]
  if name == "acquisition_extinction":
    return [A] * (n1 + n2), [1.0] * n1 + [0.0] * n2
  if name == "blocking":
    return [A] * n1 + [AB] * n2, [1.0] * (n1 + n2)
  if name == "overexpectation":
    return [A, B] * n1 + [AB] * n2, [1.0] * (2 * n1 + n2)
  raise ValueError(f"unknown protocol {name!r}; known: {', '.join(PROTOCOLS)}")


def conditioning(rule: OnlineRule, cs: jax.Array, us: jax.Array, lam: float | jax.Array = 1.0,
                 gates: Mapping[str, Any] | None = None,
                 valid: jax.Array | None = None) -> jax.Array:
  """Runs trials (CS indicators `cs` (T, d_k) as keys, US lam * us as a
  one-dimensional value) through the rule from an empty memory; returns the
  associative strength of every CS after every trial, (T, d_k): V_X =
  read(state, e_X)[0], the memory's answer to CS X alone. Trials where
  `valid` (T,) is False write nothing (padding of a shorter protocol)."""
  d_k = cs.shape[1]
  V = (lam * us)[:, None].astype(cs.dtype)
  g = online.token_gates(rule, gates or {}, cs.shape[0])
  valid = jnp.ones(cs.shape[0], bool) if valid is None else valid
  eye = jnp.eye(d_k, dtype=cs.dtype)

  def step(state, xs):
    k, v, ok, gt = xs
    new = rule.write(state, k, v, gt)
    state = jax.tree.map(lambda a, b: jnp.where(ok, a, b), new, state)
    return state, online.read_all(rule, state, eye)[:, 0]

  return jax.lax.scan(step, rule.init(d_k, 1, cs.dtype), (cs, V, valid, g))[1]


def mqar_probe_trial(key: jax.Array, n: jax.Array, passes: jax.Array | int = 1,
                     gates: Mapping[str, Any] | None = None, *, rule: OnlineRule, d_k: int,
                     d_v: int, n_max: int, vocab_size: int,
                     dtype=jnp.float32) -> dict[str, jax.Array]:
  """The training-free MQAR probe (docs/pavlovian.md §4, F13).

  One MQAR example with n_max pairs (`assoc.data.mqar.multiquery_ar`, no
  random fillers): distinct key tokens from the lower half of the
  vocabulary, distinct value tokens from the upper half. Every token has a
  random unit embedding (keys in R^d_k, values in R^d_v; row t depends on
  the token t only). The first n context pairs are written in order,
  `passes` times over (the fillers are not written), then each of the n keys
  is queried once (reads leave the memory unchanged, so the order of MQAR's
  queries does not matter) and decoded as the value token whose
  embedding has the largest inner product with the read-out, among all
  vocab_size - vocab_size // 2 value tokens (a dictionary, not only the n
  stored ones). Returns top1 (the fraction decoded right) and relmse."""
  half = vocab_size // 2
  inputs, _ = mqar.multiquery_ar(jax.random.fold_in(key, 0), vocab_size=vocab_size,
                                 num_examples=1, input_seq_len=4 * n_max, num_kv_pairs=n_max,
                                 random_non_queries=False)
  key_tokens, value_tokens = inputs[0, 0:2 * n_max:2], inputs[0, 1:2 * n_max:2] - half
  key_table = kv.keys(jax.random.fold_in(key, 1), half, d_k, "sphere", dtype)
  value_table = kv.values(jax.random.fold_in(key, 2), vocab_size - half, d_v, "sphere", dtype)
  K, V = key_table[key_tokens], value_table[value_tokens]
  state = rule.init(d_k, d_v, dtype, key=jax.random.fold_in(key, 3))
  state = store_first(rule, state, K, V, n, gates, passes)
  O = online.read_all(rule, state, K)
  decoded = jnp.argmax(O @ value_table.T, axis=1)
  m = (jnp.arange(n_max) < n).astype(dtype)
  return dict(top1=jnp.sum((decoded == value_tokens) * m) / jnp.sum(m),
              relmse=kv.relmse(O, V, m))
