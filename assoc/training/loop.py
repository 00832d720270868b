"""Long training runs as sweep tasks: a model, a loss, a data stream and an
optimiser in checkpointable segments, with metrics at fixed steps. A
training simulation whose runs are long builds its task with
`segmented_training` (sims/ht_memory.py, sims/tiny_ablation.py) and picks
step sizes with `assoc.training.selection`. (Short runs that fit in one
program, as the outer-product memories' traced-step-count trainer,
assoc/outer/training.py, need no segments.)

    task = segmented_training(init=..., loss=..., data=..., optimizer=...,
                              evaluate=..., n_steps=T, segment_steps=S,
                              eval_steps=steps)

is an `assoc.segments.Segmented`: the sweep engine runs it for every
(point, seed), saves its state between segments and resumes a killed run
where it stopped. Its outputs are the metrics at `eval_steps`, each with a
leading axis over them.

The lower-level `segment_advance(T, seg, steps, train, evaluate)` returns
`advance(params, opt_state, metrics, segment)`, which runs the updates
t -> t + 1 for t = segment * seg ... (segment + 1) * seg - 1 (those with
t < T), and after each update whose new step t + 1 is in `steps` writes
evaluate(params) into row slot(t + 1) of every metric array.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import jax
import jax.numpy as jnp
import numpy as np
import optax

from assoc import segments


def log_steps(n_steps: int, num: int) -> np.ndarray:
  """About `num` log-spaced steps in [1, n_steps] (unique, n_steps included)."""
  steps = np.unique(np.round(np.logspace(0, math.log10(n_steps), num)).astype(int))
  return steps[(steps >= 1) & (steps <= n_steps)]


def segment_advance(T: int, seg: int, steps: np.ndarray, train: Callable, evaluate: Callable):
  """The body of a `Segmented.advance` (see the module docstring)."""
  num_segments = math.ceil(T / seg)
  # slot[t] = index of step t among the evaluation steps, or -1.
  slot_of = np.full(num_segments * seg + 2, -1, np.int32)
  slot_of[np.asarray(steps)] = np.arange(len(steps))
  slot_of = jnp.asarray(slot_of)

  def advance(params, opt_state, metrics, segment):
    def body(i, carry):
      params, opt_state, metrics = carry
      t = segment * seg + i  # the update t -> t + 1
      params, opt_state = jax.lax.cond(
          t < T, lambda c: train(c[0], c[1], t), lambda c: c, (params, opt_state))
      slot = slot_of[t + 1]

      def record(m):
        values = evaluate(params)
        return {k: m[k].at[slot].set(values[k]) for k in m}

      return params, opt_state, jax.lax.cond(slot >= 0, record, lambda m: m, metrics)

    return jax.lax.fori_loop(0, seg, body, (params, opt_state, metrics))

  return advance


def segmented_training(
    *,
    init: Callable[[jax.Array, Mapping[str, jax.Array]], Any],
    loss: Callable[[Any, Any, Any], jax.Array],
    data: Callable[[jax.Array, Any], Any],
    optimizer: Callable[[Mapping[str, jax.Array], Any], optax.GradientTransformation],
    evaluate: Callable[[Any, Any], Mapping[str, jax.Array]],
    n_steps: int,
    segment_steps: int,
    eval_steps: np.ndarray,
    context: Callable[..., Any] = lambda key: None,
    context_takes_hyper: bool = False,
) -> segments.Segmented:
  """A training run of `n_steps` updates as a sweep task in segments of
  `segment_steps` updates.

  The task's numeric inputs (the sweep's `inputs_of`: step sizes, switches)
  are its hyperparameters `hyper` ({name: float32 scalar}), traced, so every
  value runs in one compiled program. With the task's key:

    context(key)              what the run holds fixed and can recompute from
                              the key (embeddings, evaluation inputs); not
                              saved in checkpoints; context(key, hyper) with
                              `context_takes_hyper` (hyperparameters that
                              the loss needs, such as a width mask)
    init(key, hyper)          the initial parameters (a pytree)
    optimizer(hyper, params)  the optax optimiser
    data(key_t, context)      the batch of update t, key_t = fold_in(fold_in(
                              key, 2), t): a stream whose batches do not
                              depend on segments or resumption (init and
                              context must not use fold_in(key, 2))
    loss(params, batch, context)     the training loss of a batch
    evaluate(params, context) {name: array}: the metrics, recorded after each
                              update whose new step is in `eval_steps`

  Outputs: {name: (len(eval_steps), ...) array} of the metrics.
  """
  seg = min(segment_steps, n_steps)
  steps = np.asarray(eval_steps)

  def init_state(key, **inputs):
    hyper = {k: jnp.asarray(v, jnp.float32) for k, v in inputs.items()}
    params = init(key, hyper)
    ctx = context(key, hyper) if context_takes_hyper else context(key)
    like = jax.eval_shape(lambda: evaluate(params, ctx))
    metrics = {k: jnp.zeros((len(steps),) + v.shape, v.dtype) for k, v in like.items()}
    return {"key": jax.random.key_data(key), "hyper": hyper, "params": params,
            "opt": optimizer(hyper, params).init(params), "metrics": metrics}

  def advance(state, segment):
    key = jax.random.wrap_key_data(state["key"])
    ctx = context(key, state["hyper"]) if context_takes_hyper else context(key)
    data_key = jax.random.fold_in(key, 2)
    opt = optimizer(state["hyper"], state["params"])

    def train(params, opt_state, t):
      batch = data(jax.random.fold_in(data_key, t), ctx)
      grads = jax.grad(loss)(params, batch, ctx)
      updates, opt_state = opt.update(grads, opt_state, params)
      return optax.apply_updates(params, updates), opt_state

    run = segment_advance(n_steps, seg, steps, train, lambda p: evaluate(p, ctx))
    params, opt_state, metrics = run(state["params"], state["opt"], state["metrics"], segment)
    return {**state, "params": params, "opt": opt_state, "metrics": metrics}

  return segments.Segmented(init=init_state, advance=advance,
                            finish=lambda state: state["metrics"],
                            num_segments=math.ceil(n_steps / seg))


def auc(steps, acc) -> float:
  """Area under acc vs log(step) from the first to the last step, divided by
  the log range (in [0, 1] for acc in [0, 1]; the mean for one step)."""
  x = np.log(np.asarray(steps, float))
  if x[-1] == x[0]:
    return float(np.mean(acc))
  return float(np.trapezoid(acc, x) / (x[-1] - x[0]))
