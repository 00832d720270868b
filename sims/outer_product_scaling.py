"""Outer-product memories on Zipf data: error vs memory size d and data T per
storage scheme, against the scaling laws (Cabannes, Dohmatob, Bietti 2024;
docs/outer_product.md §2-§4, §7.1-§7.3; figures F-a, F-b, F-c, F-e).

    python -m sims.outer_product_scaling --config=configs/outer_product_scaling.py:quick --workdir=DIR

Tasks: N x M x alpha, x `num_seeds` trials. A trial (one task) draws its
embeddings once (nested design: one draw at max(d), every d its first d
coordinates) and one stream of max(T) tokens, whose first T tokens are the
data of size T; it then measures every scheme (with the scheme's own swept
option: threshold's P_div, keep the ⌊d/P_div⌋ most frequent seen tokens;
power's rho) at every (d, T) of config.d x config.T at once (inner points of
the engine: one compiled program per (N, M), not one per scheme or d).
T = None is infinite data (q from the true p). Random numbers depend on
(N, M, alpha, seed) only: every scheme and P_div sees the same embeddings and
tokens (paired comparisons).

Records (DIR/results.jsonl), one per (N, M, alpha, scheme, P_div, rho, d, T, seed):
  N, M, alpha, scheme, P_div (threshold, else null), rho (power, else null),
  d, T (null: infinite data), seed
  error          population error sum_x p(x) 1{f(x) != f*(x)}
  error_head     unweighted error rate on the `n_head` most frequent tokens
  error_tail     ... on the `n_head` least frequent tokens
  num_seen       tokens seen in the first T samples (N at T = ∞)
  num_stored     tokens with q(x) > 0
  exponent_d     predicted exponent of E in d at T = ∞ (threshold -(α-1),
                 weighted -(α-1)/(2α), power -(α-1)/(2αρ) for 2αρ > 1;
                 null without a power law: fill, α <= 1)
  exponent_T     predicted exponent in T, -1 + 1/α (null for fill: overflow)
  tail_mass      threshold: sum_{x >= ⌊d/P_div⌋} p(x), the T = ∞ error bound
                 (null for other schemes)
  unseen_mass    sum_x p(x) (1 - p(x))^T (0 at T = ∞)
  predicted_error  Theorem 1 heuristic sum_x p 1{d q^2 <= c Q_∞} with
                 c = config.theory_c, at T = ∞ (null at finite T, and for
                 schemes without a theory)

DIR/fits.jsonl, one record per fitted curve (log-log least squares of the
mean error over trials; theory.scaling_laws.loglog_fit):
  axis ("d" or "T"), the curve's fixed parameters (N, M, alpha, scheme,
  P_div, rho and T or d), x_min, x_max, num_points, slope, slope_stderr
  (bootstrap over trials), slope_stderr_fit (regression), intercept,
  slope_theory (the predicted exponent, null without one). d-curves use
  config.fit_d_min <= d <= fit_d_max, T-curves finite fit_T_min <= T <=
  fit_T_max.

Commands, expected results and runtimes: configs/outer_product_scaling.py.
"""

from __future__ import annotations

import functools
import math

import jax
import ml_collections

from assoc import cli, experiment, results, rules
from assoc.outer import embeddings, trials
from theory import scaling_laws as sl

NAME = "outer_product_scaling"
AXES = ("N", "M", "alpha", "scheme")  # N, M, alpha: tasks; scheme: inner
# The swept option of each built-in scheme and the config axis it comes from.
OPTION_AXES = {"threshold": "P_div", "power": "rho"}
KEY_FIELDS = ("N", "M", "alpha")
RUNTIME_FIELDS = ("batch_size",)
FITS_FILE = "fits.jsonl"


def _scheme_options(config, scheme: str) -> dict:
  extra = config.scheme_options.get(scheme, None)
  return dict(extra.to_dict() if extra is not None else {})


