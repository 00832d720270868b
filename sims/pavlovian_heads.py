"""Head redundancy at fixed width: H heads of d_k = d_model / H storing the
same pairs under independent keys, their answers averaged or their decodes
put to a majority vote (docs/pavlovian.md §1.3e; figure F6).

    python -m sims.pavlovian_heads --config=configs/pavlovian_heads.py:quick --workdir=DIR

Points: each rule in config.rule, H in config.H (dividing config.d_model)
and N in config.N; gates config.gates[rule] (defaults otherwise). A task stores N pairs in every head (values: config.values
in d_v = d_model; each head its own unit keys in d_k = d_model / H) and
probes every item in every head (assoc.probes.heads_trial). The values
depend on (N, seed) only; every H and rule sees the same values. One
compiled program per (rule, H); N is traced.

Records (DIR/results.jsonl), one per (rule, H, N, seed):
  d_k, relmse (of the averaged answer), relmse_head (mean over heads of a
  head's relMSE), error_head (fraction of wrong per-head decodes, top-1
  among the N stored values), vote_error (fraction of items the majority
  vote gets wrong), relmse_theory ((N - 1)/d_model, independent of H, for
  the Hebbian rule; theory/rules.py "heads_relmse"), relmse_head_theory (the
  rule's one-head relMSE at d_k: (N - 1) H / d_model for Hebbian),
  vote_error_bound (Hoeffding exp(-2 H (1/2 - p)^2) at the measured
  per-head error p = error_head; 1 for p >= 1/2), theory_provenance
  "derived".
"""

from __future__ import annotations

import functools

import ml_collections

from assoc import cli, experiment, probes
from sims import _pavlovian
from theory import pavlovian

NAME = "pavlovian_heads"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  names = _pavlovian.rule_names(config)
  _pavlovian.check_values(config)
  experiment.check_int(config, "d_model", at_least=2)
  for H in experiment.axis(config, "H"):
    req(experiment.is_int(H) and H >= 1 and config.d_model % H == 0,
        f"config.H: every H must be an integer >= 1 dividing d_model={config.d_model} (d_k = "
        f"d_model/H), got {H!r}")
  for N in experiment.axis(config, "N"):
    req(experiment.is_int(N) and N >= 2, f"config.N: every N must be an integer >= 2, got {N!r}")
  for name in names:
    for H in experiment.axis(config, "H"):
      _pavlovian.gates_of(config, name, config.d_model // H, config.d_model)
    _pavlovian.rule_of(config, name)
  experiment.check_int(config, "num_seeds")
  return [{"rule": name, "H": H, "N": N} for name in names for H in experiment.axis(config, "H")
          for N in experiment.axis(config, "N")]


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  n_max = max(experiment.axis(config, "N"))

  def build(group, group_points):
    name, H = group
    trial = functools.partial(probes.heads_trial, rule=_pavlovian.rule_of(config, name, n_max),
                              H=H, d_model=config.d_model, d_v=config.d_model, n_max=n_max,
                              values=config["values"])
    return lambda key, n, **gates: trial(key, n, _pavlovian.unflatten_gates(gates))

  def to_record(task, out):
    p = task.point
    d_k = config.d_model // p["H"]
    return dict(d_k=d_k, relmse=out["relmse"], relmse_head=out["relmse_head"],
                error_head=out["error_head"], vote_error=out["vote_error"],
                relmse_theory=_pavlovian.theory(p["rule"], "heads_relmse", p["N"],
                                                config.d_model, p["H"]),
                relmse_head_theory=_pavlovian.theory(p["rule"], "relmse", p["N"], d_k),
                vote_error_bound=float(pavlovian.vote_error_bound(p["H"],
                                                                  float(out["error_head"]))),
                theory_provenance=_pavlovian.THEORY_PROVENANCE)

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["rule"], p["H"]), build=build,
      inputs_of=lambda p: {"n": p["N"], **_pavlovian.flatten_gates(_pavlovian.gates_of(
          config, p["rule"], config.d_model // p["H"], config.d_model))},
      to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=("N",))


if __name__ == "__main__":
  cli.main(run, NAME)
