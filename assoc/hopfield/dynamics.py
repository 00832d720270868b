"""Zero-temperature and heat-bath dynamics of Hopfield networks (docs/hopfield.md §1.2).

Every function here acts on one network (one `Couplings`, one state sigma of
shape (N,)) and is pure, so experiments `vmap` it over seeds and sweep points.

Asynchronous dynamics visit the spins in a random order, a new permutation per
sweep, and set sigma_i <- sgn(h_i) (T = 0) or draw it from the heat bath
(Glauber). Both are implemented by skipping to the next spin that changes
(`_block_scan`): the order is cut into windows of `block` spins; the rows of
a window's neurons are read once (a (block, R) gather) and their fields
computed at once from the current state; the first spin of the window that
would change is flipped, the fields of the window recomputed, and the scan
resumes right after it; a window without a change is passed. This is the same
trajectory as visiting the spins one by one (tests check it for block = 1
against larger blocks), in N / block + flips sequential steps per sweep
instead of N, each one small matrix product. A T = 0 sweep that starts at a
fixed point is counted without being run (`zero_t_async`).

Where the time goes (N = 2000, P = 400, one CPU core, jax 0.10): a sweep
costs about 0.2-0.3 ms to draw its order (`assoc.rng.permutation`: two sorts
of N keys), about 0.3 ms to read the N rows of the couplings in that order,
and a few microseconds per window and per flip (kernel launches); the
arithmetic itself (2 N P flops) is about 1 % of it
(benchmarks/bench_hopfield_capacity.py). Measured per window step in a
compiled loop: gathering 32 rows of the (N, P) patterns takes about 5 us
whatever the index mode or dtype (float32, bfloat16 and int8 rows cost the
same), the 32 x P product about 3 us, the rest under 1 us; a product with
all N rows instead (to skip straight to the next changing spin) about 37 us.
So the window scan stays cheaper than recomputing every field after a flip
unless a sweep has fewer than about 20 flips.
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
  h = c.fields_from_overlaps(c.overlaps(sigma), sigma)
  return sign(h, sigma, tie) != sigma


def _block_scan(c, sigma, aux, perm, block, new_spins, first=0):
  """One random-sequential sweep in the order `perm` that skips to the next
  spin whose value changes; returns (sigma, aux, flips). `first` (traced
  allowed) is a position of the order before which no spin would change (the
  scan starts at its window).

  `new_spins(h, s, pos)` gives the values that spins pos .. pos+block-1 of
  the sweep order (current values s, unscaled fields h) would take if each
  were updated now. The first that changes is changed, its overlaps updated,
  and the scan resumes right after it; a block without a change is passed.
  This is the trajectory of visiting the spins one by one (tests check it
  against block = 1) in N / block + flips sequential steps instead of N.

  A step reads the `block` neurons it examines by index (`c.permute` of the
  window of the order: a (block, R) gather), so nothing of size N x R is
  copied per sweep. Models whose running state is per neuron
  (`aux_per_neuron`, an explicit J) are instead put in the order of the sweep
  once (`_block_scan_permuted`).
  """
  if c.aux_per_neuron:
    return _block_scan_permuted(c, sigma, aux, perm, block, new_spins, first)
  N = sigma.shape[0]
  windows = -(-N // block)
  index = cp.permute_index(perm, pad=windows * block - N)  # padding: index N, inert
  offsets = jnp.arange(block)

  def window_step(w, state):
    sigma, aux, flips = state
    start = w * block
    idx = jax.lax.dynamic_slice_in_dim(index, start, block)
    window = c.permute(idx)
    real = start + offsets < N

    def scan(state):
      s, aux, cur, flips = state
      h = window.block_fields(aux, s, 0, block)
      changes = (new_spins(h, s, start) != s) & real & (offsets >= cur)
      found = jnp.any(changes)
      j = jnp.argmax(changes)
      delta = jnp.where(found, -2.0 * s[j], 0.0).astype(s.dtype)
      s = s.at[j].add(delta)
      aux = window.update_overlaps(aux, j, delta)
      cur = jnp.where(found, j + 1, block)
      return s, aux, cur, flips + found.astype(jnp.int32)

    s = jnp.take(sigma, idx, mode="fill", fill_value=0)
    s, aux, _, flips = jax.lax.while_loop(
        lambda state: state[2] < block, scan, (s, aux, jnp.int32(0), flips))
    sigma = sigma.at[idx].set(s, mode="drop")
    return sigma, aux, flips

  return jax.lax.fori_loop(jnp.asarray(first, jnp.int32) // block, windows, window_step,
                           (sigma, aux, jnp.int32(0)))


def _block_scan_permuted(c, sigma, aux, perm, block, new_spins, first=0):
  """`_block_scan` for models with per-neuron aux: the couplings, the state
  and the fields are first put in the order of the sweep, padded by `block`
  inert neurons, so that every step reads contiguous slices."""
  N = sigma.shape[0]
  cp_ = c.permute(perm, pad=block)
  index = cp.permute_index(perm, pad=block)
  sigma_p = jnp.take(sigma, index, mode="fill", fill_value=0)
  aux_p = jnp.take(aux, index, mode="fill", fill_value=0)
  offsets = jnp.arange(block)

  def body(state):
    sigma_p, aux_p, pos, flips = state
    h = cp_.block_fields(aux_p, sigma_p, pos, block)
    s = jax.lax.dynamic_slice_in_dim(sigma_p, pos, block)
    changes = (new_spins(h, s, pos) != s) & (pos + offsets < N)
    found = jnp.any(changes)
    j = jnp.argmax(changes)
    i = pos + j
    delta = jnp.where(found, -2.0 * s[j], 0.0).astype(sigma.dtype)
    sigma_p = sigma_p.at[i].add(delta)
    aux_p = cp_.update_overlaps(aux_p, i, delta)
    pos = jnp.where(found, i + 1, pos + block)
    return sigma_p, aux_p, pos, flips + found.astype(jnp.int32)

  sigma_p, aux_p, _, flips = jax.lax.while_loop(
      lambda state: state[2] < N, body,
      (sigma_p, aux_p, jnp.asarray(first, jnp.int32), jnp.int32(0)))
  return sigma.at[perm].set(sigma_p[:N]), aux.at[perm].set(aux_p[:N]), flips


def _async_sweep(c, sigma, aux, perm, tie, block, first=0):
  """One T = 0 random-sequential sweep: sigma_i <- sgn(h_i) in the order `perm`."""
  return _block_scan(c, sigma, aux, perm, block, lambda h, s, pos: sign(h, s, tie), first)


def zero_t_async(key: jax.Array, c: cp.Couplings, sigma0: jax.Array, *,
                 max_sweeps: int, tie: str = "keep", block: int = 32) -> Result:
  """T = 0 asynchronous dynamics until a sweep without flips, or `max_sweeps`.

  The order of sweep t is `assoc.rng.permutation(fold_in(key, t), N)`.
  `block` changes the speed, not the trajectory. Each sweep starts with the
  fields of all N spins (one matrix-vector product): a sweep without an
  unstable spin makes no flip whatever the order, so it is counted without
  drawing its order or visiting the spins (the last sweep of a converged run,
  the only one of a run that starts at a fixed point); otherwise no spin
  before the first unstable one of the order can change, and the scan starts
  there. Spins whose margin sigma_i h_i is within 1e-4 max |h| of zero count
  as unstable here, so that rounding never skips a flip the blocks would make.
  """
  N = sigma0.shape[0]
  block = max(1, min(block, N))

  def cond(state):
    _, _, t, done, _ = state
    return (~done) & (t < max_sweeps)

  def body(state):
    sigma, aux, t, _, total = state

    h = c.block_fields(aux, sigma, 0, N)  # the fields the blocks compute, all at once
    # Spins that may change: unstable, or within rounding of it (a field of a
    # block can round differently from this product of all N rows).
    margin = 1e-4 * jnp.max(jnp.abs(h))
    unstable = (sign(h, sigma, tie) != sigma) | (sigma * h <= margin)
    moving = jnp.any(unstable)

    def sweep(sigma, aux):
      perm = rng.permutation(jax.random.fold_in(key, t), N)
      first = jnp.argmax(unstable[perm]).astype(jnp.int32)
      return _async_sweep(c, sigma, aux, perm, tie, block, first)

    sigma, aux, flips = jax.lax.cond(moving, sweep,
                                     lambda sigma, aux: (sigma, aux, jnp.int32(0)),
                                     sigma, aux)
    return sigma, aux, t + 1, flips == 0, total + flips

  sigma, _, sweeps, converged, flips = jax.lax.while_loop(
      cond, body, (sigma0, c.overlaps(sigma0), jnp.int32(0),
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
    h = c.fields_from_overlaps(c.overlaps(sigma), sigma)
    new = sign(h, sigma, tie)
    fixed = jnp.all(new == sigma)
    cycle = jnp.all(new == prev) & ~fixed
    flips = jnp.sum(new != sigma).astype(jnp.int32)
    return sigma, new, t + 1, fixed | cycle, cycle, total + flips

  _, sigma, t, done, cycle, flips = jax.lax.while_loop(
      cond, body, (sigma0, sigma0, jnp.int32(0), jnp.bool_(False),
                   jnp.bool_(False), jnp.int32(0)))
  return Result(sigma, t, done & ~cycle, cycle, flips)


# ------------------------------------------------------------------ Glauber

ORDERS = ("sequential", "parallel")


class GlauberResult(NamedTuple):
  sigma: jax.Array       # final state(s): (N,) or (replicas, N)
  m_mean: jax.Array      # time average of m = target . sigma / N (per replica)
  m_abs_mean: jax.Array  # time average of |m|
  q_mean: jax.Array      # time average of sigma^a . sigma^b / N (replicas 0, 1; NaN if one)
  flips: jax.Array       # spin changes during the measured sweeps


def _heat_bath_up(h, u, beta):
  """sigma_i = +1 iff u_i < tanh(beta h_i), u ~ Unif(-1, 1): Pr(+1) = (1 + tanh beta h)/2.
  beta may be inf (T = 0); a zero field is then a fair coin."""
  bh = jnp.where(h == 0, 0.0, beta * h)
  return u < jnp.tanh(bh)


def _glauber_sequential_sweep(c, sigma, aux, perm, u, beta, block):
  """One random-sequential heat-bath sweep with the uniforms `u` (in sweep
  order): the same chain as updating spins one by one with the same uniforms."""
  u_p = jnp.concatenate([u, jnp.zeros(block, u.dtype)])
  scale = c.scale

  def new_spins(h, s, pos):
    ub = jax.lax.dynamic_slice_in_dim(u_p, pos, block)
    return jnp.where(_heat_bath_up(h * scale, ub, beta), 1.0, -1.0).astype(s.dtype)

  return _block_scan(c, sigma, aux, perm, block, new_spins)


def _glauber_parallel_sweep(c, sigma, u, beta):
  """All spins at once (Little dynamics): a different stationary measure
  from the Boltzmann one AGS describes (docs/hopfield.md §1.2)."""
  h = c.fields_from_overlaps(c.overlaps(sigma), sigma) * c.scale
  new = jnp.where(_heat_bath_up(h, u, beta), 1.0, -1.0).astype(sigma.dtype)
  return new, jnp.sum(new != sigma).astype(jnp.int32)


def glauber(key: jax.Array, c: cp.FieldModel, sigma0: jax.Array, target: jax.Array,
            *, T, burn_in: int, measure: int, order: str = "sequential",
            replicas: int = 1, block: int = 32) -> GlauberResult:
  """Heat-bath (Glauber) dynamics at temperature T (docs/hopfield.md §1.2).

  Sweep t of replica a uses the order `rng.permutation(fold_in(k, 0), N)` and
  N uniforms from `fold_in(k, 1)`, k = fold_in(fold_in(key, a), t), and sets
  sigma_i = +1 with probability (1 + tanh(h_i / T)) / 2, fields as the model
  defines them (E(-1) - E(+1) = 2 h_i). Random-sequential order samples the
  Boltzmann measure of the energy; `parallel` is Little dynamics (not the
  measure AGS describes). `burn_in` sweeps, then `measure` sweeps over which
  m = target . sigma / N (target (N,), or (N, K) for K overlaps at once), |m|
  and (two or more replicas, same patterns, same start) q = sigma^1 .
  sigma^2 / N are averaged. T = 0 is allowed (a zero
  field is then a fair coin). `block` changes the speed, not the chain.
  """
  if order not in ORDERS:
    raise ValueError(f"unknown order {order!r}; known: {', '.join(ORDERS)}")
  N = sigma0.shape[0]
  block = max(1, min(block, N))
  beta = jnp.where(T > 0, 1.0 / jnp.maximum(T, 1e-30), jnp.inf)

  def sweep_one(k, sigma, aux):
    perm = rng.permutation(jax.random.fold_in(k, 0), N)
    u = jax.random.uniform(jax.random.fold_in(k, 1), (N,), minval=-1.0, maxval=1.0)
    if order == "sequential":
      return _glauber_sequential_sweep(c, sigma, aux, perm, u, beta, block)
    sigma, flips = _glauber_parallel_sweep(c, sigma, u, beta)
    return sigma, aux, flips

  rep_keys = jax.vmap(lambda a: jax.random.fold_in(key, a))(jnp.arange(replicas))
  sigma = jnp.broadcast_to(sigma0, (replicas, N))
  aux = jax.vmap(c.overlaps)(sigma)

  def body(t, state):
    sigma, aux, sums = state
    keys = jax.vmap(lambda k: jax.random.fold_in(k, t))(rep_keys)
    sigma, aux, flips = jax.vmap(sweep_one)(keys, sigma, aux)
    m = jnp.matmul(sigma, target, precision=cp.HIGHEST) / N
    q = (jnp.dot(sigma[0], sigma[1], precision=cp.HIGHEST) / N if replicas > 1
         else jnp.float32(jnp.nan))
    on = (t >= burn_in).astype(m.dtype)
    m_sum, abs_sum, q_sum, f_sum = sums
    sums = (m_sum + on * m, abs_sum + on * jnp.abs(m), q_sum + on * q,
            f_sum + (t >= burn_in) * flips)
    return sigma, aux, sums

  zeros = jnp.zeros((replicas,) + target.shape[1:], sigma0.dtype)
  init = (sigma, aux, (zeros, zeros, jnp.float32(0.0), jnp.zeros(replicas, jnp.int32)))
  sigma, _, (m_sum, abs_sum, q_sum, flips) = jax.lax.fori_loop(
      0, burn_in + measure, body, init)
  n = max(measure, 1)
  squeeze = (lambda x: x[0]) if replicas == 1 else (lambda x: x)
  return GlauberResult(squeeze(sigma), squeeze(m_sum / n), squeeze(abs_sum / n),
                       q_sum / n, squeeze(flips))
