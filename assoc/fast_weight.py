r"""Fast-weight associative retrieval: the synthetic settings 1 (capacity) and
2 (overwrite) of Schlag, Irie and Schmidhuber, "Linear Transformers Are
Secretly Fast Weight Programmers", ICML 2021, arXiv 2102.11174, §6.1
(docs/pavlovian.md §5, figures F8 and F9; the memories of §3.2).

The data (from the paper, settings as in the authors' released code):

  setting 1   S keys and S values, a sequence of S pairs (k_t, v_t) in which
              every key and every value appears once (both drawn without
              replacement); one query, a key of the sequence, whose target is
              its value.
  setting 2   S keys and S values, a sequence of L = 2S pairs drawn with
              replacement; the query is the key at a uniformly drawn position
              and its target the value of the LAST occurrence of that key,
              so a memory must overwrite.

The model (one fast-weight layer; the layout of the authors' code): a key
id k has a trained embedding E_k in R^e (N(0, 1) at init, e =
`embedding_size(S, factor)`); a value id v is the one-hot vector y_v in R^S,
never trained. Token t writes

    x_t = [y_{v_t}; E_{k_t}],  kappa_t = W_k x_t + b_k in R^d,  value y_{v_t},

the query reads with kappa_q = W_q E_q + b_q, and the answer is the read-out
of the memory itself, yhat = read(state, phi(kappa_q)) in R^S (no output
layer). The feature map phi (`assoc.features`: ELU+1, DPFP-nu, FAVOR+ with m
features, identity) maps R^d to R^{d_dot}; `key_norm` "sum" divides the
features of keys and queries by their sum (the paper's delta rule), "l2" by
their norm. The memory is any online rule of the registry
(`assoc.rules.online`): gates are fixed values, or "learned" per token as
sigmoid(W_g x_t + b_g) (the paper's beta_t = sigma(W_beta x_t)). Softmax
attention (the rule "softmax", a buffer of every pair) reads the raw
kappa's, scaled by 1/sqrt(d). The loss is (1/2)|y - yhat|^2 over the S value
coordinates (0.5 = chance: yhat = 0).

Drivers (`Model.driver`): "scan" writes token by token (a masked lax.scan of
the rule's `write`, in chunks of `scan_chunk` tokens under jax.checkpoint if
> 0, so that the backward pass keeps L/C + C states rather than L); "kernel"
(hebbian and softmax only) reads the final memory in closed form from all
pairs at once, o = sum_t eta_t y_t <phi_t, phi_q> [/ sum_t eta_t <phi_t,
phi_q>] for the Hebbian rule and the filled buffer for softmax, which equals
the scan (tests/test_fast_weight.py) at O(L d_dot) per query.

Padding (one compiled program for several S): arrays are sized for S_max
(L_max tokens, S_max values, e_max embedding columns) and masked; every
random draw is row by row (partitionable threefry, or fold_in per row), so
the real values do not depend on S_max. Rows and columns beyond S get zero
gradients, hence zero Adam updates.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from typing import Any

import jax
import jax.numpy as jnp
import optax

from assoc import features, online
from assoc.training import optimizers

SETTINGS = (1, 2)
KEY_NORMS = ("none", "sum", "l2")
DRIVERS = ("auto", "scan", "kernel")
# Test sequences of setting 2: "2S" pairs, as in training, or "S" pairs, as the
# authors' evaluation (DataLoader.get_all_queries) draws them.
TEST_LENGTHS = ("2S", "S")
KERNEL_RULES = ("hebbian", "softmax")  # rules with a closed-form final read
LEARNED = "learned"                    # a gate computed per token: sigmoid(W x + b)
NO_FEATURES = "none"                   # the feature map of softmax attention: raw keys
_FEATURE_RE = re.compile(r"^(identity|elu1|dpfp(\d+)|favor(\d+))$")
EPS = 1e-6


# --------------------------------------------------------------- feature maps

def parse_feature_map(name: str) -> tuple[str, dict[str, int]]:
  """("elu1", {}), ("dpfp", {"nu": 2}), ("favor", {"num_features": 64}),
  ("identity", {}) or ("none", {}); ValueError naming the forms otherwise."""
  if name == NO_FEATURES:
    return NO_FEATURES, {}
  m = _FEATURE_RE.match(str(name))
  if not m or (m.group(2) and int(m.group(2)) < 1) or (m.group(3) and int(m.group(3)) < 1):
    raise ValueError(f"unknown feature map {name!r}; known: identity, elu1, dpfpNU (NU >= 1, "
                     f"e.g. dpfp1, dpfp3), favorM (M >= 1 random features, e.g. favor64)")
  if m.group(2):
    return "dpfp", {"nu": int(m.group(2))}
  if m.group(3):
    return "favor", {"num_features": int(m.group(3))}
  return m.group(1), {}


def d_dot(name: str, d: int) -> int:
  """The size of phi's output for keys of size d (d for "none")."""
  kind, opts = parse_feature_map(name)
  if kind == NO_FEATURES:
    return d
  if kind == "favor":
    return 2 * opts["num_features"]
  return features.make(kind, d, **opts)[1]


