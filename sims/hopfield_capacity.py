"""Storage capacity of the classical Hopfield network at T = 0, simulated and
set against Amit–Gutfreund–Sompolinsky theory (docs/hopfield.md §1; figure H1).

    python -m sims.hopfield_capacity --config=configs/hopfield_capacity.py:quick --workdir=DIR

Sweep: config.N x config.alpha x config.rule, `num_seeds` seeds each. Random
numbers depend on (N, alpha, seed) only: every rule stores the same patterns
and starts from the same state, in any sweep. (Within a compile group P is
padded to the group's largest P; the Hebbian fields are exact integers, so its
records do not depend on the padding at all, while Storkey and pseudo-inverse
fields can differ in the last float bits between sweeps with different
largest P.) Commands, expected results and runtimes:
configs/hopfield_capacity.py.

Records (DIR/results.jsonl), one per (N, alpha, rule, seed):
  N, alpha, rule, seed   the sweep point and seed
  P                      patterns stored, round(alpha N)
  overlap                final overlap m = xi^1 . sigma / N with the target
  retrieved              overlap > config.retrieval_threshold
  sweeps                 sweeps run (async: including the last, flip-free one;
                         sync: parallel updates)
  converged              a fixed point was reached within max_sweeps
  cycle                  sync dynamics ended in a 2-cycle (always false for async)
  flips                  total spin flips
  stability              min_i xi^1_i h_i at the stored target (> 0: it is an
                         exact fixed point); NaN couplings fail the run here
  overlap_theory         the rule's T = 0 retrieval overlap: hebbian, AGS
                         m(P/N) (0 above alpha_c); pseudo_inverse, 1 (every
                         pattern is a fixed point, derived); null without a
                         theory (storkey, user rules)
  overlap_ags            AGS m(P/N) for every rule: the Hebbian reference
  alpha_c_theory         the rule's capacity in units of alpha at this N:
                         hebbian 0.1379 (AGS, retrieval state exists), storkey
                         1/sqrt(2 ln N) (one pattern an exact fixed point),
                         pseudo_inverse 1 (every pattern a fixed point)

DIR/capacity.jsonl, one record per rule, rewritten after every run:
  rule, N (list), alpha_50 (alpha where the fraction retrieved falls through
  1/2, linearly interpolated; null if the grid does not bracket it),
  alpha_50_stderr (bootstrap over seeds; the spread of the resamples whose
  fraction crosses 1/2 on the grid), alpha_50_lo / alpha_50_hi (the grid
  points around it; null for an open side), alpha_c_theory (list),
  theory_criterion, fss_exponent, alpha_50_inf and alpha_50_inf_stderr
  (alpha_50 extrapolated linearly in N^-fss_exponent, bootstrap error;
  derived; null with fewer than two bracketed N).
"""

from __future__ import annotations

import functools

import jax
import ml_collections
import numpy as np

from assoc import analysis, cli, experiment, hopfield, results, rules
from sims import _hopfield
from theory import ags, capacities

NAME = "hopfield_capacity"
AXES = ("N", "alpha", "rule")
# Fields that change speed, never results. Not `vectorize`: vmapped tasks run
# batched LAPACK kernels, which round differently in the last bits.
RUNTIME_FIELDS = ("batch_size", "block")
KEY_FIELDS = ("N", "alpha")  # not the rule: rules are compared on the same patterns

# The rule's capacity in units of alpha at N, and what it counts. Rules without
# an entry get NaN: registering a rule does not require a theory for it.
OVERLAP_THEORY = {
    "hebbian": ags.overlap_zero_t,
    "pseudo_inverse": lambda alpha: 1.0,
}
THEORY = {
    "hebbian": (lambda N: ags.alpha_c(),
                "AGS RS: the retrieval state exists (T = 0)"),
    "storkey": (lambda N: capacities.storkey_p_max(N) / N,
                "N/sqrt(2 ln N): one pattern an exact fixed point"),
    "pseudo_inverse": (lambda N: capacities.pseudo_inverse_p_max(N) / N,
                       "alpha = 1: every pattern a fixed point"),
}


def validate(config: ml_collections.ConfigDict) -> dict[str, tuple]:
  """Checks the config; returns its swept axes. Raises ConfigError."""
  req = experiment.require
  axes = {name: experiment.axis(config, name) for name in AXES}
  _hopfield.validate_network(config, axes)
  experiment.check_choice("dynamics", config.dynamics, hopfield.DYNAMICS)
  experiment.check_choice("tie", config.tie, hopfield.TIES)
  req(0.0 <= config.flip_frac <= 1.0,
      f"config.flip_frac must be in [0, 1], got {config.flip_frac}")
  experiment.check_int(config, "max_sweeps")
  req(-1.0 <= config.retrieval_threshold < 1.0,
      f"config.retrieval_threshold must be in [-1, 1), got "
      f"{config.retrieval_threshold}")
  experiment.check_int(config, "num_seeds", "block")
  req(config.fss_exponent > 0,
      f"config.fss_exponent must be > 0, got {config.fss_exponent}")
  return axes


