r"""The project's optimisers and step-size schedules, by name, as optax
`GradientTransformation`s: every family that trains (outer-product
memories, the Muon studies, and any new training simulation) builds its
optimiser here (docs/muon_tail.md §1, §9; docs/outer_product.md §3.5).

    make("sgd", learning_rate)                plain (stochastic) gradient descent
    make("muon", learning_rate)               exact polar factor (SVD), theory runs
    make("muon_ns", learning_rate, weight_dimension_numbers={"W": MuonDimensionNumbers(0, 1)})
                                              optax.contrib.muon: Newton-Schulz on
                                              the named leaves, Adam elsewhere
    make("signgd" | "normalized_gd" | "adam" | "sgd_momentum", learning_rate, ...)

`learning_rate` is a float, a traced scalar or a schedule (`schedule`). Every
update is the direction times -learning_rate (optax's
`scale_by_learning_rate`), so a step of size eta from W is W + eta u with u
the update at learning_rate = 1.

* sgd: `optax.sgd(lr)`; "gd" is the same optimiser under the name the Muon
  papers use for full-batch steps (`ALIASES`).
* signgd: `optax.sign_sgd(lr)` (entry-wise sign; Adam with beta1 = beta2 =
  0); also spelled "sign_gd".
* normalized_gd: the gradient divided by the standard deviation of its
  entries (`scale_by_std`, over the entries where `mask` is 1), then -lr.
* muon: B_t = mu B_{t-1} + G_t (`optax.trace`, mu = `momentum`, 0 by
  default: the theory's momentum-free Muon), then the exact polar factor
  O_t = U V^T of B_t over its singular values > rtol * sigma_max
  (`scale_by_polar`), W_{t+1} = W_t - eta O_t (docs/muon_tail.md §1). Every
  leaf must be a matrix.
* muon_ns: `optax.contrib.muon` with `nesterov=False` by default (the
  paper's Muon; docs/muon_tail.md §9), `beta` its momentum EMA,
  `ns_coeffs`/`ns_steps` the Newton-Schulz iteration,
  `muon_weight_dimension_numbers` = `weight_dimension_numbers` (a pytree of
  `MuonDimensionNumbers` or None: None leaves use Adam with `adam_b1`,
  `adam_b2` and `adam_learning_rate`). Without `weight_dimension_numbers`,
  optax sends every 2-D leaf to Muon.
* adam: `optax.adam(lr, b1, b2, eps)` (b1 = b2 = 0: the "Adam(beta = 0)" of
  the outer-product grid). adamw: `optax.adamw` (decoupled weight decay,
  0.1 by default as in Zoology's MQAR runs). sgd_momentum: `optax.sgd(lr, momentum,
  nesterov=False)`.

Schedules (`schedule`): constant; linear or cosine decay to 0 over n_steps;
warmup_cosine (from 0.01 lr up to lr over 5 % of n_steps, then a cosine to
0); step (lr x decay_factor from step decay_step on, with traced values).
"""

from __future__ import annotations

import inspect
from typing import Any, Callable

import jax
import jax.numpy as jnp
import optax
from optax.contrib import MuonDimensionNumbers  # noqa: F401  (re-exported: the docstring example)

NAMES = ("sgd", "signgd", "normalized_gd", "adam", "adamw", "sgd_momentum", "muon", "muon_ns")
# Other spellings of the same optimisers, as the papers write them: records
# keep the name a config used.
ALIASES = {"gd": "sgd", "sign_gd": "signgd"}
SCHEDULES = ("constant", "linear", "cosine", "warmup_cosine", "step")
# The schedules set by the step size and the run's length alone.
RUN_LENGTH_SCHEDULES = ("constant", "linear", "cosine", "warmup_cosine")
# The NS coefficient sets of the Newton-Schulz figure (docs/muon_tail.md §5).
NS_COEFFS = {
    "quintic": (3.4445, -4.7750, 2.0315),  # optax's default: fast, not convergent
    "cubic": (1.5, -0.5, 0.0),             # convergent to the polar factor
}


