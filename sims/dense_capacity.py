"""Capacity of dense associative memories, F(S) = S^n, at T = 0, against
their theory (docs/hopfield.md §2; figures H7, capacity vs N, and H8,
retrieval vs load).

    python -m sims.dense_capacity --config=configs/dense_capacity.py:quick --workdir=DIR

Points: for each degree n in config.n, each N in config.N_by_n[n] and each
load in config.load, P = round(load * alpha_ref(n) * N^(n-1)) patterns, where
alpha_ref is the RS capacity of the all-index convention (n >= 3) or AGS's
0.138 (n = 2): one load grid serves every n. Each task stores the patterns
(all-index Krotov–Hopfield energy, `assoc.rules.dense`), starts at pattern 1
(flip_frac flipped), runs T = 0 asynchronous dynamics, and tests whether
the first `num_tested` stored patterns are exact fixed points. Random numbers
depend on (n, N, load, seed).

Records (DIR/results.jsonl), one per (n, N, load, seed):
  n, N, load, seed, P, alpha_n (= P / N^(n-1))
  overlap, retrieved (overlap > retrieval_threshold: the small-error
  criterion), sweeps, converged, flips
  fraction_fixed        fraction of the tested patterns that are exact fixed
                        points (the error-free criterion)
  stability             min_i xi^1_i h_i at pattern 1
  m_theory              RS m(alpha_n), all-index (n >= 3; derived); AGS m(alpha)
                        for n = 2
  m_theory_distinct     the same in the distinct-index convention (n >= 3;
                        null for n = 2)
  p_fixed_theory        finite-N Pr(pattern is a fixed point) (derived, §2.3)

DIR/capacity.jsonl, one record per n: N (list); P50_small_error and
P50_error_free (where the fraction retrieved / fixed falls through 1/2,
interpolated in log P; null if not bracketed); slope_small_error,
slope_error_free and their standard errors (least squares of log P50 on log
N); the theory at each N: P_alpha_c (alpha_ref N^(n-1)), P50_formula
(finite-N formula), P_KH (Krotov–Hopfield N^(n-1) / (2 (2n-3)!! ln N)); and
the local slopes of those curves over the same N, which is what an exponent
fitted at these N should be compared with (docs/hopfield.md §2.4).
"""

from __future__ import annotations

import functools
import math

import jax
import ml_collections
import numpy as np

from assoc import analysis, cli, experiment, hopfield, results, rules
from theory import ags
from theory import dense as dense_theory

NAME = "dense_capacity"
RUNTIME_FIELDS = ("batch_size", "block")


def alpha_ref(n: int) -> float:
  """The load unit: RS alpha_c, all-index (n >= 3), or AGS (n = 2)."""
  return ags.alpha_c() if n == 2 else dense_theory.alpha_c(n)


def num_patterns(n: int, N: int, load: float) -> int:
  return max(1, int(math.floor(load * alpha_ref(n) * N ** (n - 1) + 0.5)))


def points_of(config) -> list[dict]:
  return [{"n": n, "N": N, "load": load}
          for n in experiment.axis(config, "n")
          for N in experiment.axis(config.N_by_n, str(n))
          for load in experiment.axis(config, "load")]


def validate(config: ml_collections.ConfigDict) -> list[dict]:
  req = experiment.require
  for n in experiment.axis(config, "n"):
    req(isinstance(n, int) and 2 <= n <= 8,
        f"config.n: every degree must be an integer in [2, 8], got {n!r}")
    req(str(n) in config.N_by_n,
        f"config.N_by_n has no entry '{n}' for degree n = {n} (entries: "
        f"{', '.join(config.N_by_n.keys())})")
  points = points_of(config)
  for p in points:
    req(isinstance(p["N"], int) and p["N"] >= 4,
        f"config.N_by_n['{p['n']}']: every N must be an integer >= 4, got {p['N']!r}")
    req(isinstance(p["load"], (int, float)) and p["load"] > 0,
        f"config.load: every load must be > 0, got {p['load']!r}")
    P = num_patterns(p["n"], p["N"], p["load"])
    req(P <= 200_000, f"n={p['n']}, N={p['N']}, load={p['load']} stores P={P} "
        f"patterns: more than this simulation allows (200000)")
  req(0.0 <= config.flip_frac <= 1.0, f"config.flip_frac must be in [0, 1], got {config.flip_frac}")
  experiment.check_int(config, "max_sweeps", "num_tested")
  req(-1.0 <= config.retrieval_threshold < 1.0,
      f"config.retrieval_threshold must be in [-1, 1), got {config.retrieval_threshold}")
  experiment.check_int(config, "num_seeds", "block")
  return points


