"""One retrieval trial: store P random patterns, start near the first, run the
dynamics, measure the final overlap (spec hopfield.md §1.2, §1.4)."""

from __future__ import annotations

from typing import Any, Mapping

import jax
import jax.numpy as jnp

from assoc import couplings as cp
from assoc import patterns as pt
from assoc import rules
from assoc.hopfield import dynamics

DYNAMICS = ("async", "sync")


def retrieval_trial(key: jax.Array, num_patterns: jax.Array, *, N: int,
                    P_max: int, rule: str,
                    rule_options: Mapping[str, Any] | None = None,
                    dynamics_name: str = "async", flip_frac: float = 0.0,
                    max_sweeps: int = 100, tie: str = "keep",
                    block: int = 32) -> dict[str, jax.Array]:
  """Stores `num_patterns` (<= P_max, may be traced) Rademacher patterns with
  `rule`, starts from pattern 0 with round(flip_frac N) spins flipped and runs
  T = 0 dynamics to a fixed point or `max_sweeps`.

  Keys: patterns from fold_in(key, 0), the flips from fold_in(key, 1), the
  update order from fold_in(key, 2): the same key gives the same patterns
  whatever the rule or the dynamics.

  Returns int32 `overlap_sum` = xi^1 . sigma (the overlap times N, exact),
  `sweeps`, `flips`, booleans `converged`, `cycle`, and float32 `stability`
  = min_i xi^1_i h_i(xi^1), the smallest stability of a bit of the stored
  target (> 0: the target is an exact fixed point). It is NaN when the
  couplings are not finite (e.g. a singular pseudo-inverse), which the sweep
  engine reports as an error instead of a silent result.
  """
  xi = pt.rademacher(jax.random.fold_in(key, 0), P_max, N, num_patterns)
  c = rules.get(rule)(xi, **dict(rule_options or {}))
  target = xi[0]
  stability = jnp.min(target * cp.fields(c, target))
  sigma0 = pt.flip_fraction(jax.random.fold_in(key, 1), target, flip_frac)
  if dynamics_name == "async":
    res = dynamics.zero_t_async(jax.random.fold_in(key, 2), c, sigma0,
                                max_sweeps=max_sweeps, tie=tie, block=block)
  elif dynamics_name == "sync":
    res = dynamics.zero_t_sync(c, sigma0, max_sweeps=max_sweeps, tie=tie)
  else:
    raise ValueError(f"unknown dynamics {dynamics_name!r}; known: "
                     f"{', '.join(DYNAMICS)}")
  overlap_sum = jnp.round(jnp.dot(res.sigma, target)).astype(jnp.int32)
  return dict(overlap_sum=overlap_sum, sweeps=res.sweeps, flips=res.flips,
              converged=res.converged, cycle=res.cycle, stability=stability)
