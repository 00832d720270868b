"""Ultra-detection: how the overlap with the archetype decays with the
dataset entropy rho in a shallow (P = 2, K = alpha N) and a dense (P = 4, K
= alpha N^3) network, supervised, at T = 0 (docs/dense_hebbian.md §3;
figure D4).

    python -m sims.dense_hebbian_detection --config=configs/dense_hebbian_detection.py:quick --workdir=DIR

Points: each P in config.P (with its own N and load alpha: config.N[i] and
config.alpha[i] for P = config.P[i]) and rho in config.rho. A task stores
K = round(alpha N^(P-1)) class averages of M examples (quality r = 1/sqrt(1
+ rho M)), drawn directly and normalised to unit mean square, starts at
archetype 1 and runs T = 0 random-sequential dynamics to a fixed point
(assoc.hopfield.learning.capacity_trial). One compiled program per P: r is
traced.

The dense network keeps m ~ u/sqrt(rho) with u between 0.651 and
sqrt(2/pi) = 0.798 at any rho while alpha is below the plateau load
(0.00255 for P = 4), far above the chance level 1/sqrt(N); the shallow
network loses retrieval once alpha_c(rho) of the modulated AGS equations
falls below its load. Reading "ultra-detection" as this plateau is an
inference (docs/dense_hebbian.md §3, §11).

Records (DIR/results.jsonl), one per (P, rho, seed):
  N, alpha, K, r, m, n, sqrt_rho_m = sqrt(rho) m, chance = sqrt(rho/N),
  sweeps, converged; m_theory, n_theory (the RS T = 0 retrieval state:
  modulated AGS for P = 2, the dense equations for P >= 3, all-index; 0
  beyond the capacity), theory_provenance "derived".
"""

from __future__ import annotations

import functools
import math

import ml_collections

from assoc import cli, experiment
from assoc.hopfield import learning
from theory import dense_hebbian as dh

NAME = "dense_hebbian_detection"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  Ps, Ns, alphas = (tuple(experiment.axis(config, f)) for f in ("P", "N", "alpha"))
  req(len(Ps) == len(Ns) == len(alphas), f"config.P, config.N and config.alpha pair up (one "
      f"N and one load per order): got {len(Ps)}, {len(Ns)} and {len(alphas)} values")
  for P, N, alpha in zip(Ps, Ns, alphas):
    req(experiment.is_int(P) and P >= 2, f"config.P: every interaction order must be an "
        f"integer >= 2, got {P!r}")
    req(experiment.is_int(N) and N >= 2, f"config.N: every size must be an integer >= 2, "
        f"got {N!r}")
    req(isinstance(alpha, (int, float)) and alpha > 0, f"config.alpha: every load must be "
        f"> 0, got {alpha!r}")
  experiment.check_int(config, "M", at_least=1)
  req(config.M % 2 == 1 or config.allow_even_M, f"config.M={config.M} is even: sites whose "
      f"class average is 0 get no signal (docs/dense_hebbian.md §6); use odd M or set "
      f"config.allow_even_M")
  for rho in experiment.axis(config, "rho"):
    req(isinstance(rho, (int, float)) and rho > 0, f"config.rho: every dataset entropy must "
        f"be > 0, got {rho!r}")
  experiment.check_int(config, "num_seeds", "max_sweeps")
  return [{"P": P, "rho": rho} for P in Ps for rho in experiment.axis(config, "rho")]


def _panel(config, P: int) -> tuple[int, float, int]:
  """(N, alpha, K) of order P."""
  i = tuple(experiment.axis(config, "P")).index(P)
  N, alpha = experiment.axis(config, "N")[i], experiment.axis(config, "alpha")[i]
  return N, alpha, max(1, int(round(alpha * N ** (P - 1))))


@functools.cache
def _theory(P: int, rho: float, alpha: float) -> dict:
  m, n = dh.zero_t_overlaps(alpha, rho, P, "all_index")
  return dict(m_theory=m, n_theory=n, theory_provenance="derived")


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)

  def build(group, group_points):
    (P,) = group
    N, _, K = _panel(config, P)
    return functools.partial(learning.capacity_trial, num_classes=K, N=N, K=K, M=config.M,
                             P=P, max_sweeps=config.max_sweeps)

  def to_record(task, out):
    P, rho = task.point["P"], task.point["rho"]
    N, alpha, K = _panel(config, P)
    m = float(out["m"])
    return dict(N=N, alpha=alpha, K=K, r=float(dh.r_of_rho(rho, config.M)), m=m, n=out["n"],
                sqrt_rho_m=math.sqrt(rho) * m, chance=math.sqrt(rho / N), sweeps=out["sweeps"],
                converged=out["converged"], **_theory(P, rho, alpha))

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["P"],),
      inputs_of=lambda p: {"r": float(dh.r_of_rho(p["rho"], config.M))},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=("rho",))


if __name__ == "__main__":
  cli.main(run, NAME)