@functools.lru_cache(maxsize=None)
def _theory(n: int, N: int, P: int) -> tuple:
  a = P / N ** (n - 1)
  if n == 2:
    m, m_d = ags.overlap_zero_t(a), None
  else:
    m = dense_theory.overlap_zero_t(a, n)
    m_d = dense_theory.overlap_zero_t(a, n, "distinct")
  return a, m, m_d, dense_theory.prob_fixed(N, P, n)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)

  def build(group, group_points):
    n, N = group
    P_max = max(num_patterns(p["n"], p["N"], p["load"]) for p in group_points)
    return functools.partial(hopfield.retrieval_trial, N=N, P_max=P_max,
                             store=rules.storage("dense", {"n": n}),
                             flip_frac=config.flip_frac, max_sweeps=config.max_sweeps,
                             num_tested=min(config.num_tested, P_max), block=config.block)

  def to_record(task, out):
    n, N, load = task.point["n"], task.point["N"], task.point["load"]
    P = num_patterns(n, N, load)
    a, m, m_d, p_fixed = _theory(n, N, P)
    overlap = int(out["overlap_sum"]) / N
    return dict(P=P, alpha_n=a, overlap=overlap,
                retrieved=overlap > config.retrieval_threshold, sweeps=out["sweeps"],
                converged=out["converged"], flips=out["flips"],
                fraction_fixed=int(out["fixed"]) / int(out["tested"]),
                stability=out["stability"], m_theory=m, m_theory_distinct=m_d,
                p_fixed_theory=p_fixed)

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["n"], p["N"]),
      inputs_of=lambda p: {"num_patterns": num_patterns(p["n"], p["N"], p["load"])},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS)
  if jax.process_index() == 0:
    results.write_summary(workdir, "capacity.jsonl", capacity_summary(records))
  return records


def _p50(records, value) -> float:
  """P where the mean of `value` over seeds falls through 1/2 (in log P)."""
  by_P: dict[int, list[float]] = {}
  for r in records:
    by_P.setdefault(r["P"], []).append(float(r[value]))
  Ps = sorted(by_P)
  x, _, _ = analysis.crossing(np.log(Ps), [np.mean(by_P[P]) for P in Ps])
  return float(np.exp(x)) if np.isfinite(x) else float("nan")


def capacity_summary(records) -> list[dict]:
  out = []
  for n in sorted({r["n"] for r in records}):
    Ns = sorted({r["N"] for r in records if r["n"] == n})
    small = [_p50([r for r in records if r["n"] == n and r["N"] == N], "retrieved") for N in Ns]
    free = [_p50([r for r in records if r["n"] == n and r["N"] == N], "fraction_fixed") for N in Ns]

    def fit(P50):
      ok = [i for i, P in enumerate(P50) if np.isfinite(P)]
      if len(ok) < 2:
        return float("nan"), float("nan")
      _, b, _, se = analysis.fit_line(np.log([Ns[i] for i in ok]), np.log([P50[i] for i in ok]))
      return b, se

    s_small, se_small = fit(small)
    s_free, se_free = fit(free)
    a_ref = alpha_ref(n)
    formula = [dense_theory.p50_fixed(N, n) for N in Ns]
    out.append(dict(
        n=n, N=Ns, P50_small_error=small, P50_error_free=free,
        slope_small_error=s_small, slope_small_error_stderr=se_small,
        slope_error_free=s_free, slope_error_free_stderr=se_free, slope_n_minus_1=n - 1,
        P_alpha_c=[a_ref * N ** (n - 1) for N in Ns], P50_formula=formula,
        P_KH=[dense_theory.p_max_kh(N, n) for N in Ns],
        local_slope_alpha_c=float(n - 1),
        local_slope_formula=dense_theory.local_slope(Ns, lambda N: dense_theory.p50_fixed(N, n)),
        local_slope_KH=dense_theory.local_slope(Ns, lambda N: dense_theory.p_max_kh(N, n)),
        convention="all_index"))
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
