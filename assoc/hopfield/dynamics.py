"""Zero-temperature dynamics of Hopfield networks (spec hopfield.md §1.2).

Every function here acts on one network (one `Couplings`, one state sigma of
shape (N,)) and is pure, so experiments `vmap` it over seeds and sweep points.

Asynchronous dynamics visit the spins in a random order, a new permutation per
sweep, and set sigma_i <- sgn(h_i). They are implemented by skipping to the
next unstable spin: the fields of the next `block` spins of the permutation are
computed at once from the current state; the first of them that disagrees with
its field is flipped and the scan resumes right after it; if none disagrees,
the whole block is passed. This is the same trajectory as visiting the spins
one by one (tests check it for block = 1 against larger blocks), but the number
of sequential steps is (N / block + flips) per sweep instead of N, and the
fields of a block are one small matrix product.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp

from assoc import couplings as cp
from assoc import rng

TIES = ("keep", "plus")


def sign(h: jax.Array, sigma: jax.Array, tie: str = "keep") -> jax.Array:
  """sgn(h) as +-1 in sigma's dtype; a zero field keeps sigma ('keep') or gives +1."""
  if tie == "keep":
    at_zero = sigma
  elif tie == "plus":
    at_zero = jnp.ones_like(sigma)
  else:
    raise ValueError(f"unknown tie rule {tie!r}; known: {', '.join(TIES)}")
  one = jnp.ones_like(sigma)
  return jnp.where(h > 0, one, jnp.where(h < 0, -one, at_zero))


class Result(NamedTuple):
  sigma: jax.Array      # final state (N,)
  sweeps: jax.Array     # sweeps run, including the last, flip-free one (int32)
  converged: jax.Array  # a fixed point was reached within max_sweeps (bool)
  cycle: jax.Array      # synchronous dynamics ended in a 2-cycle (bool)
  flips: jax.Array      # total number of spin flips (int32)


def unstable(c: cp.Couplings, sigma: jax.Array, tie: str = "keep") -> jax.Array:
  """Boolean mask of the spins that a zero-temperature update would flip."""
  h = cp.fields_from_overlaps(c, cp.overlaps(c, sigma), sigma)
  return sign(h, sigma, tie) != sigma


def _async_sweep(c, sigma, aux, perm, tie, block):
  """One random-sequential sweep in the order `perm`; returns (sigma, aux, flips).

  The couplings, the state and (for Dense) the fields are first put in the
  order of the sweep, padded by `block` inert neurons, so that every step reads
  contiguous slices.
  """
  N = sigma.shape[0]
  cp_ = cp.permute(c, perm, pad=block)
  index = cp.permute_index(perm, pad=block)
  sigma_p = jnp.take(sigma, index, mode="fill", fill_value=0)
  dense = isinstance(c, cp.Dense)
  aux_p = jnp.take(aux, index, mode="fill", fill_value=0) if dense else aux
  offsets = jnp.arange(block)

  def body(state):
    sigma_p, aux_p, pos, flips = state
    h = cp.block_fields(cp_, aux_p, sigma_p, pos, block)
    s = jax.lax.dynamic_slice_in_dim(sigma_p, pos, block)
    wants = (sign(h, s, tie) != s) & (pos + offsets < N)
    found = jnp.any(wants)
    j = jnp.argmax(wants)
    i = pos + j
    delta = jnp.where(found, -2.0 * s[j], 0.0).astype(sigma.dtype)
    sigma_p = sigma_p.at[i].add(delta)
    aux_p = cp.update_overlaps(cp_, aux_p, i, delta)
    pos = jnp.where(found, i + 1, pos + block)
    return sigma_p, aux_p, pos, flips + found.astype(jnp.int32)

  sigma_p, aux_p, _, flips = jax.lax.while_loop(
      lambda state: state[2] < N, body,
      (sigma_p, aux_p, jnp.int32(0), jnp.int32(0)))
  sigma = sigma.at[perm].set(sigma_p[:N])
  if dense:
    aux = aux.at[perm].set(aux_p[:N])
  else:
    aux = aux_p
  return sigma, aux, flips


def zero_t_async(key: jax.Array, c: cp.Couplings, sigma0: jax.Array, *,
                 max_sweeps: int, tie: str = "keep", block: int = 32) -> Result:
  """T = 0 asynchronous dynamics until a sweep without flips, or `max_sweeps`.

  The order of sweep t is `assoc.rng.permutation(fold_in(key, t), N)`.
  `block` changes the speed, not the trajectory.
  """
  N = sigma0.shape[0]
  block = max(1, min(block, N))

  def cond(state):
    _, _, t, done, _ = state
    return (~done) & (t < max_sweeps)

  def body(state):
    sigma, aux, t, _, total = state
    perm = rng.permutation(jax.random.fold_in(key, t), N)
    sigma, aux, flips = _async_sweep(c, sigma, aux, perm, tie, block)
    return sigma, aux, t + 1, flips == 0, total + flips

  sigma, _, sweeps, converged, flips = jax.lax.while_loop(
      cond, body, (sigma0, cp.overlaps(c, sigma0), jnp.int32(0),
                   jnp.bool_(False), jnp.int32(0)))
  return Result(sigma, sweeps, converged, jnp.bool_(False), flips)


def zero_t_sync(c: cp.Couplings, sigma0: jax.Array, *, max_sweeps: int,
                tie: str = "keep") -> Result:
  """T = 0 synchronous dynamics sigma <- sgn(J sigma), all spins at once.

  Stops at a fixed point or a 2-cycle sigma(t) = sigma(t-2) != sigma(t-1)
  (`cycle = True`), or after `max_sweeps` updates (each counted as a sweep).
  """

  def cond(state):
    _, _, t, done, _, _ = state
    return (~done) & (t < max_sweeps)

  def body(state):
    prev, sigma, t, _, _, total = state
    h = cp.fields_from_overlaps(c, cp.overlaps(c, sigma), sigma)
    new = sign(h, sigma, tie)
    fixed = jnp.all(new == sigma)
    cycle = jnp.all(new == prev) & ~fixed
    flips = jnp.sum(new != sigma).astype(jnp.int32)
    return sigma, new, t + 1, fixed | cycle, cycle, total + flips

  _, sigma, t, done, cycle, flips = jax.lax.while_loop(
      cond, body, (sigma0, sigma0, jnp.int32(0), jnp.bool_(False),
                   jnp.bool_(False), jnp.int32(0)))
  return Result(sigma, t, done & ~cycle, cycle, flips)
