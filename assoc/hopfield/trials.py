"""One trial of a Hopfield-family simulation: store random patterns, start
near the first, run the dynamics, measure (docs/hopfield.md §1.2, §1.4, §2.3).

Every trial begins with the same prelude (`stored`): P_max rows of i.i.d.
+-1 patterns of which the first `num_patterns` (traced) are real and the
rest zero padding (`assoc.patterns.rademacher`), stored by `store(xi) ->
model` (a storage rule's couplings, `assoc.rules.storage`, or a dense memory,
`assoc.hopfield.dense`), the target xi^1 and the start: xi^1 with round(flip_frac
N) spins flipped. The random numbers come from the task key by fold_in:

    patterns   fold_in(key, 0)   (row mu from its own key: padding changes nothing)
    start      fold_in(key, 1)
    dynamics   fold_in(key, 2)

so the same key gives the same patterns and start whatever the rule, the
dynamics or the temperature (the sims compare rules on common random numbers).

Measurements: the *stability margin* of a state, min_i sigma_i h_i(sigma) (> 0
iff sigma is an exact fixed point of the T = 0 update), by `margin` (fields
without the model's positive `scale`, which does not change the sign) and
`stability` (with it), and `count_fixed`, how many stored patterns are exact
fixed points.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

import jax
import jax.numpy as jnp

from assoc import patterns as pt
from assoc.hopfield import dynamics

DYNAMICS = ("async", "sync")

# (P, N) patterns -> a field model; for a registered storage rule,
# `assoc.rules.storage(name, options)`.
Store = Callable[[jax.Array], Any]


class Stored(NamedTuple):
  xi: jax.Array      # (P_max, N), rows >= num_patterns zero
  model: Any         # what `store` made of xi
  target: jax.Array  # xi[0]
  sigma0: jax.Array | None  # the start (None without flip_frac)


def stored(key: jax.Array, num_patterns, store: Store, *, N: int, P_max: int,
           flip_frac=None) -> Stored:
  """The prelude of every trial (see the module docstring)."""
  xi = pt.rademacher(jax.random.fold_in(key, 0), P_max, N, num_patterns)
  if flip_frac is None:
    sigma0 = None
  elif isinstance(flip_frac, (int, float)) and flip_frac == 0:
    sigma0 = xi[0]  # what flip_fraction returns for no flips, without drawing an order
  else:
    sigma0 = pt.flip_fraction(jax.random.fold_in(key, 1), xi[0], flip_frac)
  return Stored(xi, store(xi), xi[0], sigma0)


def margin(model, sigma: jax.Array) -> jax.Array:
  """min_i sigma_i h_i(sigma) / scale: > 0 iff sigma is an exact fixed point."""
  return jnp.min(sigma * model.fields_from_overlaps(model.overlaps(sigma), sigma))


def stability(model, sigma: jax.Array) -> jax.Array:
  """min_i sigma_i h_i(sigma), fields with the model's scale. It is NaN when
  the couplings are not finite (e.g. a singular pseudo-inverse), which the
  sweep engine reports as an error instead of a silent result."""
  return margin(model, sigma) * model.scale


def count_fixed(model, xi: jax.Array, num_patterns, num_tested: int | None = None,
                *, one_at_a_time: bool = False) -> tuple[jax.Array, jax.Array, jax.Array]:
  """Tests the first `num_tested` rows of xi (all by default) for being exact
  fixed points; rows >= num_patterns are padding and do not count.

  Returns (fixed, tested, margins): the int32 counts, and the (num_tested,)
  margins with +inf on padding rows. `one_at_a_time` tests the patterns in
  turn (lax.map) rather than together (vmap), for models whose fields need a
  large temporary per pattern.
  """
  tested_xi = xi if num_tested is None else xi[:num_tested]
  one = lambda s: margin(model, s)  # noqa: E731
  margins = jax.lax.map(one, tested_xi) if one_at_a_time else jax.vmap(one)(tested_xi)
  valid = jnp.arange(tested_xi.shape[0]) < num_patterns
  return (jnp.sum((margins > 0) & valid).astype(jnp.int32),
          jnp.sum(valid).astype(jnp.int32),
          jnp.where(valid, margins, jnp.inf))


# --------------------------------------------------------------------- trials

def retrieval_trial(key: jax.Array, num_patterns: jax.Array, *, N: int, P_max: int,
                    store: Store, dynamics_name: str = "async", flip_frac=0.0,
                    max_sweeps: int = 100, tie: str = "keep", block: int = 32,
                    num_tested: int = 0) -> dict[str, jax.Array]:
  """Stores the patterns, starts from pattern 1 with round(flip_frac N) spins
  flipped and runs T = 0 dynamics ("async" or "sync",
  `assoc.hopfield.dynamics`) to a fixed point or `max_sweeps`.

  Returns int32 `overlap_sum` = xi^1 . sigma (the final overlap times N,
  exact), `sweeps`, `flips`, booleans `converged`, `cycle`, and float32
  `stability` of the target xi^1 (`stability`). With `num_tested` > 0, also
  `fixed` and `tested` of the first num_tested patterns (`count_fixed`).
  """
  s = stored(key, num_patterns, store, N=N, P_max=P_max, flip_frac=flip_frac)
  out = {}
  if num_tested:
    out["fixed"], out["tested"], margins = count_fixed(s.model, s.xi, num_patterns,
                                                       num_tested)
    out["stability"] = margins[0] * s.model.scale  # the target is pattern 1
  else:
    out["stability"] = stability(s.model, s.target)
  if dynamics_name == "async":
    res = dynamics.zero_t_async(jax.random.fold_in(key, 2), s.model, s.sigma0,
                                max_sweeps=max_sweeps, tie=tie, block=block)
  elif dynamics_name == "sync":
    res = dynamics.zero_t_sync(s.model, s.sigma0, max_sweeps=max_sweeps, tie=tie)
  else:
    raise ValueError(f"unknown dynamics {dynamics_name!r}; known: {', '.join(DYNAMICS)}")
  out.update(overlap_sum=jnp.round(jnp.dot(res.sigma, s.target)).astype(jnp.int32),
             sweeps=res.sweeps, flips=res.flips, converged=res.converged, cycle=res.cycle)
  return out


def fixed_point_trial(key: jax.Array, num_patterns: jax.Array, *, N: int, P_max: int,
                      store: Store, num_tested: int | None = None,
                      one_at_a_time: bool = False) -> dict[str, jax.Array]:
  """Stores the patterns and tests the first `num_tested` (all by default)
  for being exact fixed points: int32 `fixed`, `tested`, and float32
  `min_stability`, the smallest stability over the tested patterns."""
  s = stored(key, num_patterns, store, N=N, P_max=P_max)
  fixed, tested, margins = count_fixed(s.model, s.xi, num_patterns, num_tested,
                                       one_at_a_time=one_at_a_time)
  return dict(fixed=fixed, tested=tested, min_stability=jnp.min(margins) * s.model.scale)


def glauber_trial(key: jax.Array, num_patterns: jax.Array, T: jax.Array, *, N: int,
                  P_max: int, store: Store, order: str, burn_in: int, measure: int,
                  replicas: int, flip_frac: float, block: int) -> dict[str, jax.Array]:
  """Heat-bath dynamics at temperature T from pattern 1 with a fraction
  flip_frac flipped (`dynamics.glauber`): time averages `m_mean`,
  `m_abs_mean` (replica 1), `m_final`, `flips`, the target's `stability`,
  and with two replicas `q_mean`."""
  s = stored(key, num_patterns, store, N=N, P_max=P_max, flip_frac=flip_frac)
  res = dynamics.glauber(jax.random.fold_in(key, 2), s.model, s.sigma0, s.target, T=T,
                         burn_in=burn_in, measure=measure, order=order,
                         replicas=replicas, block=block)
  first = (lambda x: x[0]) if replicas > 1 else (lambda x: x)
  out = dict(m_mean=first(res.m_mean), m_abs_mean=first(res.m_abs_mean),
             m_final=jnp.dot(first(res.sigma), s.target) / N, flips=first(res.flips),
             stability=stability(s.model, s.target))
  if replicas > 1:  # q is undefined (NaN) with one replica
    out["q_mean"] = res.q_mean
  return out
