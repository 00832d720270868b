r"""One multi-head attention layer that memorises random labels
(Mahdavi, Liao & Thrampoulidis, "Memorization capacity of multi-head
attention in transformers", ICLR 2024, arXiv 2306.02010; docs/pavlovian.md
§2).

An example is a query token x in R^d and a context E in R^(n x d). The
tokens [x; E] are embedded linearly into R^d_model with sinusoidal
positions added; head h attends from the query (token 0) to the context
(the query is masked as a key):

    f(X) = W_dec W_O [softmax(q_h K_h^T / sqrt(d_model)) V_h]_h=1..H,

q_h = x' W_Q^h, K_h = E' W_K^h (d_h columns), V_h = E' W_V^h with one
value channel per head (d_v = 1, as the authors' code), W_O: R^H -> R^d_model
and a linear decoder to the classes. So a head contributes one scalar, and
the parameters grow as Theta(H d_model d_h).

Sizes that a sweep varies are masks, not shapes, so that one compiled
program serves every point: the model is built for H_max heads, d_h_max
columns and n_max context tokens; heads h >= H and columns j >= d_h are
multiplied by 0 (their parameters then get no gradient), and context
tokens j >= n get no attention. The initial weights do not depend on the
maxima either: column (h, j) of W_Q and W_K and column h of W_V are drawn
from their own keys with the fan-in d_model, and the rows of W_O from their
own keys, scaled in `memorization_trial` to the fan-in H of the heads in
use. So a point's network, its start and its data are those of the (H, n,
d_h) model whatever the grid (tested).

`memorization_trial` trains it on T random examples (of T_max drawn; the
first T of them: row t depends on t only) with random labels, full batch,
Adam with the warm-up-cosine schedule of the authors' code, and reports
the train accuracy.
"""

from __future__ import annotations

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import optax

from assoc.training import optimizers

CONTEXTS = ("shared", "random")