def nonnegative(name: str) -> bool:
  """Whether phi's features are >= 0 (needed by key_norm "sum")."""
  return parse_feature_map(name)[0] in ("elu1", "dpfp", "favor")


# ----------------------------------------------------------------------- data

def seq_length(setting: int, S):
  """L = S (setting 1) or 2 S (setting 2)."""
  return S if setting == 1 else 2 * S


def test_length(setting: int, S, test: str = "2S"):
  """The length of a test sequence: seq_length, except S pairs in setting 2
  with test = "S" (the authors' evaluation code)."""
  if test not in TEST_LENGTHS:
    raise ValueError(f"unknown test length {test!r}; known: {', '.join(TEST_LENGTHS)}")
  return S if setting == 2 and test == "S" else seq_length(setting, S)


def embedding_size(S: int, factor: float) -> int:
  """e = int(factor S) (the authors' code: 1.1 x (number of keys + values),
  factor 2.2)."""
  return max(1, int(factor * S))


def uniforms(key: jax.Array, L_max: int, batch: int) -> jax.Array:
  """The uniforms of `batch` sequences of up to L_max tokens, (L_max, batch,
  3): one draw whose leading rows do not depend on L_max (JAX's partitionable
  threefry), so that a sequence padded to any length has the same tokens."""
  return jax.random.uniform(key, (L_max, batch, 3))


def sequence(u: jax.Array, S, *, setting: int, S_max: int, L=None) -> dict[str, jax.Array]:
  """One sequence from its uniforms u (at least L_max rows of 3), padded to
  L_max = seq_length(setting, S_max) tokens: `keys`, `values` (int32 ids in
  [0, S)), `valid` (token t < L, by default seq_length(setting, S); a
  shorter L, setting 2 only, keeps its first L tokens) and `query_u`, the
  uniform that places the training query. Setting 1: keys and values are
  two random permutations of 0..S-1 (an argsort of the first S uniforms,
  padding placed last); setting 2: i.i.d. uniform ids. Token t depends on
  u[t] and S only."""
  L_max = seq_length(setting, S_max)
  u = u[:L_max]
  valid = jnp.arange(L_max) < (seq_length(setting, S) if L is None else L)
  if setting == 1:
    keys = jnp.argsort(jnp.where(valid, u[:, 0], 2.0)).astype(jnp.int32)
    values = jnp.argsort(jnp.where(valid, u[:, 1], 2.0)).astype(jnp.int32)
  else:
    keys = jnp.minimum(jnp.floor(u[:, 0] * S), S - 1).astype(jnp.int32)
    values = jnp.minimum(jnp.floor(u[:, 1] * S), S - 1).astype(jnp.int32)
  return {"keys": keys, "values": values, "valid": valid, "query_u": u[0, 2]}


def last_occurrence(seq: Mapping[str, jax.Array], key_id) -> jax.Array:
  """The last position t with keys[t] == key_id among the valid tokens (-1
  if none)."""
  hit = seq["valid"] & (seq["keys"] == key_id)
  return jnp.max(jnp.where(hit, jnp.arange(hit.shape[0]), -1))


