"""One-step retrieval of modern continuous Hopfield networks (Ramsauer et al.
2021; docs/hopfield.md §3; figure H10).

    python -m sims.modern_retrieval --config=configs/modern_retrieval.py:quick --workdir=DIR

Sweep: config.d x config.P x config.beta, `num_seeds` seeds; random numbers
depend on (d, P, seed), so every beta sees the same patterns. Each task draws
P patterns uniformly on the sphere of radius sqrt(d), applies one update
xi <- X^T softmax(beta X xi) from xi = x_i for the first `num_tested`
patterns, and records the error ||f(x_i) - x_i||.

Records (DIR/results.jsonl), one per (d, P, beta, seed):
  d, P, beta, seed
  error, separation, weight   for pattern 1: the one-step error, Delta_1 =
                              x_1.x_1 - max_j x_1.x_j, its softmax weight p_1
  other_weight                1 - p_1, summed over the other patterns (exact
                              where p_1 rounds to 1)
  error_mean                  the error averaged over the tested patterns
  bound                       2 M (P-1) exp(-beta Delta_1) (derived, docs/hopfield.md §3)
  bound_exact                 2 M (1 - p_1) (derived, exact)
  Errors and weights are computed from the other patterns' weights, so values
  far below float32's resolution of |x_1| (down to ~1e-38) are measured.
  separation_heuristic        d - sqrt(2 d ln P) (derived)
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import ml_collections

from assoc import cli, experiment
from assoc.hopfield import modern
from theory import modern as modern_theory

NAME = "modern_retrieval"
AXES = ("d", "P", "beta")
KEY_FIELDS = ("d", "P")
RUNTIME_FIELDS = ("batch_size",)


def validate(config):
  req = experiment.require
  axes = {name: experiment.axis(config, name) for name in AXES}
  for d in axes["d"]:
    req(isinstance(d, int) and d >= 2, f"config.d: every dimension must be an integer >= 2, got {d!r}")
  for P in axes["P"]:
    req(isinstance(P, int) and P >= 2, f"config.P: every P must be an integer >= 2 (a separation needs two patterns), got {P!r}")
  for beta in axes["beta"]:
    req(isinstance(beta, (int, float)) and beta >= 0, f"config.beta: every beta must be >= 0, got {beta!r}")
  experiment.check_int(config, "num_tested", "num_seeds")
  return axes


def _norm(v):
  """Euclidean norm without underflow for entries ~1e-30 (scaled first)."""
  scale = jnp.max(jnp.abs(v))
  safe = jnp.where(scale > 0, scale, 1.0)
  return jnp.where(scale > 0, safe * jnp.linalg.norm(v / safe), 0.0)


def one_step_trial(key, beta, num_patterns, *, d, P_max, num_tested):
  """One step from each of the first `num_tested` patterns. P is padded to
  the group's largest (rows >= num_patterns are zero and get weight 0), so
  one program serves every P: pattern mu has its own key."""
  X = modern.sphere_patterns(jax.random.fold_in(key, 0), P_max, d,
                             num_patterns=num_patterns)
  k = min(num_tested, P_max)

  def error(i):
    # f(x_i) - x_i = sum_{j != i} p_j (x_j - x_i), and 1 - p_i = sum_{j != i}
    # p_j: both from the other patterns' weights only, so that errors far
    # below float32's resolution of |x_i| (weights down to ~1e-38) are
    # measured, not lost to cancellation or to p_i rounding to 1.
    w = modern.weights(X[i], X, beta, num_patterns).at[i].set(0.0)
    return _norm(jnp.matmul(w, X - X[i], precision="highest")), jnp.sum(w)

  errors, others = jax.vmap(error)(jnp.arange(k))
  tested = jnp.arange(k) < jnp.minimum(num_tested, num_patterns)
  error_mean = jnp.sum(jnp.where(tested, errors, 0.0)) / jnp.sum(tested)
  return dict(error=errors[0], error_mean=error_mean, other_weight=others[0],
              separation=modern.separation(X, num_patterns, rows=[0])[0],
              M=jnp.max(jnp.linalg.norm(X, axis=1)))


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  axes = validate(config)

  def build(d, points):
    return functools.partial(one_step_trial, d=d, P_max=max(p["P"] for p in points),
                             num_tested=config.num_tested)

  def to_record(task, out):
    d, P, beta = (task.point[k] for k in AXES)
    M, sep, rest = float(out["M"]), float(out["separation"]), float(out["other_weight"])
    return dict(error=out["error"], error_mean=out["error_mean"], separation=sep,
                weight=1.0 - rest, other_weight=rest,
                bound=modern_theory.one_step_bound(beta, sep, P, M),
                bound_exact=2.0 * M * rest,
                separation_heuristic=modern_theory.separation_sphere(d, P))

  return experiment.run(
      NAME, config, workdir, axes=axes, num_seeds=config.num_seeds,
      group_of=lambda p: p["d"],
      inputs_of=lambda p: {"beta": float(p["beta"]), "num_patterns": p["P"]},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=KEY_FIELDS)


if __name__ == "__main__":
  cli.main(run, NAME)
