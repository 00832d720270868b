"""Memory rules, registered by name.

A rule is one module in this package that decorates its function with
`@register(name)`; every module here is imported when `assoc.rules` is, so a
new rule is one file. Experiments select rules with `config.rule` and pass
`config.rule_options[name]` as keyword arguments.

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

`check(N, P, **options)` (optional) returns an error message for parameters
the rule cannot handle; experiments call it before anything is compiled.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from typing import Any, Callable, Mapping

KINDS = ("storage", "scheme")


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


_REGISTRY: dict[str, Rule] = {}


def register(name: str, *, kind: str = "storage",
             check: Callable[..., str | None] | None = None):
  """Decorator: registers `fn` as the rule `name` of the given kind."""
  if kind not in KINDS:
    raise ValueError(f"unknown rule kind {kind!r}; kinds: {', '.join(KINDS)}")

  def decorator(fn):
    if name in _REGISTRY and _REGISTRY[name].fn is not fn:
      raise ValueError(f"rule {name!r} is registered twice "
                       f"({_REGISTRY[name].fn.__module__} and {fn.__module__})")
    _REGISTRY[name] = Rule(name=name, kind=kind, fn=fn, check=check)
    return fn

  return decorator


def unregister(name: str) -> None:
  """Removes the rule `name` (to redefine a rule in a notebook, or after a
  test); an unknown name is ignored."""
  _REGISTRY.pop(name, None)


def names(kind: str = "storage") -> tuple[str, ...]:
  return tuple(sorted(n for n, r in _REGISTRY.items() if r.kind == kind))


def get(name: str, kind: str = "storage") -> Rule:
  rule = _REGISTRY.get(name)
  if rule is None or rule.kind != kind:
    raise ValueError(f"unknown {kind} rule {name!r}; registered {kind} rules: "
                     f"{', '.join(names(kind))}")
  return rule


def storage(name: str, options: Mapping[str, Any] | None = None) -> Callable[[Any], Any]:
  """The storage rule `name` with its options bound: patterns -> couplings
  (what a Hopfield trial's `store` takes)."""
  fn, options = get(name, "storage"), dict(options or {})
  return lambda patterns: fn(patterns, **options)


def validate(name: str, options: Mapping[str, Any] | None = None, *,
             kind: str = "storage", **params) -> Rule:
  """Checks a rule name, its options and its parameters; returns the rule.

  Raises ValueError with the known names, the accepted options, or the rule's
  own message from `check(**params, **options)`.
  """
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
