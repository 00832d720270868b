"""Fixed points of modern continuous Hopfield networks as beta varies: global
average, metastable states, single patterns (Ramsauer et al. 2021;
docs/hopfield.md §3; figure H11).

    python -m sims.modern_fixed_points --config=configs/modern_fixed_points.py:quick --workdir=DIR

Sweep: config.correlation x config.beta x config.start, `num_seeds` seeds,
at fixed d and P; random numbers depend on (correlation, start, seed) only,
so every beta starts from the same state. Each task draws P patterns on the
sphere of radius sqrt(d), in `clusters` groups whose members have cosine ~
`correlation` (0: independent patterns), starts
from a random state ("random": Gaussian, scaled to the sphere) or from pattern
1 plus Gaussian noise of norm noise * sqrt(d) ("noisy"), iterates the update
until |xi_new - xi| < tol (or max_steps) and classifies the fixed point by
its softmax weights (`assoc.hopfield.modern.classify`, threshold eps).

Records (DIR/results.jsonl), one per (correlation, beta, start, seed):
  correlation, beta, start, seed, d, P
  fixed_point            "single", "metastable" or "global"
  max_weight             the largest softmax weight at the fixed point
  effective_patterns     exp(entropy of the weights): ~1 single, ~P global
  steps, converged       updates taken; tol reached within max_steps
  energy_drop            E(start) - E(fixed point): >= 0 (the update never
                         raises the energy, docs/hopfield.md §3)
  nearest_is_start       (noisy start) the fixed point is closest to pattern 1
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import ml_collections

from assoc import cli, experiment
from assoc.hopfield import modern

NAME = "modern_fixed_points"
AXES = ("correlation", "beta", "start")
STARTS = ("random", "noisy")
RUNTIME_FIELDS = ("batch_size",)


def validate(config):
  req = experiment.require
  axes = {name: experiment.axis(config, name) for name in AXES}
  for beta in axes["beta"]:
    req(isinstance(beta, (int, float)) and beta >= 0, f"config.beta: every beta must be >= 0, got {beta!r}")
  for start in axes["start"]:
    experiment.check_choice("start", start, STARTS)
  experiment.check_int(config, "d", "P", at_least=2)
  req(0 < config.eps < 1, f"config.eps must be in (0, 1), got {config.eps}")
  req(config.tol > 0, f"config.tol must be > 0, got {config.tol}")
  experiment.check_int(config, "max_steps")
  req(config.noise >= 0, f"config.noise must be >= 0, got {config.noise}")
  req(isinstance(config.clusters, int) and 1 <= config.clusters <= config.P,
      f"config.clusters must be an integer in [1, P], got {config.clusters!r}")
  for c in axes["correlation"]:
    req(isinstance(c, (int, float)) and 0 <= c < 1,
        f"config.correlation: every value must be in [0, 1), got {c!r}")
  experiment.check_int(config, "num_seeds")
  return axes


def fixed_point_trial(key, beta, correlation, *, d, P, start, noise, tol, max_steps,
                      eps, clusters):
  X = modern.clustered_patterns(jax.random.fold_in(key, 0), P, d, clusters, correlation)
  z = jax.random.normal(jax.random.fold_in(key, 1), (d,))
  if start == "random":
    xi0 = jnp.sqrt(d) * z / jnp.linalg.norm(z)
  else:
    xi0 = X[0] + noise * jnp.sqrt(d) * z / jnp.linalg.norm(z)
  res = modern.retrieve(xi0, X, beta, tol=tol, max_steps=max_steps)
  w = res.weights
  entropy = -jnp.sum(jnp.where(w > 0, w * jnp.log(jnp.where(w > 0, w, 1.0)), 0.0))
  nearest = jnp.argmin(jnp.linalg.norm(X - res.xi, axis=1))
  # E at beta = 0 is undefined (ln P / beta): the drop is measured at beta
  # floored at 1e-12, where it is the limit of the finite-beta drop.
  b = jnp.maximum(beta, 1e-12)
  return dict(cls=modern.classify(w, eps), max_weight=jnp.max(w),
              effective_patterns=jnp.exp(entropy), steps=res.steps, converged=res.converged,
              energy_drop=modern.energy(xi0, X, b) - modern.energy(res.xi, X, b),
              nearest_is_start=nearest == 0)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  axes = validate(config)

  def build(group, points):
    return functools.partial(fixed_point_trial, d=config.d, P=config.P, start=group,
                             noise=config.noise, tol=config.tol,
                             max_steps=config.max_steps, eps=config.eps,
                             clusters=config.clusters)

  def to_record(task, out):
    return dict(d=config.d, P=config.P, fixed_point=modern.CLASSES[int(out["cls"])],
                max_weight=out["max_weight"], effective_patterns=out["effective_patterns"],
                steps=out["steps"], converged=out["converged"],
                energy_drop=out["energy_drop"],
                nearest_is_start=bool(out["nearest_is_start"]) if task.point["start"] == "noisy" else None)

  return experiment.run(
      NAME, config, workdir, axes=axes, num_seeds=config.num_seeds,
      group_of=lambda p: p["start"],
      inputs_of=lambda p: {"beta": float(p["beta"]), "correlation": float(p["correlation"])},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      key_fields=("correlation", "start"))


if __name__ == "__main__":
  cli.main(run, NAME)
