"""What an outer-product memory stores, read out token by token
(docs/outer_product.md §5, figure F-f): softmax_y(u_y^T W e_x) for every token x
and class y, with q^ = p^^ρ on the seen tokens (the "power" scheme) for each
ρ in config.rho: ρ = 0 stores every seen token alike, ρ = 1 weights them by
frequency.

    python -m sims.outer_matrix --config=configs/outer_matrix.py:quick --workdir=DIR

Tasks: one per trial (seed); each draws E (N x d, N(0, 1/d)), U (M x d, unit
rows) and T tokens, and reads out every (ρ, x, y) (inner points).

Records (DIR/results.jsonl), one per (ρ, x, y, seed):
  N, M, alpha, d, T, rho, x, y, seed
  score       u_y^T W_q e_x, with q = p^^ρ (p^ = counts / T) on seen tokens
  prob        softmax over y of the scores of x
  count       occurrences of x in the T samples
  stored      q(x) > 0 (x was seen)
  correct     y = f*(x) = x mod M
  p           p(x), the Zipf probability (theory)
"""

from __future__ import annotations

import functools

import ml_collections

from assoc import cli, experiment, rules
from assoc.outer import embeddings, trials
from theory import scaling_laws as sl

NAME = "outer_matrix"
SCALARS = ("N", "M", "alpha", "d", "T")


def validate(config: ml_collections.ConfigDict) -> tuple[dict, tuple]:
  req = experiment.require
  point = {k: config[k] for k in SCALARS}
  for k in ("N", "M", "d"):
    req(isinstance(point[k], int) and point[k] >= 2, f"config.{k} must be an integer >= 2, "
        f"got {point[k]!r}")
  req(point["N"] <= 200, f"config.N = {point['N']}: a heat map of more than 200 tokens "
      f"is unreadable (use sims.outer_product_scaling for errors)")
  req(isinstance(point["alpha"], (int, float)) and point["alpha"] > 0,
      f"config.alpha must be > 0, got {point['alpha']!r}")
  req(point["T"] is None or (isinstance(point["T"], int) and point["T"] >= 1),
      f"config.T must be an integer >= 1 or None (infinite data), got {point['T']!r}")
  rhos = experiment.axis(config, "rho")
  for rho in rhos:
    try:
      rules.validate("power", {"rho": rho}, kind="scheme")
    except ValueError as e:
      raise experiment.ConfigError(f"config.rho: {e}") from None
  experiment.check_int(config, "num_seeds")
  experiment.check_choice("e_dist", config.e_dist, embeddings.DISTS)
  experiment.check_choice("u_dist", config.u_dist, embeddings.DISTS)
  return point, rhos


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) into `workdir`; returns all records."""
  point, rhos = validate(config)
  N, M = point["N"], point["M"]
  p = sl.zipf(N, point["alpha"])

  def build(group, points):
    return functools.partial(
        trials.matrix_trial, N=N, M=M, d=point["d"], T=point["T"], scheme="power",
        variants=[{"rho": float(r)} for r in rhos], e_dist=config.e_dist,
        u_dist=config.u_dist)

  def to_record(task, out):
    x, y = task.point["x"], task.point["y"]
    return dict(score=out["score"], prob=out["prob"], count=out["count"],
                stored=out["stored"], correct=y == x % M, p=float(p[x]))

  inner = [{"rho": r, "x": x, "y": y} for r in rhos for x in range(N) for y in range(M)]
  return experiment.run(
      NAME, config, workdir, axes=[point], num_seeds=config.num_seeds,
      group_of=lambda _: 0, inputs_of=lambda q: {"alpha": float(q["alpha"])},
      build=build, to_record=to_record, key_fields=("N", "M", "alpha", "d", "T"),
      inner_axes=inner)


if __name__ == "__main__":
  cli.main(run, NAME)