def sinusoidal(length: int, dim: int) -> np.ndarray:
  """The transformer's sinusoidal position table (length, dim)."""
  pos = np.arange(length)[:, None]
  rate = 1.0 / 10_000 ** (np.arange(0, dim, 2) / dim)
  table = np.zeros((length, dim), np.float32)
  table[:, 0::2] = np.sin(pos * rate)
  table[:, 1::2] = np.cos(pos * rate[: dim // 2])
  return table


def _keyed_normal(key, shape, dtype=jnp.float32):
  """N(0, 1/shape[0]) with every column (the axes after the first) drawn
  from its own key, so a column does not depend on how many there are."""
  d, rest = shape[0], shape[1:]
  flat = int(np.prod(rest))

  def column(i):
    idx = jnp.unravel_index(i, rest)
    k = key
    for j in idx:
      k = jax.random.fold_in(k, j)
    return jax.random.normal(k, (d,), dtype)

  cols = jax.vmap(column)(jnp.arange(flat))          # (flat, d)
  return (cols.T / jnp.sqrt(d)).reshape(shape)


def _keyed_rows(key, shape, dtype=jnp.float32):
  """N(0, 1) with every row drawn from its own key (scaled by the caller)."""
  return jax.vmap(lambda i: jax.random.normal(jax.random.fold_in(key, i), shape[1:], dtype))(
      jnp.arange(shape[0]))


class MemorizationMHA(nn.Module):
  """The model of the module docstring; __call__(x (B, d), E (n, d) or (B,
  n, d), H, d_h) -> logits (B, num_classes), H <= H_max and d_h <= d_h_max
  (traced)."""

  d_model: int
  H_max: int
  d_h_max: int
  num_classes: int

  @nn.compact
  def __call__(self, x, E, H, d_h, n=None):
    B = x.shape[0]
    if E.ndim == 2:
      E = jnp.broadcast_to(E, (B,) + E.shape)
    tokens = jnp.concatenate([x[:, None, :], E], axis=1)
    h = nn.Dense(self.d_model, name="embed")(tokens) + sinusoidal(tokens.shape[1], self.d_model)
    W_Q = self.param("W_Q", _keyed_normal, (self.d_model, self.H_max, self.d_h_max))
    W_K = self.param("W_K", _keyed_normal, (self.d_model, self.H_max, self.d_h_max))
    W_V = self.param("W_V", _keyed_normal, (self.d_model, self.H_max))
    columns = (jnp.arange(self.d_h_max) < d_h).astype(h.dtype)
    heads = (jnp.arange(self.H_max) < H).astype(h.dtype)
    q = jnp.einsum("bd,dhk->bhk", h[:, 0], W_Q) * columns
    k = jnp.einsum("bnd,dhk->bnhk", h[:, 1:], W_K) * columns
    v = jnp.einsum("bnd,dh->bnh", h[:, 1:], W_V)
    scores = jnp.einsum("bhk,bnhk->bhn", q, k) / jnp.sqrt(self.d_model)
    if n is not None:
      scores = jnp.where(jnp.arange(E.shape[1]) < n, scores, -jnp.inf)
    out = jnp.einsum("bhn,bnh->bh", jax.nn.softmax(scores, axis=-1), v) * heads
    out = nn.Dense(self.d_model, kernel_init=_keyed_rows, name="W_O")(out)
    return nn.Dense(self.num_classes, name="decoder")(out)


def memorization_trial(key: jax.Array, T: jax.Array, H: jax.Array, n: jax.Array, d_h: jax.Array,
                       *, d: int, d_model: int, T_max: int, H_max: int, n_max: int,
                       d_h_max: int, num_classes: int, steps: int, learning_rate: float,
                       context: str = "shared", eval_every: int = 25) -> dict[str, jax.Array]:
  """Trains the (H, n, d_h) model on the first T of T_max examples (all
  traced): queries x ~ U[0, 1]^d, a context E ~ U[0, 1]^(n x d) shared by
  every example ("shared") or drawn per example ("random"), labels uniform
  over num_classes; cross-entropy over the T examples, full batch, `steps`
  steps of Adam at `learning_rate` with the warm-up-cosine schedule.
  Every `eval_every` steps the train loss and accuracy are measured; the
  result is the accuracy at the lowest loss (the authors keep the checkpoint
  of lowest train loss) and the best accuracy seen. Returns correct (the
  number of the T examples right at the lowest loss, an integer count),
  accuracy = correct / T, best_accuracy and loss (the lowest)."""
  if context not in CONTEXTS:
    raise ValueError(f"unknown context {context!r}; known: {', '.join(CONTEXTS)}")
  if steps % eval_every:
    raise ValueError(f"steps={steps} must be a multiple of eval_every={eval_every}")
  kx, ke, ky, kp = (jax.random.fold_in(key, i) for i in range(4))
  rows = jnp.arange(T_max)
  x = jax.vmap(lambda t: jax.random.uniform(jax.random.fold_in(kx, t), (d,)))(rows)
  y = jax.vmap(lambda t: jax.random.randint(jax.random.fold_in(ky, t), (), 0, num_classes))(rows)

  def context_rows(k):  # row j of a context from its own key: E[:n] does not depend on n_max
    return jax.vmap(lambda j: jax.random.uniform(jax.random.fold_in(k, j), (d,)))(
        jnp.arange(n_max))

  if context == "shared":
    E = context_rows(ke)
  else:
    E = jax.vmap(lambda t: context_rows(jax.random.fold_in(ke, t)))(rows)
  w = (rows < T).astype(jnp.float32)
  w = w / jnp.sum(w)
  model = MemorizationMHA(d_model, H_max, d_h_max, num_classes)
  params = model.init(kp, x[:1], E if E.ndim == 2 else E[:1], H, d_h, n)
  # W_O's rows were drawn N(0, 1): scale them to the fan-in of the H heads in use.
  params["params"]["W_O"]["kernel"] = params["params"]["W_O"]["kernel"] / jnp.sqrt(
      jnp.asarray(H, jnp.float32))
  opt = optimizers.make("adam", optimizers.schedule(learning_rate, "warmup_cosine", steps))

  def loss_fn(p):
    logits = model.apply(p, x, E, H, d_h, n)
    loss = jnp.sum(w * optax.softmax_cross_entropy_with_integer_labels(logits, y))
    # the number right among the T examples, an integer: no round-off at the threshold
    return loss, jnp.sum((rows < T) & (jnp.argmax(logits, -1) == y))

  grad = jax.value_and_grad(loss_fn, has_aux=True)

  def segment(carry, _):
    def step(c, _):
      p, s = c
      (_, _), g = grad(p)
      u, s = opt.update(g, s, p)
      return (optax.apply_updates(p, u), s), None
    carry, _ = jax.lax.scan(step, carry, None, length=eval_every)
    loss, acc = loss_fn(carry[0])
    return carry, (loss, acc)

  _, (losses, accs) = jax.lax.scan(segment, (params, opt.init(params)), None,
                                   length=steps // eval_every)
  best = jnp.argmin(losses)
  return dict(correct=accs[best], accuracy=accs[best] / T, best_accuracy=jnp.max(accs) / T,
              loss=losses[best])
