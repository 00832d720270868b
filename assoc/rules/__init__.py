"""Memory rules, registered by kind and name.

A rule is one module in this package that decorates its function (or, for
online rules, its class) with `@register(name, kind=...)`; every module here
is imported when `assoc.rules` is, so a new rule is one file. Experiments
select rules with `config.rule` and pass `config.rule_options[name]` as
options. The registry is keyed by (kind, name): "hebbian" is a storage rule
and an online rule.

Kinds:
  "storage": `fn(patterns, **options) -> assoc.couplings.Couplings`, where
      `patterns` is the (P, N) matrix Xi of +-1 patterns. Rows that are all zero
      are padding (a sweep pads P to the largest P it compiles for) and must
      have no influence on J; `tests/test_rules.py` checks this, and the rest
      of the contract, for every registered storage rule.
  "scheme": `fn(freq, *, d, **options) -> q`, a storage scheme of the
      outer-product memory W = sum_x q(x) u_{f*(x)} e_x^T
      (docs/outer_product.md §2): `freq` is the (N,) vector of empirical token
      frequencies p^(x) (or the true p(x) for infinite data), `d` the memory
      dimension (a traced integer), and q the (N,) weights, >= 0, with q = 0
      wherever freq = 0 (an unseen token is not stored). Only ratios of q
      matter (f_q is an argmax), so q(c freq) must be a positive multiple of
      q(freq). `tests/test_outer_product.py` checks the contract for every
      registered scheme.

  "online": an online key -> value memory, a subclass of
      `assoc.online.OnlineRule` with init(d_k, d_v, dtype, key=None),
      write(state, k, v, gates), read(state, q), a validated `gate_spec`,
      optional objective / objective_write and chunkwise forms, and its
      provenance and citation (docs/pavlovian.md §3). Its options are the
      fields of its dataclass (`online(name, options)` makes one).
      `tests/test_online_rules.py` checks the contract for every registered
      online rule.

`check(N, P, **options)` (optional, storage rules) returns an error message
for parameters the rule cannot handle; experiments call it before anything
is compiled.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from typing import Any, Callable, Mapping

from assoc.online import OnlineRule

KINDS = ("storage", "scheme", "online")


@dataclasses.dataclass(frozen=True)
class Rule:
  name: str
  kind: str
  fn: Callable[..., Any]
  check: Callable[..., str | None] | None = None

  @property
  def options(self) -> dict[str, Any]:
    """Keyword options of the rule and their defaults."""
    params = list(inspect.signature(self.fn).parameters.values())
    return {p.name: p.default for p in params if p.kind is p.KEYWORD_ONLY}

  @property
  def doc(self) -> str:
    return inspect.getdoc(self.fn) or ""

  def __call__(self, *args, **options):
    return self.fn(*args, **options)


# (kind, name) -> a Rule (storage, scheme) or an OnlineRule instance (online).
_REGISTRY: dict[tuple[str, str], Any] = {}


def _origin(record) -> Any:
  """What was registered: the function of a Rule, the class of an online rule."""
  return record.fn if isinstance(record, Rule) else type(record)


def register(name: str, *, kind: str = "storage",
             check: Callable[..., str | None] | None = None):
  """Decorator: registers `fn` as the rule `name` of the given kind (for
  kind "online", a subclass of `assoc.online.OnlineRule`, registered with
  its default options)."""
  if kind not in KINDS:
    raise ValueError(f"unknown rule kind {kind!r}; kinds: {', '.join(KINDS)}")

  def decorator(obj):
    if kind == "online":
      if not (isinstance(obj, type) and issubclass(obj, OnlineRule)):
        raise TypeError(f"online rule {name!r} must be a subclass of assoc.online.OnlineRule")
      obj.name = name
      record = obj()
    else:
      record = Rule(name=name, kind=kind, fn=obj, check=check)
    old = _REGISTRY.get((kind, name))
    if old is not None and _origin(old) is not obj:
      raise ValueError(f"{kind} rule {name!r} is registered twice "
                       f"({_origin(old).__module__} and {obj.__module__})")
    _REGISTRY[(kind, name)] = record
    return obj

  return decorator


def unregister(name: str, kind: str = "storage") -> None:
  """Removes the rule `name` of `kind` (to redefine a rule in a notebook, or
  after a test); an unknown name is ignored."""
  _REGISTRY.pop((kind, name), None)


def names(kind: str = "storage") -> tuple[str, ...]:
  return tuple(sorted(n for k, n in _REGISTRY if k == kind))


def get(name: str, kind: str = "storage"):
  """The registered rule (an online rule with its default options);
  ValueError listing the registered ones of that kind."""
  if kind not in KINDS:
    raise ValueError(f"unknown rule kind {kind!r}; kinds: {', '.join(KINDS)}")
  rule = _REGISTRY.get((kind, name))
  if rule is None:
    raise ValueError(f"unknown {kind} rule {name!r}; registered {kind} rules: "
                     f"{', '.join(names(kind))}")
  return rule


def storage(name: str, options: Mapping[str, Any] | None = None) -> Callable[[Any], Any]:
  """The storage rule `name` with its options bound: patterns -> couplings
  (what a Hopfield trial's `store` takes)."""
  fn, options = get(name, "storage"), dict(options or {})
  return lambda patterns: fn(patterns, **options)


def online(name: str, options: Mapping[str, Any] | None = None) -> OnlineRule:
  """The online rule `name` with `options` (fields of its dataclass) set;
  ValueError for an unknown name, an unknown option (listing the accepted
  ones) or a bad value (the rule's own check)."""
  rule = get(name, "online")
  options = dict(options or {})
  accepted = list(rule.options)
  unknown = sorted(set(options) - set(accepted))
  if unknown:
    raise ValueError(f"rule {name!r} has no option(s) {', '.join(unknown)}; "
                     f"its options: {', '.join(accepted) or 'none'}")
  return dataclasses.replace(rule, **options) if options else rule


def validate(name: str, options: Mapping[str, Any] | None = None, *,
             kind: str = "storage", **params):
  """Checks a rule name, its options and its parameters; returns the rule.

  Raises ValueError with the known names, the accepted options, or the rule's
  own message from `check(**params, **options)`.
  """
  if kind == "online":
    return online(name, options)
  rule = get(name, kind)
  options = dict(options or {})
  unknown = sorted(set(options) - set(rule.options))
  if unknown:
    accepted = ", ".join(rule.options) or "none"
    raise ValueError(f"rule {name!r} has no option(s) {', '.join(unknown)}; "
                     f"its options: {accepted}")
  if rule.check is not None:
    message = rule.check(**params, **options)
    if message:
      raise ValueError(f"rule {name!r}: {message}")
  return rule


def _import_all():
  for info in pkgutil.iter_modules(__path__):
    if not info.name.startswith("_"):
      importlib.import_module(f"{__name__}.{info.name}")


_import_all()