def train_query(seq: Mapping[str, jax.Array], S, *, setting: int):
  """(query key id, target value id): the key at a uniform position of the
  sequence (as the authors' code draws it), and the value of its last
  occurrence."""
  L = seq_length(setting, S)
  pos = jnp.minimum(jnp.floor(seq["query_u"] * L), L - 1).astype(jnp.int32)
  q = seq["keys"][pos]
  return q, seq["values"][last_occurrence(seq, q)]


# ---------------------------------------------------------------------- model

@dataclasses.dataclass(frozen=True)
class Model:
  """The static part of one fast-weight model (what fixes its code and
  shapes): a variant (setting, rule, feature map, gates) at its padded sizes.

  setting: 1 or 2; S_max, e_max: the largest S and embedding size it runs
  at (arrays are padded to them); d: the key size before phi; rule: an
  `OnlineRule`; feature_map: a name for `parse_feature_map`; gates: ((name,
  value), ...) fixed gate values, or LEARNED; key_norm in KEY_NORMS; driver
  in DRIVERS; favor_redraw: draw FAVOR+'s projection anew for every training
  step and every test batch (as the authors' code does for every batch)
  rather than once per task; scan_chunk: tokens per checkpointed chunk of the scan driver (0:
  one plain scan); test: the test sequences' length in setting 2, one of
  TEST_LENGTHS (`test_length`).
  """

  setting: int
  S_max: int
  e_max: int
  d: int
  rule: online.OnlineRule
  feature_map: str
  gates: tuple[tuple[str, Any], ...] = ()
  key_norm: str = "none"
  driver: str = "auto"
  favor_redraw: bool = True
  scan_chunk: int = 0
  test: str = "2S"

  @property
  def L_max(self) -> int:
    return seq_length(self.setting, self.S_max)

  @property
  def d_dot(self) -> int:
    return d_dot(self.feature_map, self.d)

  @property
  def learned(self) -> tuple[str, ...]:
    return tuple(name for name, value in self.gates if value == LEARNED)

  @property
  def fixed(self) -> dict[str, Any]:
    return {name: value for name, value in self.gates if value != LEARNED}

  @property
  def kernel(self) -> bool:
    """Whether the final read is taken in closed form (driver "kernel", or
    "auto" for the rules that have one)."""
    return self.driver != "scan" and self.rule.name in KERNEL_RULES

  def phi(self, key: jax.Array | None):
    """The feature map (FAVOR+ draws its projection from `key`)."""
    kind, opts = parse_feature_map(self.feature_map)
    if kind == NO_FEATURES:
      return features.identity
    return features.make(kind, self.d, key=key if kind == "favor" else None, **opts)[0]


@dataclasses.dataclass(frozen=True)
class Shapes:
  """The parameter shapes shared by the models of one program: the largest
  S_max, e_max and number of learned gates among them, and d."""

  S_max: int
  e_max: int
  d: int
  n_g: int

  @classmethod
  def of(cls, models) -> Shapes:
    ds = {m.d for m in models}
    if len(ds) != 1:
      raise ValueError(f"the models of one program must share d, got {sorted(ds)}")
    return cls(max(m.S_max for m in models), max(m.e_max for m in models), ds.pop(),
               max(len(m.learned) for m in models))


MAX_LEARNED = 4  # learned gates per model; fixes the width of the parameter draws


