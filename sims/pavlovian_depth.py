"""Errors through depth: a chain of retrievals with clean-up, and residual
noise accumulated over layers with a gain (docs/pavlovian.md §1.3f; figure
F7).

    python -m sims.pavlovian_depth --config=configs/pavlovian_depth.py:quick --workdir=DIR

Points: each rule in config.rule and gain gamma in config.gamma; every task
computes every depth L = 1..config.L_max at once (assoc.probes.chain_trial,
residual_trial):
  chain     N_chain unit keys in d_k, k_i stored -> k_{i+1}; from k_0 each
            hop reads the memory and cleans up to the nearest stored key;
            success = all of the first L hops right. Independent of gamma
            (the same chain for every gamma of a rule).
  residual  L independent memories of N pairs (values config.values, d_v =
            d_k), each probed once; the errors e_l add up in a residual
            stream with gain gamma: E_L = gamma E_{L-1} + e_L; noise = |E_L|^2.
The random numbers depend on the seed only. One compiled program per rule.

Records (DIR/results.jsonl), one per (rule, gamma, seed, L):
  success, noise, success_theory (p_1^L with p_1 the rule's derived top-1
  among the N_chain stored keys, theory/rules.py "top1"; the figure also
  draws (1 - p)^L with p measured at L = 1), noise_theory (sigma^2 sum_{l<L}
  gamma^(2l) with sigma^2 the rule's derived relMSE (N - 1)/d_k), both null
  for rules without that theory; theory_provenance "derived".
"""

from __future__ import annotations

import functools

import jax
import ml_collections

from assoc import cli, experiment, probes
from sims import _pavlovian
from theory import pavlovian

NAME = "pavlovian_depth"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  names = _pavlovian.rule_names(config)
  _pavlovian.check_values(config)
  experiment.check_int(config, "d_k", "N", "N_chain", at_least=2)
  experiment.check_int(config, "L_max", "num_seeds")
  for gamma in experiment.axis(config, "gamma"):
    req(isinstance(gamma, (int, float)) and gamma > 0,
        f"config.gamma: every gain must be > 0, got {gamma!r}")
  for name in names:
    _pavlovian.gates_of(config, name, config.d_k, config.d_k)
    _pavlovian.rule_of(config, name)
  return [{"rule": name, "gamma": gamma} for name in names
          for gamma in experiment.axis(config, "gamma")]


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)

  def build(group, group_points):
    (name,) = group
    rule = _pavlovian.rule_of(config, name, max(config.N, config.N_chain))
    chain = functools.partial(probes.chain_trial, rule=rule, d_k=config.d_k, N=config.N_chain,
                              L_max=config.L_max)
    residual = functools.partial(probes.residual_trial, rule=rule, d_k=config.d_k,
                                 d_v=config.d_k, N=config.N, L_max=config.L_max,
                                 values=config["values"])

    def trial(key, gamma, **gates):
      gates = _pavlovian.unflatten_gates(gates)
      return {**chain(jax.random.fold_in(key, 0), gates),
              **residual(jax.random.fold_in(key, 1), gamma, gates)}

    return trial

  def to_record(task, out):
    p = task.point
    return dict(success=out["success"], noise=out["noise"], **_theory(p["rule"], p["gamma"],
                                                                      p["L"]),
                theory_provenance=_pavlovian.THEORY_PROVENANCE)

  @functools.lru_cache(maxsize=None)
  def _theory(name, gamma, L):
    top1 = _pavlovian.theory(name, "top1", config.N_chain, config.d_k, config.d_k)
    sigma2 = _pavlovian.theory(name, "relmse", config.N, config.d_k)
    return dict(success_theory=None if top1 is None else top1**L,
                noise_theory=None if sigma2 is None else float(
                    pavlovian.depth_noise(sigma2, gamma, L)))

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["rule"],), build=build,
      inputs_of=lambda p: {"gamma": p["gamma"], **_pavlovian.flatten_gates(
          _pavlovian.gates_of(config, p["rule"], config.d_k, config.d_k))},
      to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=(),
      inner_axes=[{"L": L} for L in range(1, config.L_max + 1)])


if __name__ == "__main__":
  cli.main(run, NAME)
