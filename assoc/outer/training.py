"""Learned outer-product memories: cross-entropy training with optax
(docs/outer_product.md §3.3-§3.5, §4 "grid experiment", §8).

Models, logits of token x:
  "linear"       u_y^T h with h = W e_x; W trained, and with
                 `learn_embeddings` also E and U (the grid's "matrix" and
                 "learnable" models)
  "exponential"  u_y^T ReLU(e_x); E and U trained, no W
With `ln` the hidden vector is L2-normalised first, h -> h / sqrt(|h|^2 +
1e-6) (no centring, no gain: the reference code's "LN").

Loss of one step: sum_x w(x) (-log softmax(logits(x))[f*(x)]) over the
tokens, with w = n_B / |B| for a batch of |B| fresh samples (the batch mean
of the cross-entropy, summed by token), or w = p for the full population
gradient (|B| = 0). The samples of a run are one stream of i.i.d. tokens,
read |B| at a time (`stream`): a run of S steps is the prefix of any longer
run, its first T samples are the data of size T.

Optimisers (`optimizer`; the project's vocabulary, assoc.training.optimizers):
  "sgd"            optax.sgd(γ)
  "adam"           optax.adam with (b1, b2, eps); the paper's grid uses
                   b1 = b2 = 0, g / (|g| + eps) ≈ sign g, with γ/d for W and
                   γ/√d for E and U (`lr_rescale`; optax.partition)
  "sign_gd"        optax.sign_sgd(γ) (= "signgd")
  "normalized_gd"  γ ∇L / std(∇L), std over the trained gradient entries
The step size follows the "step" schedule: γ·decay_factor from step
decay_step on (decay_factor = 1: constant), with traced values.

One compiled program serves a whole grid. Static (`Setup`): the model, the
largest N, d, M and step count of the group, and which optimisers, LN
settings and batch sizes it holds. Traced (`Hyper`): the optimiser (a
lax.switch over the group's, each with its own optax state), LN (a
lax.cond, if both occur), whether E and U are trained, γ and the schedule,
|B| (a lax.switch over the group's sizes: a step draws exactly |B|
samples), N (tokens beyond it have p = 0), d (coordinates beyond it are 0
in E, U and W_0, so they stay 0: the memory is exactly d-dimensional), M
(classes beyond it get logit -inf), the step count (later steps skipped)
and the checkpoints. Without LN the linear model's logits are E (W^T U^T):
O(d^2 M + N d M) per step, W e_x is never formed.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import optax

from assoc.outer import memory, zipf
from assoc.training import optimizers

MODELS = ("linear", "exponential")
OPTIMIZERS = ("sgd", "adam", "sign_gd", "normalized_gd")
LN_EPS = 1e-6


@dataclasses.dataclass(frozen=True)
class Setup:
  """The static settings of a compile group (the largest sizes of its tasks)."""
  N_max: int
  d_max: int
  M_max: int = 5
  B_sizes: tuple[int, ...] = (1024,)  # the group's batch sizes (0: the population)
  steps_max: int = 100
  T_max: int = 0               # samples drawn per task: the largest steps x |B|
  num_checkpoints: int = 1
  model: str = "linear"
  n_head: int = 30
  eq16: bool = False           # also run the Eq. 16 map on the same batches
  grad_std: bool = False       # record the std of the population gradient of W
  optimizers: tuple[str, ...] = OPTIMIZERS  # the ones compiled (a task's must be one)
  ln_modes: tuple[bool, ...] = (False, True)  # the LN settings compiled
  factored: bool = False       # train through A = W^T U^T (`train_factored`)


class Hyper(NamedTuple):
  """The traced settings of one task (scalars; checkpoints a (K,) vector)."""
  N: jax.Array
  d: jax.Array
  M: jax.Array
  alpha: jax.Array
  optimizer: jax.Array          # index into OPTIMIZERS
  ln: jax.Array                 # 0 / 1
  learn_embeddings: jax.Array   # 0 / 1 (linear model: train E and U too)
  gamma: jax.Array
  B: jax.Array                  # 0: full population gradient
  steps: jax.Array
  checkpoints: jax.Array        # (K,) step counts; 0 is the initial model
  decay_step: jax.Array
  decay_factor: jax.Array       # 1: constant step size
  w0_std: jax.Array             # W_0 entries N(0, w0_std^2)
  emb_std: jax.Array            # E, U entries N(0, emb_std^2)
  adam_b1: jax.Array
  adam_b2: jax.Array
  adam_eps: jax.Array
  lr_rescale: jax.Array         # 0 / 1: adam's γ/d (W) and γ/√d (E, U)
  eq16_D: jax.Array             # denominator of the Eq. 16 map (M or M - 1)


def schedule(h: Hyper):
  """γ until step decay_step, γ·decay_factor from then on (decay_factor = 1:
  constant; `optimizers.schedule` "step")."""
  return optimizers.schedule(h.gamma, "step", decay_step=h.decay_step,
                             decay_factor=h.decay_factor)


def make_optimizers(h: Hyper, mask, names=OPTIMIZERS) -> tuple[optax.GradientTransformation, ...]:
  """The optimisers `names` (of OPTIMIZERS) with the task's step size, from
  the project's vocabulary (`assoc.training.optimizers`); Adam runs on W and
  on the embeddings with their own rescaled step sizes (optax.partition)."""
  lr = schedule(h)
  d = h.d.astype(jnp.float32)
  w_factor = jnp.where(h.lr_rescale > 0, 1.0 / d, 1.0)
  e_factor = jnp.where(h.lr_rescale > 0, 1.0 / jnp.sqrt(d), 1.0)

  def adam(factor):
    return optimizers.make("adam", lambda c: lr(c) * factor, b1=h.adam_b1, b2=h.adam_b2,
                           eps=h.adam_eps)

  def make(name):
    if name == "adam":
      return optax.partition({"W": adam(w_factor), "embedding": adam(e_factor)},
                             lambda params: {k: "W" if k == "W" else "embedding" for k in params})
    if name == "normalized_gd":
      return optimizers.make(name, lr, mask=mask)
    return optimizers.make(name, lr)

  return tuple(make(n) for n in names)


def _rows(key, rows, d):
  """(len(rows), d) standard normals, row i from fold_in(key, rows[i])."""
  return jax.vmap(lambda i: jax.random.normal(jax.random.fold_in(key, i), (d,)))(rows)


def masks(setup: Setup, h: Hyper) -> dict[str, jax.Array]:
  """0/1 masks of the live entries of W, E and U (d coordinates, N tokens,
  M classes)."""
  dim = (jnp.arange(setup.d_max) < h.d).astype(jnp.float32)
  tok = (jnp.arange(setup.N_max) < h.N).astype(jnp.float32)
  cls = (jnp.arange(setup.M_max) < h.M).astype(jnp.float32)
  return {"W": dim[:, None] * dim[None, :], "E": tok[:, None] * dim[None, :],
          "U": cls[:, None] * dim[None, :]}


def init(key: jax.Array, setup: Setup, h: Hyper) -> dict[str, jax.Array]:
  """E (N x d), U (M x d) with entries N(0, emb_std^2) and W_0 (d x d) with
  entries N(0, w0_std^2), zero beyond the task's sizes. Rows are drawn one by
  one, so E's first N and U's first M rows do not depend on N_max, M_max."""
  m = masks(setup, h)
  N, M, d = setup.N_max, setup.M_max, setup.d_max
  # One random-bits call (each costs seconds to compile): E's rows are rows
  # 0.., U's 2^20 + 0.., W_0's 2^21 + 0.. of one family.
  g = _rows(key, jnp.concatenate([jnp.arange(N), 2 ** 20 + jnp.arange(M),
                                  2 ** 21 + jnp.arange(d)]), d)
  params = {"E": h.emb_std * g[:N] * m["E"], "U": h.emb_std * g[N:N + M] * m["U"]}
  if setup.model == "linear":
    params["W"] = h.w0_std * g[N + M:] * m["W"]
  elif setup.model != "exponential":
    raise ValueError(f"unknown model {setup.model!r}; known: {', '.join(MODELS)}")
  return params


def _normalize(H):
  return H / jnp.sqrt(jnp.sum(H * H, axis=-1, keepdims=True) + LN_EPS)


def logits(params: dict, setup: Setup, h: Hyper) -> jax.Array:
  """(N_max, M_max) logits of every token; classes >= M get -inf."""
  E, U = params["E"], params["U"]
  if setup.model == "exponential":
    H = jax.nn.relu(E)
    with_ln, without = lambda: _normalize(H) @ U.T, lambda: H @ U.T
  else:
    W = params["W"]
    with_ln = lambda: _normalize(E @ W.T) @ U.T
    without = lambda: E @ (W.T @ U.T)         # no LN: W e_x is never formed
  if tuple(setup.ln_modes) == (False,):
    z = without()
  elif tuple(setup.ln_modes) == (True,):
    z = with_ln()
  else:
    z = jax.lax.cond(h.ln > 0, with_ln, without)
  return jnp.where(jnp.arange(setup.M_max) < h.M, z, -jnp.inf)


def loss(params, weights, setup: Setup, h: Hyper) -> jax.Array:
  """sum_x weights(x) * cross-entropy of token x against f*(x) = x mod M."""
  z = logits(params, setup, h)
  labels = jnp.arange(setup.N_max, dtype=jnp.int32) % h.M
  ce = optax.softmax_cross_entropy_with_integer_labels(z, labels)
  return jnp.sum(jnp.where(weights > 0, weights * ce, 0.0))


def stream(key: jax.Array, setup: Setup) -> jax.Array:
  """The task's T_max uniforms: step s with batch size |B| reads its samples
  from positions (s-1)|B| .. s|B| - 1, so the first T samples of a run are
  the data of size T, in one random-bits call for the whole run."""
  return jax.random.uniform(key, (max(setup.T_max, 1),))


def batch_weights(u: jax.Array, s, p: jax.Array, setup: Setup, h: Hyper) -> jax.Array:
  """(N_max,) token weights of step s: n_B(x)/|B| for the step's |B| = h.B
  fresh samples (from the stream u), or p for the population (h.B = 0). Each
  batch size of the group is its own branch (lax.switch), so a step reads
  exactly |B| samples."""
  def draw(B):
    if B == 0:
      return lambda: p
    def weights():
      x = zipf.from_uniforms(jax.lax.dynamic_slice(u, ((s - 1) * B,), (B,)), p)
      return zipf.counts(x, setup.N_max).astype(p.dtype) / B
    return weights
  sizes = tuple(setup.B_sizes)
  if len(sizes) == 1:
    return draw(sizes[0])()
  index = jnp.argmax(jnp.asarray(sizes) == h.B)
  return jax.lax.switch(index, [draw(B) for B in sizes])


def eq16_update(q: jax.Array, token_weights: jax.Array, gamma, D) -> jax.Array:
  """The mini-batch Eq. 16 map (docs/outer_product.md §3.4): q(x) <- q(x) + γ (n_B(x)/|B|) /
  (1 + e^{q(x)} / D), D = M or M - 1, token_weights = n_B(x)/|B| (p for a
  full-batch step)."""
  return q + gamma * token_weights / (1.0 + jnp.exp(q) / D)


def errors(z, f, p, h: Hyper, n_head: int, seen) -> dict[str, jax.Array]:
  """The error metrics of logits z; `seen` (N_max,) is > 0 on the tokens the
  run's samples so far hold (the sum of the steps' token weights)."""
  pred = memory.predictions(z)
  wrong = (pred != f).astype(jnp.float32)
  unseen = (seen <= 0).astype(jnp.float32)
  return dict(error=memory.population_error(pred, f, p), error_head=jnp.mean(wrong[:n_head]),
              error_tail=jnp.mean(jax.lax.dynamic_slice(wrong, (h.N - n_head,), (n_head,))),
              error_unseen=jnp.sum(p * wrong * unseen), unseen_mass_data=jnp.sum(p * unseen))


def _masked(tree, trained):
  """Zeroes the untrained entries of E and U. W needs no mask: its gradient
  vanishes outside the live d x d block (E and U are 0 beyond d), and every
  optimiser maps a zero gradient entry to a zero update."""
  return {k: v if k == "W" else v * trained[k] for k, v in tree.items()}


def evaluated_loop(update, evaluation, carry, h: Hyper) -> tuple[Any, dict[str, jax.Array]]:
  """carry <- update(s, carry) for s = 1..h.steps (a while loop: the step
  count is traced), and evaluation(carry) at the step counts of
  h.checkpoints (0: the initial carry); returns (the final carry,
  {name: (K, ...) values})."""
  K = h.checkpoints.shape[0]

  def record(buf, s, out):
    hit = h.checkpoints == s
    return jax.tree.map(lambda b, v: jnp.where(hit.reshape((K,) + (1,) * v.ndim), v, b),
                        buf, out)

  first = evaluation(carry)
  buf = record(jax.tree.map(lambda v: jnp.zeros((K,) + v.shape, v.dtype), first), 0, first)

  def body(s, state):
    carry, buf = state
    carry = update(s, carry)
    buf = jax.lax.cond(jnp.any(h.checkpoints == s),
                       lambda: record(buf, s, evaluation(carry)), lambda: buf)
    return carry, buf

  return jax.lax.fori_loop(1, h.steps + 1, body, (carry, buf))


def train(key: jax.Array, h: Hyper, setup: Setup,
          final_params: bool = False) -> dict[str, jax.Array]:
  """Trains for h.steps steps and evaluates at the h.checkpoints step counts
  (leading axis; step 0 is the initial model): error (population),
  error_head and error_tail (unweighted, the n_head most / least frequent
  tokens), error_unseen (the part of the error on tokens the run's samples
  so far do not hold) and unseen_mass_data (those tokens' p-mass; with the
  population gradient every token counts as seen from step 1 on), loss
  (population cross-entropy); error_eq16 (setup.eq16) the error
  of W_q with q from the mini-batch Eq. 16 map on the same batches and
  embeddings (its premise is W_0 = 0 and fixed E, U); grad_std
  (setup.grad_std) the standard deviation over the d x d entries of the
  population gradient of W. With `final_params`, also the parameters after
  the last step, as "param_E", "param_U" (and "param_W"), and the model's
  predictions argmax_y logits there, as "prediction" (N_max,) (int32)."""
  if setup.factored:
    if final_params:
      raise ValueError("the factored form (Setup.factored) never forms W: no final_params")
    return train_factored(key, h, setup)
  p = zipf.probabilities(setup.N_max, h.alpha, num_tokens=h.N)
  f = jnp.arange(setup.N_max, dtype=jnp.int32) % h.M
  m = masks(setup, h)
  if setup.model == "exponential":
    trained = {"E": m["E"], "U": m["U"]}      # 0/1: which entries are trained
  else:
    learn = h.learn_embeddings.astype(jnp.float32)
    trained = {"W": m["W"], "E": m["E"] * learn, "U": m["U"] * learn}
  params0 = init(jax.random.fold_in(key, 0), setup, h)
  opts = make_optimizers(h, trained, setup.optimizers)
  index = jnp.argmax(jnp.asarray([OPTIMIZERS.index(n) for n in setup.optimizers]) == h.optimizer)
  u = stream(jax.random.fold_in(key, 1), setup)
  grad = jax.grad(loss)
  classes = jnp.arange(setup.M_max) < h.M

  def evaluation(params, q, seen) -> dict[str, jax.Array]:
    out = errors(logits(params, setup, h), f, p, h, setup.n_head, seen)
    out["loss"] = loss(params, p, setup, h)
    if setup.eq16:
      S = memory.scores(params["E"], params["U"], f, q)
      out["error_eq16"] = memory.population_error(
          memory.predictions(jnp.where(classes, S, -jnp.inf)), f, p)
    if setup.grad_std:
      g = grad(params, p, setup, h)["W"]
      count = h.d.astype(jnp.float32) ** 2
      mean = jnp.sum(g) / count
      out["grad_std"] = jnp.sqrt(jnp.sum(m["W"] * (g - mean) ** 2) / count)
    return out

  def update(s, carry):
    params, states, q, seen = carry
    w = batch_weights(u, s, p, setup, h)
    g = _masked(grad(params, w, setup, h), trained)

    def branch(i):
      def apply(states):
        updates, new = opts[i].update(g, states[i], params)
        updates = _masked(updates, trained)
        return updates, tuple(new if j == i else st for j, st in enumerate(states))
      return apply

    if len(opts) == 1:
      updates, states = branch(0)(states)
    else:
      updates, states = jax.lax.switch(index, [branch(i) for i in range(len(opts))], states)
    params = optax.apply_updates(params, updates)
    if setup.eq16:
      q = eq16_update(q, w, schedule(h)(s - 1), h.eq16_D)
    return params, states, q, seen + w

  zeros = jnp.zeros((setup.N_max,), p.dtype)
  carry = (params0, tuple(o.init(params0) for o in opts), zeros, zeros)
  (params, *_), out = evaluated_loop(update, lambda c: evaluation(c[0], c[2], c[3]), carry, h)
  if final_params:
    out = dict(out, prediction=memory.predictions(logits(params, setup, h)),
               **{f"param_{k}": v for k, v in params.items()})
  return out


FACTORED_BLOCK = 50  # rows of W^T examined at once by a sign-type step (cache-sized)


def factored_applies(model: str, ln: bool, optimizer: str, adam_b1: float,
                     adam_b2: float) -> bool:
  """Whether `train_factored` trains this setting: the linear model with E
  and U fixed (`learn_embeddings` 0), no LN, and an optimiser without state
  (Adam only with b1 = b2 = 0, where it is a stateless sign-like step)."""
  return (model == "linear" and not ln and optimizer in OPTIMIZERS
          and (optimizer != "adam" or (adam_b1 == 0 and adam_b2 == 0)))


def train_factored(key: jax.Array, h: Hyper, setup: Setup) -> dict[str, jax.Array]:
  """`train` for the linear model with E and U fixed and no LN, through the
  only thing the logits need of W: A = W^T U^T (d x M), Z = E A.

  The gradient of the loss in W is g = U^T G^T with G = dL/dA = E^T dZ
  (d x M, rank <= M), and each optimiser's update ΔW maps to ΔA = ΔW^T U^T:
    sgd            ΔA = -γ G (U U^T)                          O(d M^2)
    normalized_gd  the same over std(g), from the M x M Grams
                   U U^T and G^T G (mean and mean square of g's d^2 entries)
    sign_gd        ΔA = -γ sign(G U) U^T                       O(d^2 M)
    adam, b1 = b2 = 0 (its state is the last gradient: none needed)
                   ΔA = -(γ/d) φ(G U) U^T, φ(x) = x / (sqrt(x^2) + eps),
                   exactly optax.adam's step at b1 = b2 = 0
  The sign-type steps form G U (the d x d transposed gradient) FACTORED_BLOCK
  rows at a time, so it stays in cache, and only the rows of the task's d
  (a small d in a program compiled for a large one costs d d_max M, not
  d_max^2 M); W and optimiser states are never stored. Same keys, batches, step sizes (γ of step s is the schedule at
  s - 1, as optax counts), outputs and checkpoints as `train`; results are
  equal up to float rounding (A is accumulated instead of W). The caller
  (`factored_applies`) guarantees the setting; adam's b1, b2 are taken as 0.
  """
  if setup.model != "linear" or tuple(setup.ln_modes) != (False,) or setup.grad_std:
    raise ValueError("train_factored needs the linear model without LN and without grad_std")
  p = zipf.probabilities(setup.N_max, h.alpha, num_tokens=h.N)
  f = jnp.arange(setup.N_max, dtype=jnp.int32) % h.M
  params0 = init(jax.random.fold_in(key, 0), setup, h)
  E, U = params0["E"], params0["U"]
  A0 = params0["W"].T @ U.T
  u = stream(jax.random.fold_in(key, 1), setup)
  classes = jnp.arange(setup.M_max) < h.M
  lr = schedule(h)
  d = h.d.astype(jnp.float32)
  w_factor = jnp.where(h.lr_rescale > 0, 1.0 / d, 1.0)
  UUt = U @ U.T
  block = min(FACTORED_BLOCK, setup.d_max)
  rows = -(-setup.d_max // block) * block

  def logits_of(A):
    return jnp.where(classes, E @ A, -jnp.inf)

  def loss_of(A, weights):
    ce = optax.softmax_cross_entropy_with_integer_labels(logits_of(A), f)
    return jnp.sum(jnp.where(weights > 0, weights * ce, 0.0))

  grad_A = jax.grad(loss_of)

  def sign_type(G, phi):
    """phi(g)^T U^T = phi(G U) U^T, FACTORED_BLOCK rows of G U at a time, and
    only the blocks of the task's d rows (the rest of G is 0)."""
    G = jnp.pad(G, ((0, rows - setup.d_max), (0, 0)))

    def row_block(b, out):
      Gi = jax.lax.dynamic_slice_in_dim(G, b * block, block)
      return jax.lax.dynamic_update_slice_in_dim(out, phi(Gi @ U) @ U.T, b * block, 0)

    num_blocks = (h.d + block - 1) // block
    return jax.lax.fori_loop(0, num_blocks, row_block, jnp.zeros_like(G))[:setup.d_max]

  def delta(name, G, c):
    if name == "sgd":
      return -lr(c) * (G @ UUt)
    if name == "normalized_gd":
      count = d * d
      mean = jnp.sum(jnp.sum(U, axis=1) * jnp.sum(G, axis=0)) / count
      var = jnp.sum(UUt * (G.T @ G)) / count - mean * mean
      return -(lr(c) / jnp.sqrt(var)) * (G @ UUt)
    if name == "sign_gd":
      return -lr(c) * sign_type(G, jnp.sign)
    if name == "adam":
      return -(lr(c) * w_factor) * sign_type(G, lambda x: x / (jnp.sqrt(x * x) + h.adam_eps))
    raise ValueError(f"unknown optimizer {name!r}; known: {', '.join(OPTIMIZERS)}")

  index = jnp.argmax(jnp.asarray([OPTIMIZERS.index(n) for n in setup.optimizers]) == h.optimizer)

  def update(s, carry):
    A, q, seen = carry
    w = batch_weights(u, s, p, setup, h)
    G = grad_A(A, w)
    branches = [lambda G, n=n: delta(n, G, s - 1) for n in setup.optimizers]
    dA = branches[0](G) if len(branches) == 1 else jax.lax.switch(index, branches, G)
    if setup.eq16:
      q = eq16_update(q, w, lr(s - 1), h.eq16_D)
    return A + dA, q, seen + w

  def evaluation(carry) -> dict[str, jax.Array]:
    A, q, seen = carry
    out = errors(logits_of(A), f, p, h, setup.n_head, seen)
    out["loss"] = loss_of(A, p)
    if setup.eq16:
      S = memory.scores(E, U, f, q)
      out["error_eq16"] = memory.population_error(
          memory.predictions(jnp.where(classes, S, -jnp.inf)), f, p)
    return out

  zeros = jnp.zeros((setup.N_max,), p.dtype)
  _, out = evaluated_loop(update, evaluation, (A0, zeros, zeros), h)
  return out


def hyper(**values) -> Hyper:
  """A Hyper from Python values (ints as int32, floats as float32)."""
  def cast(v):
    if isinstance(v, (tuple, list)) or isinstance(v, bool) or isinstance(v, int):
      return jnp.asarray(v, jnp.int32)
    return jnp.asarray(v, jnp.float32)
  return Hyper(**{k: cast(v) for k, v in values.items()})