def init_params(key: jax.Array, shapes: Shapes, S, e) -> dict[str, jax.Array]:
  """Initial parameters, as in the authors' code: E ~ N(0, 1); W_k, W_q
  uniform in +-1/sqrt(d); biases and the gate map W_g uniform in
  +-1/sqrt(fan in) (PyTorch's nn.Linear default), fan in = S + e for the
  token maps and e for the query map. S and e may be traced.

  One draw, padding-invariant, so that a model that uses the first S_max
  value and key ids and e_max columns of E sees the same values in any
  program: row r from fold_in(key, r) holds [W_k | W_g] of value id r, then
  [W_k | W_q | W_g] of column r - 1 of E (row 0: the biases), then E_r, last,
  so that nothing before it depends on e_max (partitionable threefry)."""
  d, S_max, e_max, n_g = shapes.d, shapes.S_max, shapes.e_max, shapes.n_g
  if n_g > MAX_LEARNED:
    raise ValueError(f"at most {MAX_LEARNED} learned gates per model, got {n_g}")
  g = MAX_LEARNED
  a, b = d + g, 3 * d + 2 * g       # [0, a): by value id; [a, b): by column; [b, .): E
  u = jax.vmap(lambda r: jax.random.uniform(jax.random.fold_in(key, r), (b + e_max,),
                                            minval=-1.0, maxval=1.0))(
      jnp.arange(max(S_max, e_max + 1)))
  bound_d = 1.0 / jnp.sqrt(float(d))
  bound_fan = 1.0 / jnp.sqrt(jnp.asarray(S + e, jnp.float32))
  low = jnp.nextafter(jnp.float32(-1.0), jnp.float32(0.0))   # erfinv(-1) = -inf
  cols, bias = u[1:e_max + 1, a:b], u[0, a:b]
  return {
      "E": jnp.sqrt(2.0) * jax.scipy.special.erfinv(jnp.maximum(u[:S_max, b:], low)),
      "Wk_v": u[:S_max, :d] * bound_d, "Wg_v": u[:S_max, d:d + n_g] * bound_fan,
      "Wk_e": cols[:, :d] * bound_d, "Wq": cols[:, d:2 * d] * bound_d,
      "Wg_e": cols[:, 2 * d:2 * d + n_g] * bound_fan,
      "bk": bias[:d] * bound_fan,
      "bq": bias[d:2 * d] / jnp.sqrt(jnp.asarray(e, jnp.float32)),
      "bg": bias[2 * d:2 * d + n_g] * bound_fan,
  }


def view(params, model: Model, e):
  """The model's slice of the shared parameters (its S_max value rows,
  e_max columns of E, its learned gates), with E's columns beyond e zeroed."""
  S_m, e_m, g = model.S_max, model.e_max, len(model.learned)
  return {
      "E": params["E"][:S_m, :e_m] * (jnp.arange(e_m) < e),
      "Wk_v": params["Wk_v"][:S_m], "Wk_e": params["Wk_e"][:e_m], "bk": params["bk"],
      "Wq": params["Wq"][:e_m], "bq": params["bq"],
      "Wg_v": params["Wg_v"][:S_m, :g], "Wg_e": params["Wg_e"][:e_m, :g],
      "bg": params["bg"][:g],
  }


def _normalize(model: Model, x: jax.Array) -> jax.Array:
  if model.key_norm == "sum":
    return x / (jnp.sum(x, axis=-1, keepdims=True) + EPS)
  if model.key_norm == "l2":
    return x / (jnp.linalg.norm(x, axis=-1, keepdims=True) + EPS)
  return x


def encode(p, model: Model, phi, seq):
  """(K (L_max, d_dot), V (L_max, S_max), gates {name: (L_max,)}) of a
  sequence (p: the model's `view`): the keys through phi and key_norm, the
  one-hot values, and the per-token gates (learned ones from x_t, fixed
  ones broadcast)."""
  kappa = p["Wk_v"][seq["values"]] + (p["E"] @ p["Wk_e"])[seq["keys"]] + p["bk"]
  K = _normalize(model, phi(kappa))
  V = jax.nn.one_hot(seq["values"], model.S_max, dtype=K.dtype) * seq["valid"][:, None]
  gates = dict(model.fixed)
  if model.learned:
    logits = p["Wg_v"][seq["values"]] + (p["E"] @ p["Wg_e"])[seq["keys"]] + p["bg"]
    gates.update({name: jax.nn.sigmoid(logits[:, i]) for i, name in enumerate(model.learned)})
  return K, V, online.token_gates(model.rule, gates, K.shape[0])