def validate(config: ml_collections.ConfigDict) -> tuple[list[dict], list[dict], tuple, tuple]:
  """Checks the config; returns (points, scheme variants, d values, T values).
  Raises ConfigError."""
  req = experiment.require
  axes = {name: experiment.axis(config, name) for name in AXES}
  options = {name: experiment.axis(config, name) for name in OPTION_AXES.values()}
  for N in axes["N"]:
    req(experiment.is_int(N) and N >= 2, f"config.N: every N must be an integer >= 2, got {N!r}")
  for M in axes["M"]:
    req(experiment.is_int(M) and M >= 2, f"config.M: every M must be an integer >= 2, got {M!r}")
  for a in axes["alpha"]:
    req(isinstance(a, (int, float)) and a > 0,
        f"config.alpha: every Zipf exponent must be > 0, got {a!r}")
  for P_div in options["P_div"]:
    req(isinstance(P_div, (int, float)) and P_div > 0,
        f"config.P_div: every P_div must be > 0 (threshold keeps floor(d / P_div) "
        f"tokens), got {P_div!r}")
  for rho in options["rho"]:
    req(isinstance(rho, (int, float)) and rho >= 0,
        f"config.rho: every rho must be >= 0 (power stores p^rho), got {rho!r}")
  ds = experiment.axis(config, "d")
  for d in ds:
    req(experiment.is_int(d) and d >= 1, f"config.d: every d must be an integer >= 1, got {d!r}")
  req(len(set(ds)) == len(ds), f"config.d has repeated values: {ds}")
  Ts = experiment.axis(config, "T")
  for T in Ts:
    req(T is None or (experiment.is_int(T) and T >= 1),
        f"config.T: every T must be an integer >= 1 or None (infinite data), got {T!r}")
  req(len(set(Ts)) == len(Ts), f"config.T has repeated values: {Ts}")
  experiment.check_int(config, "num_seeds")
  experiment.check_choice("embedding_design", config.embedding_design, embeddings.DESIGNS)
  experiment.check_choice("e_dist", config.e_dist, embeddings.DISTS)
  experiment.check_choice("u_dist", config.u_dist, embeddings.DISTS)
  req(experiment.is_int(config.n_head) and 1 <= config.n_head <= min(axes["N"]),
      f"config.n_head must be an integer in [1, min(N)], got {config.n_head!r}")
  req(config.theory_c > 0, f"config.theory_c must be > 0, got {config.theory_c}")
  experiment.check_int(config, "num_bootstrap", at_least=0)
  variants = []
  for scheme in axes["scheme"]:
    swept = OPTION_AXES.get(scheme)
    for value in (options[swept] if swept else (None,)):
      opts = _scheme_options(config, scheme)
      if swept:
        req(swept not in opts, f"config.scheme_options.{scheme}.{swept}: set it with "
            f"config.{swept} (a swept axis)")
        opts[swept] = value
      try:
        rules.validate(scheme, opts, kind="scheme")
      except ValueError as e:
        raise experiment.ConfigError(f"config.scheme: {e}") from None
      variants.append({"scheme": scheme, "P_div": value if swept == "P_div" else None,
                       "rho": value if swept == "rho" else None})
  points = [{"N": N, "M": M, "alpha": a}
            for N in axes["N"] for M in axes["M"] for a in axes["alpha"]]
  return points, variants, ds, Ts


def _options(config, variant) -> dict:
  opts = _scheme_options(config, variant["scheme"])
  swept = OPTION_AXES.get(variant["scheme"])
  if swept:
    opts[swept] = float(variant[swept])
  return opts


@functools.lru_cache(maxsize=None)
def _law(N: int, M: int, alpha: float):
  return sl.zipf(N, alpha), sl.labels(N, M)