def schedule(learning_rate, kind: str, n_steps: int | None = None, *,
             decay_step=None, decay_factor=None):
  """The step size `learning_rate` (a float or a traced scalar) held
  constant; decayed to 0 over n_steps linearly or along a cosine (optax
  schedules); "warmup_cosine": from 0.01 learning_rate up to it linearly
  over the first 5 % of n_steps, then a cosine to 0 (the schedule of
  Mahdavi et al.'s code, docs/pavlovian.md §2); or, for "step", multiplied by `decay_factor` from step
  `decay_step` on (optax counts steps from 0; both may be traced, which
  optax.piecewise_constant_schedule does not allow)."""
  if kind == "linear":
    return optax.linear_schedule(learning_rate, 0.0, n_steps)
  if kind == "cosine":
    return optax.cosine_decay_schedule(learning_rate, n_steps)
  if kind == "warmup_cosine":
    # Built from pieces: optax's warmup_cosine_decay_schedule tests its peak
    # value in Python, which a traced learning rate cannot answer.
    warmup = max(1, n_steps // 20)
    return optax.join_schedules(
        [optax.linear_schedule(0.01 * learning_rate, learning_rate, warmup),
         optax.cosine_decay_schedule(learning_rate, max(1, n_steps - warmup))], [warmup])
  if kind == "constant":
    return learning_rate
  if kind == "step":
    if decay_step is None or decay_factor is None:
      raise ValueError("schedule 'step' needs decay_step and decay_factor")
    return lambda count: learning_rate * jnp.where(count >= decay_step, decay_factor, 1.0)
  raise ValueError(f"unknown schedule {kind!r}; schedules: {', '.join(SCHEDULES)}")


def polar(x: jax.Array, rtol: float = 1e-10) -> jax.Array:
  """The polar factor U V^T of a matrix over its singular values
  > rtol * sigma_max (the others, numerically zero, are dropped: docs/muon_tail.md §9)."""
  U, s, Vt = jnp.linalg.svd(x, full_matrices=False)
  keep = (s > rtol * s[0]).astype(x.dtype)
  return (U * keep) @ Vt


def scale_by_polar(rtol: float = 1e-10) -> optax.GradientTransformation:
  """Replaces each update (every leaf a matrix) by its exact polar factor,
  computed by an SVD: all non-zero singular values set to 1."""

  def update_fn(updates, state, params=None):
    del params
    for leaf in jax.tree.leaves(updates):
      if leaf.ndim != 2:
        raise ValueError(f"scale_by_polar: a leaf of shape {leaf.shape} is not a "
                         f"matrix (use muon_ns with weight_dimension_numbers for "
                         f"mixed pytrees)")
    return jax.tree.map(lambda x: polar(x, rtol), updates), state

  return optax.GradientTransformation(lambda params: optax.EmptyState(), update_fn)


def scale_by_std(mask=None) -> optax.GradientTransformation:
  """Divides the updates by the standard deviation of their entries (over
  the entries where the pytree `mask` is 1, if given): normalised GD,
  grad / std(grad). A gradient whose entries are all equal has no spread:
  its update is infinite, and the sweep engine fails naming the task."""

  def init_fn(params):
    del params
    return optax.EmptyState()

  def update_fn(updates, state, params=None):
    del params
    m = jax.tree.map(jnp.ones_like, updates) if mask is None else mask
    count = sum(jnp.sum(w) for w in jax.tree.leaves(m))
    mean = sum(jnp.sum(g * w) for g, w in zip(jax.tree.leaves(updates), jax.tree.leaves(m))) / count
    var = sum(jnp.sum(w * (g - mean) ** 2)
              for g, w in zip(jax.tree.leaves(updates), jax.tree.leaves(m))) / count
    return jax.tree.map(lambda g: g / jnp.sqrt(var), updates), state

  return optax.GradientTransformation(init_fn, update_fn)


def _muon_polar(learning_rate, momentum: float = 0.0, rtol: float = 1e-10
                ) -> optax.GradientTransformation:
  return optax.chain(
      optax.trace(decay=momentum, nesterov=False) if momentum else optax.identity(),
      scale_by_polar(rtol),
      optax.scale_by_learning_rate(learning_rate))


def _muon_ns(learning_rate, weight_dimension_numbers: Any = None,
             ns_coeffs=NS_COEFFS["quintic"], ns_steps: int = 5, beta: float = 0.95,
             nesterov: bool = False, adam_b1: float = 0.9, adam_b2: float = 0.999,
             adam_learning_rate=None, eps: float = 1e-8) -> optax.GradientTransformation:
  if isinstance(ns_coeffs, str):
    if ns_coeffs not in NS_COEFFS:
      raise ValueError(f"unknown ns_coeffs {ns_coeffs!r}; named sets: {', '.join(NS_COEFFS)}")
    ns_coeffs = NS_COEFFS[ns_coeffs]
  return optax.contrib.muon(
      learning_rate, ns_coeffs=tuple(ns_coeffs), ns_steps=ns_steps, beta=beta,
      eps=eps, nesterov=nesterov, adam_b1=adam_b1, adam_b2=adam_b2,
      adam_learning_rate=adam_learning_rate,
      muon_weight_dimension_numbers=weight_dimension_numbers)


_FACTORIES: dict[str, Callable[..., optax.GradientTransformation]] = {
    "sgd": lambda learning_rate: optax.sgd(learning_rate),
    "signgd": lambda learning_rate: optax.sign_sgd(learning_rate),
    "normalized_gd": lambda learning_rate, mask=None: optax.chain(
        scale_by_std(mask), optax.scale_by_learning_rate(learning_rate)),
    "adam": lambda learning_rate, b1=0.9, b2=0.999, eps=1e-8: optax.adam(
        learning_rate, b1=b1, b2=b2, eps=eps),
    "adamw": lambda learning_rate, weight_decay=0.1, b1=0.9, b2=0.999, eps=1e-8: optax.adamw(
        learning_rate, b1=b1, b2=b2, eps=eps, weight_decay=weight_decay),
    "sgd_momentum": lambda learning_rate, momentum=0.9: optax.sgd(
        learning_rate, momentum=momentum, nesterov=False),
    "muon": _muon_polar,
    "muon_ns": _muon_ns,
}


def canonical(name: str) -> str:
  """The name of an optimiser in `NAMES` (aliases resolved); ValueError
  listing the known names for an unknown one."""
  name = ALIASES.get(name, name)
  if name not in _FACTORIES:
    known = ", ".join(NAMES + tuple(f"{a} (= {c})" for a, c in ALIASES.items()))
    raise ValueError(f"unknown optimizer {name!r}; known optimizers: {known}")
  return name


def options(name: str) -> dict[str, Any]:
  """The keyword options of an optimiser and their defaults."""
  params = inspect.signature(_FACTORIES[canonical(name)]).parameters
  return {k: p.default for k, p in params.items() if k != "learning_rate"}


def check(name: str, opts: dict[str, Any] | None = None) -> None:
  """Raises ValueError for an unknown name (listing the known ones) or an
  option the optimiser does not take."""
  known = list(options(name))
  unknown = sorted(set(opts or {}) - set(known))
  if unknown:
    raise ValueError(f"optimizer {name!r} has no option(s) {', '.join(unknown)}; "
                     f"its options: {', '.join(known) or 'none'}")


def make(name: str, learning_rate, **opts) -> optax.GradientTransformation:
  """The optimiser `name` (or an alias) with step size `learning_rate` (a
  float, a traced scalar or a schedule) and its options."""
  check(name, opts)
  return _FACTORIES[canonical(name)](learning_rate, **opts)


def switchable_muon(learning_rate, weight_dimension_numbers, switch, *, adam_learning_rate,
                    adam_b1: float = 0.9, adam_b2: float = 0.999, eps: float = 1e-8,
                    **muon_options) -> optax.GradientTransformation:
  """Muon on the leaves whose `switch` is on, Adam on every other leaf, with
  the switches traced: one compiled program for every choice of leaves.

  `weight_dimension_numbers`: the dimension numbers of every leaf that may go
  to Muon (None elsewhere); `switch`: the same pytree with a boolean scalar
  (traced or not) where the dimension numbers are set and None elsewhere.
  The state holds optax.contrib.muon (Muon on every candidate leaf, Adam on
  the rest) and optax.adam (every leaf); each leaf's update is taken from
  the one its switch picks. The optimisers act leaf by leaf, so the result
  equals `make("muon_ns", ..., weight_dimension_numbers=<only the switched-on
  leaves>)` with the same Adam settings: bit for bit when both run eagerly,
  to float32 rounding (an ulp) when compiled, since XLA fuses the two
  programs differently (tests check it). The unused half is computed and
  dropped.
  """
  muon = _muon_ns(learning_rate, weight_dimension_numbers, adam_b1=adam_b1, adam_b2=adam_b2,
                  adam_learning_rate=adam_learning_rate, eps=eps, **muon_options)
  adam = optax.adam(adam_learning_rate, b1=adam_b1, b2=adam_b2, eps=eps)

  def init_fn(params):
    return (muon.init(params), adam.init(params))

  def update_fn(updates, state, params=None):
    u_muon, s_muon = muon.update(updates, state[0], params)
    u_adam, s_adam = adam.update(updates, state[1], params)
    pick = lambda on, a, b: b if on is None else jnp.where(on, a, b)
    chosen = jax.tree.map(pick, switch, u_muon, u_adam, is_leaf=lambda x: x is None)
    return chosen, (s_muon, s_adam)

  return optax.GradientTransformation(init_fn, update_fn)
