"""Online key -> value memories: the interface of the rules of kind "online"
(`assoc.rules`), their gates, and the drivers that run them over sequences
(docs/pavlovian.md §3).

A rule is an `OnlineRule`: a frozen record of pure functions on a state
pytree (the memory S in R^{d_v x d_k} plus auxiliaries: a normaliser, a
momentum, a key-value buffer, ...):

    init(d_k, d_v, dtype=jnp.float32, key=None) -> state
    write(state, k, v, gates) -> state      one token: key k (d_k,), value v (d_v,)
    read(state, q) -> o                     the memory's answer to query q (d_v,)

`gates` is a dict of per-token scalars (or vectors where the gate says so)
keyed by the names in `gate_spec`: alpha retention, beta write strength,
theta step, eta momentum, delta Huber threshold, ... Values are validated
before anything compiles (`check_gates`: names, shapes, ranges).

Optional parts of a rule:
  objective(S, k, v, gates) -> scalar   the online loss whose step `write`
      takes, and objective_write(state, k, v, gates) -> state, that step
      computed by jax.grad of the objective; the contract test checks that it
      equals `write` (the closed form).
  chunkwise(state, K, V, Q, gates, chunk_size) -> (O, state)   a parallel
      form over a sequence, equal to `scan` (token by token).
Metadata: `provenance` ("paper", "construction", "derived", or
"paper-constants-unverified"), `citation`, and `analogue`, the Hopfield
storage rule it is the online counterpart of, if any.

Keys and queries enter rules as they are: a feature map (assoc.features:
ELU+1, DPFP, FAVOR+) is applied to them by the caller, so that every rule
runs on any features. Options of a rule (fields of its dataclass: a ridge
lambda, an exponent p, a buffer size) are set with `assoc.rules.online(name,
options)`.

Drivers: `scan` (write then read each token, as a sequence mixer does),
`store` (write every pair) and `read_all` (read every query), as used by the
probes (write all pairs, then read).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, ClassVar, Mapping

import jax
import jax.numpy as jnp
import numpy as np

PROVENANCES = ("paper", "construction", "derived", "paper-constants-unverified")
SHAPES = ("scalar", "key", "value")  # a gate is a scalar, or a vector over key or value coordinates


@dataclasses.dataclass(frozen=True)
class Gate:
  """One gate of a rule: its default, its allowed range [low, high] (None:
  unbounded; `open_low`/`open_high` exclude the end), its shape, and what it
  means."""

  default: float
  low: float | None = None
  high: float | None = None
  shape: str = "scalar"
  doc: str = ""
  open_low: bool = False
  open_high: bool = False

  def describe(self) -> str:
    lo = "(-inf" if self.low is None else ("(" if self.open_low else "[") + f"{self.low:g}"
    hi = "inf)" if self.high is None else f"{self.high:g}" + (")" if self.open_high else "]")
    return f"{lo}, {hi}"

  def contains(self, value) -> bool:
    """Whether a concrete value (a number, or an array of them) lies in the
    range; checked with NumPy on the host, nothing dispatched to a device."""
    x = np.asarray(value, dtype=np.float64)
    ok = bool(np.all(np.isfinite(x)))
    if self.low is not None:
      ok &= bool(np.all(x > self.low) if self.open_low else np.all(x >= self.low))
    if self.high is not None:
      ok &= bool(np.all(x < self.high) if self.open_high else np.all(x <= self.high))
    return ok


@dataclasses.dataclass(frozen=True)
class OnlineRule:
  """The base of every online rule (see the module docstring). Subclasses
  are frozen dataclasses whose fields are the rule's options."""

  name: ClassVar[str] = ""
  gate_spec: ClassVar[Mapping[str, Gate]] = {}
  provenance: ClassVar[str] = "paper"
  citation: ClassVar[str] = ""
  analogue: ClassVar[str | None] = None
  objective: ClassVar[Callable | None] = None
  objective_write: ClassVar[Callable | None] = None
  chunkwise: ClassVar[Callable | None] = None

  def init(self, d_k: int, d_v: int, dtype=jnp.float32, key: jax.Array | None = None):
    raise NotImplementedError

  def write(self, state, k: jax.Array, v: jax.Array, gates: Mapping[str, jax.Array]):
    raise NotImplementedError

  def read(self, state, q: jax.Array) -> jax.Array:
    raise NotImplementedError

  @property
  def options(self) -> dict[str, Any]:
    """The rule's options and their values."""
    return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

  def gates(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The gate values: `given` (validated, `check_gates`) over the defaults."""
    given = dict(given or {})
    check_gates(self, given)
    return {name: given.get(name, g.default) for name, g in self.gate_spec.items()}


@dataclasses.dataclass(frozen=True)
class MatrixMemory(OnlineRule):
  """An online rule whose state is the memory matrix alone, {"S": (d_v,
  d_k)}, starting at 0 and read o = S q: the base of most rules."""

  def init(self, d_k: int, d_v: int, dtype=jnp.float32, key: jax.Array | None = None):
    return {"S": jnp.zeros((d_v, d_k), dtype)}

  def read(self, state, q: jax.Array) -> jax.Array:
    return state["S"] @ q

  def gradient_step(self, S: jax.Array, k, v, gates) -> jax.Array:
    """S - grad_S objective(S, k, v, gates): the explicit step on the rule's
    objective (its step size inside the objective), by jax.grad."""
    return S - jax.grad(self.objective)(S, k, v, gates)


def check_gates(rule: OnlineRule, gates: Mapping[str, Any], d_k: int | None = None,
                d_v: int | None = None) -> None:
  """ValueError, in one line naming the rule and the gate, for an unknown
  gate, a value out of its range or (given d_k, d_v) of the wrong shape.
  Call it on concrete values, before anything compiles."""
  unknown = sorted(set(gates) - set(rule.gate_spec))
  if unknown:
    known = ", ".join(rule.gate_spec) or "none"
    raise ValueError(f"rule {rule.name!r} has no gate(s) {', '.join(unknown)}; its gates: {known}")
  for name, value in gates.items():
    gate = rule.gate_spec[name]
    if isinstance(value, jax.core.Tracer):
      continue  # traced: checked where it was concrete
    if not gate.contains(value):
      raise ValueError(f"rule {rule.name!r}: gate {name}={value!r} is outside "
                       f"{gate.describe()}" + (f" ({gate.doc})" if gate.doc else ""))
    shape = np.shape(np.asarray(value))
    size = {"key": d_k, "value": d_v}.get(gate.shape)
    if shape and gate.shape == "scalar":
      raise ValueError(f"rule {rule.name!r}: gate {name} is a scalar, got shape {shape}")
    if shape and size is not None and shape[-1] != size:
      raise ValueError(f"rule {rule.name!r}: gate {name} is a vector over {gate.shape} "
                       f"coordinates ({size}), got shape {shape}")


def token_gates(rule: OnlineRule, gates: Mapping[str, Any], length: int) -> dict[str, jax.Array]:
  """Per-token gates for a sequence of `length` tokens: each gate (default
  filled in) broadcast to a leading axis of that length, unless it already
  has one."""
  full = {name: jnp.asarray(gates.get(name, g.default)) for name, g in rule.gate_spec.items()}
  out = {}
  for name, value in full.items():
    vector = rule.gate_spec[name].shape != "scalar"
    per_token = value.ndim == (2 if vector else 1)
    out[name] = value if per_token else jnp.broadcast_to(value, (length,) + value.shape)
  return out


def scan(rule: OnlineRule, state, K: jax.Array, V: jax.Array, Q: jax.Array,
         gates: Mapping[str, Any] | None = None):
  """A sequence through the rule as a mixer: for each token t, write
  (k_t, v_t), then read q_t. Returns (O (L, d_v), the final state)."""
  g = token_gates(rule, gates or {}, K.shape[0])

  def step(state, xs):
    k, v, q, gt = xs
    state = rule.write(state, k, v, gt)
    return state, rule.read(state, q)

  state, O = jax.lax.scan(step, state, (K, V, Q, g))
  return O, state


def store(rule: OnlineRule, state, K: jax.Array, V: jax.Array,
          gates: Mapping[str, Any] | None = None):
  """Writes every (k_t, v_t) in order; returns the state."""
  g = token_gates(rule, gates or {}, K.shape[0])
  return jax.lax.scan(lambda s, xs: (rule.write(s, *xs), None), state, (K, V, g))[0]


def read_all(rule: OnlineRule, state, Q: jax.Array) -> jax.Array:
  """Reads every query from one state: (n, d_v)."""
  return jax.vmap(lambda q: rule.read(state, q))(Q)


def chunks(length: int, chunk_size: int) -> list[tuple[int, int]]:
  """[start, end) of the chunks of a sequence (the last one may be short)."""
  if chunk_size < 1:
    raise ValueError(f"chunk_size must be >= 1, got {chunk_size}")
  return [(s, min(s + chunk_size, length)) for s in range(0, length, chunk_size)]
