"""SGD on the outer-product memory's W in its kernel form: the same training
run as `assoc.outer.training.train` for SGD on W alone (linear model, E and
U fixed, no LN), in O(N^2 M) per step whatever d (docs/outer_product.md
§3.4)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import optax

from assoc.outer import memory, training, zipf
from assoc.training import optimizers


def train(key: jax.Array, h: training.Hyper, setup: training.Setup) -> dict[str, jax.Array]:
  """`training.train` for SGD on W alone (linear model, E and U fixed, no LN), in
  O(N^2 M) per step whatever d: every SGD gradient is U^T G^T E with G the
  (N, M) gradient of the loss in the logits, so W_t = W_0 + U^T A_t E and the
  logits are Z_t = Z_0 + K_E A_t^T K_U with K_E = E E^T, K_U = U U^T; SGD on W
  is exactly SGD on the coefficients A (optax.sgd, gradient G^T). Same keys,
  batches, outputs and checkpoints as `training.train` (equal up to float
  rounding)."""
  p = zipf.probabilities(setup.N_max, h.alpha, num_tokens=h.N)
  f = jnp.arange(setup.N_max, dtype=jnp.int32) % h.M
  params0 = training.init(jax.random.fold_in(key, 0), setup, h)
  E, U, W0 = params0["E"], params0["U"], params0["W"]
  K_E, K_U = E @ E.T, U @ U.T
  Z0 = E @ (W0.T @ U.T)
  classes = jnp.arange(setup.M_max) < h.M
  labels = jnp.arange(setup.N_max, dtype=jnp.int32) % h.M
  opt = optimizers.make("sgd", training.schedule(h))
  u = training.stream(jax.random.fold_in(key, 1), setup)

  def z_of(A):
    return jnp.where(classes, Z0 + K_E @ A.T @ K_U, -jnp.inf)

  def loss_z(z, weights):
    ce = optax.softmax_cross_entropy_with_integer_labels(z, labels)
    return jnp.sum(jnp.where(weights > 0, weights * ce, 0.0))

  def evaluation(A, q, seen):
    z = z_of(A)
    out = training.errors(z, f, p, h, setup.n_head, seen)
    out["loss"] = loss_z(z, p)
    if setup.eq16:
      S = memory.scores(E, U, f, q)
      out["error_eq16"] = memory.population_error(
          memory.predictions(jnp.where(classes, S, -jnp.inf)), f, p)
    if setup.grad_std:
      G = jax.grad(loss_z)(z, p)
      g = U.T @ (G.T @ E)
      count = h.d.astype(jnp.float32) ** 2
      mean = jnp.sum(g) / count
      mask = training.masks(setup, h)["W"]
      out["grad_std"] = jnp.sqrt(jnp.sum(mask * (g - mean) ** 2) / count)
    return out

  def update(s, carry):
    A, state, q, seen = carry
    w = training.batch_weights(u, s, p, setup, h)
    G = jax.grad(loss_z)(z_of(A), w)
    updates, state = opt.update(G.T, state, A)
    A = optax.apply_updates(A, updates)
    if setup.eq16:
      q = training.eq16_update(q, w, training.schedule(h)(s - 1), h.eq16_D)
    return A, state, q, seen + w

  A0 = jnp.zeros((setup.M_max, setup.N_max), p.dtype)
  zeros = jnp.zeros((setup.N_max,), p.dtype)
  carry = (A0, opt.init(A0), zeros, zeros)
  return training.evaluated_loop(update, lambda c: evaluation(c[0], c[2], c[3]), carry, h)[1]
