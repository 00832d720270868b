"""The training-free MQAR probe: every online rule as a memory of the
key-value pairs of an MQAR context under random token embeddings, top-1
decoded over the whole value vocabulary, against N / d_k (docs/pavlovian.md
§4; figure F13).

    python -m sims.mqar_probe --config=configs/mqar_probe.py:quick --workdir=DIR

Points: each rule in config.rule, each number of passes in
config.passes[rule] (default 1), each d_k in config.d_k (d_v = d_k) and each
ratio in config.n_over_dk (n = max(2, round(ratio d_k)) pairs). A task draws
one MQAR example of n_max pairs (the largest n at its d_k) from a vocabulary
of config.vocab_size tokens, embeds every token on the unit sphere, writes
the first n context pairs in order, `passes` times over, with the rule's
gates config.gates[rule], reads at the n queries and decodes each as the
value token nearest by inner product among all D = vocab_size -
vocab_size // 2 value tokens
(assoc.probes.mqar_probe_trial). The tokens and embeddings depend on (d_k,
n_over_dk, seed) only: every rule and pass count sees the same data.

One compiled program per (rule, d_k): n, passes and the gates are traced.

Records (DIR/results.jsonl), one per (rule, passes, d_k, n_over_dk, seed):
  n, D (the dictionary size), top1, relmse, top1_theory (theory/rules.py
  "top1_dictionary", the derived Hebbian integral with D - n unstored
  competitors, docs/pavlovian.md §1.3d; null for other rules and for
  passes > 1), relmse_theory (null beyond one pass except lsq),
  theory_provenance.
"""

from __future__ import annotations

import functools

import jax.numpy as jnp
import ml_collections

from assoc import cli, experiment, probes
from sims import _pavlovian

num_pairs, passes_of = _pavlovian.num_pairs, _pavlovian.passes_of

NAME = "mqar_probe"
RUNTIME_FIELDS = ("batch_size",)


def validate(config) -> list[dict]:
  req = experiment.require
  names = _pavlovian.rule_names(config)
  for d_k in experiment.axis(config, "d_k"):
    req(experiment.is_int(d_k) and d_k >= 2, f"config.d_k: every d_k must be an integer >= 2, "
        f"got {d_k!r}")
  for ratio in experiment.axis(config, "n_over_dk"):
    req(isinstance(ratio, (int, float)) and ratio > 0,
        f"config.n_over_dk: every ratio N/d_k must be > 0, got {ratio!r}")
  n_max = max(num_pairs(r, d) for r in experiment.axis(config, "n_over_dk")
              for d in experiment.axis(config, "d_k"))
  req(experiment.is_int(config.vocab_size) and config.vocab_size > 4 * n_max
      and config.vocab_size // 2 - 1 >= n_max,
      f"config.vocab_size={config.vocab_size!r} must exceed 4 n_max = {4 * n_max} (MQAR's "
      f"L < V with one query per key) for the largest n")
  _pavlovian.check_passes(config, names)
  for name in names:
    for d_k in experiment.axis(config, "d_k"):
      _pavlovian.gates_of(config, name, d_k, d_k)
    _pavlovian.rule_of(config, name)
  experiment.check_int(config, "num_seeds")
  return [{"rule": rule, "passes": passes, "d_k": d_k, "n_over_dk": ratio}
          for rule in names for d_k in experiment.axis(config, "d_k")
          for passes in passes_of(config, rule)
          for ratio in experiment.axis(config, "n_over_dk")]


@functools.cache
def _theory(name, passes, d_k, n, D, gates):
  g = dict(gates)
  one_pass = passes == 1
  return dict(
      top1_theory=_pavlovian.theory(name, "top1_dictionary", n, d_k, d_k, D, **g)
      if one_pass else None,
      relmse_theory=_pavlovian.theory(name, "relmse", n, d_k, "sphere", **g)
      if one_pass or name == "lsq" else None,
      theory_provenance=_pavlovian.THEORY_PROVENANCE)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  D = config.vocab_size - config.vocab_size // 2

  def build(group, group_points):
    name, d_k = group
    n_max = max(num_pairs(p["n_over_dk"], p["d_k"]) for p in group_points)
    writes = n_max * max(p["passes"] for p in group_points)
    trial = functools.partial(probes.mqar_probe_trial,
                              rule=_pavlovian.rule_of(config, name, writes), d_k=d_k, d_v=d_k,
                              n_max=n_max, vocab_size=config.vocab_size)
    return lambda key, n, passes, **gates: trial(key, n, passes,
                                                 _pavlovian.unflatten_gates(gates))

  def inputs_of(p):
    gates = _pavlovian.gates_of(config, p["rule"], p["d_k"], p["d_k"])
    return {"n": num_pairs(p["n_over_dk"], p["d_k"]), "passes": p["passes"],
            **_pavlovian.flatten_gates(gates)}

  def to_record(task, out):
    p = task.point
    n = num_pairs(p["n_over_dk"], p["d_k"])
    gates = _pavlovian.gates_of(config, p["rule"], p["d_k"], p["d_k"])
    scalar = tuple(sorted((k, float(v)) for k, v in gates.items() if jnp.ndim(v) == 0))
    return dict(n=n, D=D, top1=out["top1"], relmse=out["relmse"],
                **_theory(p["rule"], p["passes"], p["d_k"], n, D, scalar))

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["rule"], p["d_k"]), inputs_of=inputs_of, build=build,
      to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=("d_k", "n_over_dk"))


if __name__ == "__main__":
  cli.main(run, NAME)
