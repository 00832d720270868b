"""A training run in checkpointable segments with metrics at fixed steps,
shared by the training simulations (sims/ht_memory.py, sims/tiny_ablation.py).

    advance = segment_advance(T, seg, steps, train, evaluate)
    params, opt_state, metrics = advance(params, opt_state, metrics, segment)

runs the updates t -> t + 1 for t = segment * seg ... (segment + 1) * seg - 1
(those with t < T), and after each update whose new step t + 1 is in
`steps` writes evaluate(params) into row slot(t + 1) of every metric array
(metrics: {name: array with a leading axis over `steps`}). `train(params,
opt_state, t)` is one update; `evaluate(params)` returns {name: array}.
"""

from __future__ import annotations

import math
from typing import Callable

import jax
import jax.numpy as jnp
import numpy as np


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


def auc(steps, acc) -> float:
  """Area under acc vs log(step) from the first to the last step, divided by
  the log range (in [0, 1] for acc in [0, 1]; the mean for one step)."""
  x = np.log(np.asarray(steps, float))
  if x[-1] == x[0]:
    return float(np.mean(acc))
  return float(np.trapezoid(acc, x) / (x[-1] - x[0]))