def theory_fields(point, config) -> dict:
  """The theory of one (point, d, T): exponents, tail and unseen mass, the
  Theorem-1 prediction (see the module docstring)."""
  N, M, alpha, scheme = (point[k] for k in AXES)
  d, T = point["d"], point["T"]
  rho = point["rho"]
  p, f = _law(N, M, float(alpha))
  tail = None
  if scheme == "threshold":
    tail = sl.tail_mass(p, math.floor(d / point["P_div"]))
  predicted = None
  if T is None and scheme in sl.SCHEMES_WITH_THEORY:
    if not (scheme == "threshold" and _scheme_options(config, scheme).get("rho", 0.0)):
      # (the theory's threshold q is the rho = 0 one)
      q = sl.scheme_q(scheme, p, d, P_div=point["P_div"], rho=rho)
      predicted = sl.predicted_error(q, p, d, f, M, config.theory_c)
  return dict(exponent_d=sl.exponent_d(scheme, alpha, rho),
              exponent_T=sl.exponent_T(scheme, alpha, rho), tail_mass=tail,
              unseen_mass=sl.unseen_mass(p, T), predicted_error=predicted)


def run(config: ml_collections.ConfigDict, workdir: str, name: str = NAME) -> list[dict]:
  """Runs (or resumes) the sweep into `workdir`; returns all records."""
  points, variants, ds, Ts = validate(config)
  schemes = [(v["scheme"], _options(config, v)) for v in variants]

  def build(group, group_points):
    N, M = group
    return functools.partial(
        trials.scheme_trial, N=N, M=M, schemes=schemes, ds=ds, Ts=Ts,
        design=config.embedding_design, e_dist=config.e_dist, u_dist=config.u_dist,
        n_head=config.n_head)

  def to_record(task, out):
    return dict(error=out["error"], error_head=out["error_head"],
                error_tail=out["error_tail"], num_seen=out["num_seen"],
                num_stored=out["num_stored"], **theory_fields(task.point, config))

  inner = [{**v, "d": d, "T": T} for v in variants for d in ds for T in Ts]
  records = experiment.run(
      name, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["N"], p["M"]), inputs_of=lambda p: {"alpha": float(p["alpha"])},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      key_fields=KEY_FIELDS, inner_axes=inner)
  if jax.process_index() == 0:
    results.write_summary(workdir, FITS_FILE, fit_curves(records, config))
  return records


CURVE_FIELDS = ("N", "M", "alpha", "scheme", "P_div", "rho")


def fit_curves(records, config) -> list[dict]:
  """Log-log slopes of every d-curve (fixed T) and T-curve (fixed d, finite T)."""
  by: dict[tuple, dict] = {}
  for r in records:
    by.setdefault(tuple(r[k] for k in CURVE_FIELDS), {}).setdefault(
        (r["d"], r["T"]), {})[r["seed"]] = r["error"]
  lo_d, hi_d = config.fit_d_min, config.fit_d_max or math.inf
  lo_T, hi_T = config.fit_T_min, config.fit_T_max or math.inf
  out = []
  for curve, cells in by.items():
    fixed = dict(zip(CURVE_FIELDS, curve))
    scheme, alpha, rho = fixed["scheme"], fixed["alpha"], fixed["rho"]
    ds = sorted({d for d, _ in cells})
    Ts = list(dict.fromkeys(T for _, T in cells))
    for T in Ts:
      xs = [d for d in ds if lo_d <= d <= hi_d and (d, T) in cells]
      out += _fit(cells, [(d, T) for d in xs], xs, dict(axis="d", **fixed, T=T),
                  sl.exponent_d(scheme, alpha, rho), config)
    for d in ds:
      xs = sorted(T for T in Ts if T is not None and lo_T <= T <= hi_T and (d, T) in cells)
      out += _fit(cells, [(d, T) for T in xs], xs, dict(axis="T", **fixed, d=d),
                  sl.exponent_T(scheme, alpha, rho), config)
  return out


def _fit(cells, keys, xs, fixed, theory, config) -> list[dict]:
  if len(xs) < 2:
    return []
  seeds = sorted(set.intersection(*(set(cells[k]) for k in keys)))
  samples = [[cells[k][s] for s in seeds] for k in keys]
  fit = sl.loglog_fit(xs, samples, num_bootstrap=config.num_bootstrap,
                      seed=config.base_seed)
  return [dict(**fixed, x_min=min(xs), x_max=max(xs), num_trials=len(seeds), **fit,
               slope_theory=theory)]


if __name__ == "__main__":
  cli.main(run, NAME)