def alpha_c_theory(rule: str, N: int) -> float:
  return float(THEORY[rule][0](N)) if rule in THEORY else float("nan")


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) the sweep into `workdir`; returns all records."""
  axes = validate(config)
  options = _hopfield.rule_options(config)

  def build(group, points):
    N, rule = group
    return functools.partial(
        hopfield.retrieval_trial, N=N, P_max=_hopfield.largest_P(points),
        store=rules.storage(rule, options.get(rule)), dynamics_name=config.dynamics,
        flip_frac=config.flip_frac, max_sweeps=config.max_sweeps,
        tie=config.tie, block=config.block)

  def to_record(task, out):
    N, alpha, rule = (task.point[k] for k in AXES)
    P = _hopfield.num_patterns(N, alpha)
    overlap = int(out["overlap_sum"]) / N
    theory = OVERLAP_THEORY.get(rule)
    return dict(P=P, overlap=overlap,
                retrieved=overlap > config.retrieval_threshold,
                sweeps=out["sweeps"], converged=out["converged"],
                cycle=out["cycle"], flips=out["flips"],
                stability=out["stability"],
                overlap_theory=None if theory is None else theory(P / N),
                overlap_ags=ags.overlap_zero_t(P / N),
                alpha_c_theory=alpha_c_theory(rule, N))

  records = experiment.run(
      NAME, config, workdir, axes=axes, num_seeds=config.num_seeds,
      group_of=_hopfield.group_by_network,
      inputs_of=lambda p: {"num_patterns": _hopfield.num_patterns(p["N"], p["alpha"])},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS,
      key_fields=KEY_FIELDS)
  if jax.process_index() == 0:
    write_capacity(workdir, records, config)
  return records


def capacity_summary(records, config, num_bootstrap: int = 300) -> list[dict]:
  """One record per rule: the measured alpha_50 per N, its bootstrap standard
  error (seeds resampled), and its extrapolation to N -> inf."""
  retrieved: dict[tuple, list[bool]] = {}
  for r in records:
    retrieved.setdefault((r["rule"], r["N"], r["alpha"]), []).append(r["retrieved"])
  out = []
  for rule in dict.fromkeys(r["rule"] for r in records):
    Ns = sorted({N for (r, N, _) in retrieved if r == rule})
    a50, lo, hi, boots = [], [], [], []
    for N in Ns:
      alphas = sorted(a for (r, n, a) in retrieved if r == rule and n == N)
      samples = [np.asarray(retrieved[(rule, N, a)], float) for a in alphas]
      xc, x0, x1 = analysis.crossing(alphas, [s.mean() for s in samples])
      a50.append(xc), lo.append(x0), hi.append(x1)
      boots.append(analysis.bootstrap_crossings(alphas, samples, num=num_bootstrap,
                                                seed=N))
    se = [float(np.nanstd(b)) if np.isfinite(a) and np.isfinite(b).sum() > 1
          else float("nan") for a, b in zip(a50, boots)]
    ok = [i for i, a in enumerate(a50) if np.isfinite(a)]
    inf = inf_se = float("nan")
    if len(ok) >= 2:
      x = [Ns[i] ** -config.fss_exponent for i in ok]
      inf = analysis.fit_line(x, [a50[i] for i in ok])[0]
      fits = [analysis.fit_line(x, [boots[i][b] for i in ok])[0]
              for b in range(num_bootstrap)]
      if np.isfinite(fits).sum() > 1:
        inf_se = float(np.nanstd(fits))
    out.append(dict(
        rule=rule, N=Ns, alpha_50=a50, alpha_50_stderr=se, alpha_50_lo=lo,
        alpha_50_hi=hi, alpha_c_theory=[alpha_c_theory(rule, N) for N in Ns],
        theory_criterion=THEORY.get(rule, (None, "none"))[1],
        retrieval_threshold=config.retrieval_threshold,
        fss_exponent=config.fss_exponent, alpha_50_inf=inf,
        alpha_50_inf_stderr=inf_se))
  return out


def write_capacity(workdir: str, records, config) -> None:
  results.write_summary(workdir, "capacity.jsonl", capacity_summary(records, config))


if __name__ == "__main__":
  cli.main(run, NAME)