def queries(p, model: Model, phi, ids):
  """phi(kappa_q) (and key_norm) for key ids (n,): (n, d_dot)."""
  return _normalize(model, phi(p["E"][ids] @ p["Wq"] + p["bq"]))


def _where(ok, new, old):
  return jax.tree.map(lambda a, b: jnp.where(ok, a, b), new, old)


def store(model: Model, K, V, gates, valid):
  """The rule's state after writing the valid tokens in order (a masked
  scan; in checkpointed chunks of model.scan_chunk tokens if > 0)."""
  rule = model.rule
  state = rule.init(K.shape[1], V.shape[1], K.dtype)

  def step(s, x):
    k, v, ok, g = x
    return _where(ok, rule.write(s, k, v, g), s), None

  xs = (K, V, valid, gates)
  C = model.scan_chunk
  if not C:
    return jax.lax.scan(step, state, xs)[0]
  n = -(-K.shape[0] // C)
  pad = n * C - K.shape[0]
  xs = jax.tree.map(lambda a: jnp.concatenate([a, jnp.zeros((pad,) + a.shape[1:], a.dtype)])
                    .reshape((n, C) + a.shape[1:]), xs)  # padding: valid = False
  chunk = jax.checkpoint(lambda s, x: (jax.lax.scan(step, s, x)[0], None))
  return jax.lax.scan(chunk, state, xs)[0]


def reader(model: Model, K, V, gates, valid):
  """read(q) -> yhat (S_max,) of the memory holding the sequence."""
  rule = model.rule
  if model.kernel and rule.name == "hebbian":
    w = gates["eta"] * valid

    def read(q):
      s = (K @ q) * w
      o = s @ V
      return o / (jnp.sum(s) + rule.eps) if rule.normalize else o
    return read
  if model.kernel and rule.name == "softmax":
    if rule.capacity != K.shape[0]:
      raise ValueError(f"the softmax buffer holds {rule.capacity} pairs, the sequence "
                       f"{K.shape[0]}: they must be equal for the kernel driver")
    # The buffer after writing the valid tokens in order: rows 0..L-1, count L.
    state = {"K": K, "V": V, "count": jnp.sum(valid).astype(jnp.int32)}
    return lambda q: rule.read(state, q)
  state = store(model, K, V, gates, valid)
  return lambda q: rule.read(state, q)


def answers(p, model: Model, phi, seq, ids):
  """yhat (n, S_max) for query key ids (n,) against one sequence."""
  K, V, gates = encode(p, model, phi, seq)
  return jax.vmap(reader(model, K, V, gates, seq["valid"]))(queries(p, model, phi, ids))


def losses(yhat, targets, S):
  """(1/2)|y - yhat|^2 over the S value coordinates, and whether the
  argmax over them is the target, per query."""
  live = jnp.arange(yhat.shape[-1]) < S
  y = jax.nn.one_hot(targets, yhat.shape[-1], dtype=yhat.dtype)
  loss = 0.5 * jnp.sum(jnp.where(live, (y - yhat) ** 2, 0.0), axis=-1)
  correct = jnp.argmax(jnp.where(live, yhat, -jnp.inf), axis=-1) == targets
  return loss, correct


def batch_metrics(model: Model, params, S, e, u, k_phi, query):
  """The mean loss and (loss sum, correct sum, query count) of a batch of
  fresh sequences (uniforms u: (L, batch, 3), `uniforms`), one query each:
  the key at a uniform position of the sequence (query < 0: a training
  batch, the paper's protocol) or the key id `query` (a test batch, of
  `test_length(setting, S, model.test)` tokens; it counts where that key
  occurs in the sequence). The target is the value
  of the query's last occurrence. k_phi: FAVOR+'s projection key."""
  p = view(params, model, e)
  phi = model.phi(k_phi)
  test = query >= 0

  L = jnp.where(test, test_length(model.setting, S, model.test), seq_length(model.setting, S))

  def one(u_b):
    seq = sequence(u_b, S, setting=model.setting, S_max=model.S_max, L=L)
    q_train, y_train = train_query(seq, S, setting=model.setting)
    q_test = jnp.minimum(query, model.S_max - 1)
    last = last_occurrence(seq, q_test)
    q = jnp.where(test, q_test, q_train)
    y = jnp.where(test, seq["values"][jnp.maximum(last, 0)], y_train)
    count = jnp.where(test, (last >= 0) & (query < S), True)
    loss, correct = losses(answers(p, model, phi, seq, q[None]), y[None], S)
    return jnp.where(count, loss[0], 0.0), count & correct[0], count

  loss, correct, count = jax.vmap(one, in_axes=1)(u)
  total, n = jnp.sum(loss), jnp.sum(count).astype(loss.dtype)
  return total / jnp.maximum(n, 1.0), (total, jnp.sum(correct), n)


def _switch(index, models, fn, *args, **static):
  """fn(model, *args, **static) for models[index] (a traced index; one
  model: no switch); `static` are Python values, not operands."""
  branches = [functools.partial(fn, m, **static) for m in models]
  if len(branches) == 1:
    return branches[0](*args)
  return jax.lax.switch(index, branches, *args)


def train(key: jax.Array, models, index, S, e, lr, *, steps: int, batch: int,
          test_batches: int = 1, schedule: str = "constant") -> dict[str, jax.Array]:
  """One training run (a task) of models[index] (a traced index: the models
  of one program are the branches of a lax.switch and share its parameter
  shapes, `Shapes.of(models)`).

  Adam (optax, by name from assoc.training.optimizers; step size lr with
  `schedule` over `steps`) on the mean loss of `batch` fresh sequences per
  step, one query each (`batch_metrics`), for `steps` steps; then the test:
  `test_batches` batches of fresh sequences in which every key id j <
  S_max is queried in turn, without updates. One lax.scan of steps +
  test_batches * S_max iterations over one body, so that the test needs no
  second compilation. Keys: fold_in(key, 0) the initial parameters;
  fold_in(key, 1) the data, fold_in(., t) for training step t and
  fold_in(., steps + i) for test batch i (the same index draws FAVOR+'s
  projection from fold_in(key, 2) with favor_redraw; else fold_in(key, 2)
  itself). Returns the test loss and accuracy (means over every (sequence,
  present key)), train_loss (the mean batch loss over the last 5 % of
  steps) and initial_train_loss (step 0)."""
  models = tuple(models)
  shapes = Shapes.of(models)
  L_max = max(m.L_max for m in models)
  redraw = any(m.favor_redraw and parse_feature_map(m.feature_map)[0] == "favor"
               for m in models)
  k_init, k_data, k_favor = (jax.random.fold_in(key, i) for i in range(3))
  params = init_params(k_init, shapes, S, e)
  opt = optimizers.make("adam", optimizers.schedule(lr, schedule, steps))

  def objective(params, u, k_phi, query):
    return _switch(index, models, batch_metrics, params, S, e, u, k_phi, query)

  def step(carry, t):
    params, opt_state = carry
    test = t >= steps
    i = jnp.maximum(t - steps, 0)
    data = jnp.where(test, steps + i // shapes.S_max, t)
    u = uniforms(jax.random.fold_in(k_data, data), L_max, batch)
    k_phi = jax.random.fold_in(k_favor, data) if redraw else k_favor
    query = jnp.where(test, i % shapes.S_max, -1)
    (_, sums), grads = jax.value_and_grad(objective, has_aux=True)(params, u, k_phi, query)
    updates, new_state = opt.update(grads, opt_state, params)
    new = (optax.apply_updates(params, updates), new_state)
    return _where(test, (params, opt_state), new), sums

  _, (loss, correct, count) = jax.lax.scan(
      step, (params, opt.init(params)), jnp.arange(steps + test_batches * shapes.S_max))
  train_loss = loss[:steps] / count[:steps]
  n = jnp.sum(count[steps:])
  return {"loss": jnp.sum(loss[steps:]) / n, "accuracy": jnp.sum(correct[steps:]) / n,
          "train_loss": jnp.mean(train_loss[-max(1, steps // 20):]),
          "initial_train_loss": train_loss[0]}
