"""Capacity of the exponential dense memory F(S) = e^S (Demircigil et al.
2017, arXiv 1702.01929) as exact fixed points vs N (docs/hopfield.md §2.3-
§2.4; figure H9).

    python -m sims.dense_exp_capacity --config=configs/dense_exp_capacity.py:quick --workdir=DIR

Points: each N in config.N and each ratio in config.ratio, P =
round(ratio * P_ref(N)) patterns, P_ref the P_50 of the derived Gaussian
estimate (`theory.dense.exp_p50_fixed`; the measured P_50 lies at 0.5-0.9 of
it): a grid that follows the capacity, so no task pads to 2^N patterns. Each task stores P Rademacher patterns in the
exponential memory (`assoc.rules.dense_exp`: energy differences from the P
overlaps, exponents shifted by their maximum, nothing of size 2^N formed)
and tests the first `num_tested` of them for being exact fixed points (every
bit strictly stable under the T = 0 update). Random numbers depend on (N,
ratio, seed); pattern mu has its own key.

Records (DIR/results.jsonl), one per (N, ratio, seed):
  N, ratio, seed, P
  fraction_fixed     fraction of the tested patterns that are exact fixed points
  p_fixed_theory     Gaussian signal-to-noise estimate of Pr(fixed) (derived;
                     an overestimate, see theory.dense.exp_prob_fixed)

DIR/capacity.jsonl, one record: N (list), P50 (where the mean fraction fixed
falls through 1/2, interpolated in log P; null if not bracketed), log2_P50
and log2_P50_stderr (bootstrap over seeds), slope (least squares of log2 P50 on N) and slope_stderr, P50_gaussian (the
derived estimate at each N) and its slope over the same N, and
log2_demircigil (N/2: the quoted guarantee, docs/hopfield.md §8.7) with slope 0.5.
"""

from __future__ import annotations

import functools
import math

import jax
import ml_collections
import numpy as np

from assoc import analysis, cli, experiment, hopfield, results, rules
from theory import dense as dense_theory

NAME = "dense_exp_capacity"
RUNTIME_FIELDS = ("batch_size",)
MAX_P = 2**22  # patterns per task: (P, N) float32 plus an (N, P) temporary


def num_patterns(N: int, ratio: float) -> int:
  return max(2, int(math.floor(ratio * dense_theory.exp_p50_fixed(N) + 0.5)))


def validate(config: ml_collections.ConfigDict) -> dict[str, tuple]:
  req = experiment.require
  axes = {"N": experiment.axis(config, "N"),
          "ratio": experiment.axis(config, "ratio")}
  for N in axes["N"]:
    req(isinstance(N, int) and N >= 4, f"config.N: every N must be an integer >= 4, got {N!r}")
  for ratio in axes["ratio"]:
    req(isinstance(ratio, (int, float)) and ratio > 0,
        f"config.ratio: every ratio must be > 0, got {ratio!r}")
  for N in axes["N"]:
    for ratio in axes["ratio"]:
      P = num_patterns(N, ratio)
      req(P <= MAX_P, f"N={N}, ratio={ratio} stores P = {P} patterns: more than this "
          f"simulation allows ({MAX_P} = 2^22)")
  experiment.check_int(config, "num_tested", "num_seeds")
  return axes


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  axes = validate(config)

  def build(N, points):
    P_max = max(num_patterns(p["N"], p["ratio"]) for p in points)
    return functools.partial(hopfield.fixed_point_trial, N=N, P_max=P_max,
                             store=rules.storage("dense_exp"),
                             num_tested=min(config.num_tested, P_max),
                             one_at_a_time=True)  # each test needs an (N, P) array

  def to_record(task, out):
    N, ratio = task.point["N"], task.point["ratio"]
    P = num_patterns(N, ratio)
    return dict(P=P, fraction_fixed=int(out["fixed"]) / int(out["tested"]),
                p_fixed_theory=dense_theory.exp_prob_fixed(N, P))

  records = experiment.run(
      NAME, config, workdir, axes=axes, num_seeds=config.num_seeds,
      group_of=lambda p: p["N"],
      inputs_of=lambda p: {"num_patterns": num_patterns(p["N"], p["ratio"])},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS)
  if jax.process_index() == 0:
    results.write_summary(workdir, "capacity.jsonl", [capacity_summary(records)])
  return records


def capacity_summary(records, num_bootstrap: int = 300) -> dict:
  """P_50 per N, its bootstrap error (seeds resampled) and the fitted growth
  rate d log2 P_50 / dN with its least-squares standard error."""
  Ns = sorted({r["N"] for r in records})
  log2_P50, se = [], []
  for N in Ns:
    by_P: dict[int, list[float]] = {}
    for r in records:
      if r["N"] == N:
        by_P.setdefault(r["P"], []).append(r["fraction_fixed"])
    Ps = sorted(by_P)
    samples = [np.asarray(by_P[P], float) for P in Ps]
    x, _, _ = analysis.crossing(np.log2(Ps), [v.mean() for v in samples])
    boots = analysis.bootstrap_crossings(np.log2(Ps), samples, num=num_bootstrap, seed=N)
    log2_P50.append(x)
    se.append(float(np.nanstd(boots)) if np.isfinite(x) and np.isfinite(boots).sum() > 1
              else float("nan"))
  log2_P50 = np.asarray(log2_P50)
  ok = np.isfinite(log2_P50)
  slope = slope_se = float("nan")
  if ok.sum() >= 2:
    _, slope, _, slope_se = analysis.fit_line(np.asarray(Ns)[ok], log2_P50[ok])
  gauss = [dense_theory.exp_p50_fixed(N) for N in Ns]
  gauss_slope = (analysis.fit_line(Ns, np.log2(gauss))[1] if len(Ns) >= 2
                 else float("nan"))
  return dict(N=Ns, P50=list(2.0**log2_P50), log2_P50=list(log2_P50),
              log2_P50_stderr=se, slope=slope, slope_stderr=slope_se,
              P50_gaussian=gauss, slope_gaussian=gauss_slope,
              log2_demircigil=[dense_theory.demircigil_log2_capacity(N) for N in Ns],
              slope_demircigil=0.5)

if __name__ == "__main__":
  cli.main(run, NAME)
