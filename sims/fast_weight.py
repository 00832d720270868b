r"""Fast-weight capacity and overwrite: the synthetic settings 1 and 2 of
Schlag, Irie and Schmidhuber, "Linear Transformers Are Secretly Fast Weight
Programmers", ICML 2021, arXiv 2102.11174, §6.1 (docs/pavlovian.md §5,
figures F8 and F9; the model is `assoc.fast_weight`), trained with optax.

    python -m sims.fast_weight --config=configs/fast_weight.py:quick --workdir=DIR

Points: for each setting in config.setting (1: S unique key -> value pairs,
then one query; 2: 2S pairs drawn with replacement, the answer is the value
of the queried key's LAST occurrence), each online rule in config.rule (any
registered rule, `assoc.rules.names("online")`), each feature map in
config.feature_map ("identity", "elu1", "dpfpNU", "favorM"; the rule
"softmax", attention over a buffer of every pair, reads the raw keys and
takes the one feature map "none") and each S in config.S up to
config.S_limit.setting1 / setting2, except the (setting, rule, feature map)
that match a pattern of config.exclude ("SETTING/RULE/FEATURE_MAP", shell
wildcards, e.g. "2/hebbian/favor*"). A task trains one model from scratch
for config.steps Adam steps of config.batch sequences and tests it.

Model choices (the authors' released code where the paper is silent; all
but the layout are config fields): values are one-hot vectors in R^S, not
embedded and not trained; keys have trained N(0, 1) embeddings of size e =
int(embedding_factor S) (2.2 S: the code's 1.1 x (keys + values)), and the
token x_t = [one-hot value; key embedding] is projected to the key kappa_t
in R^d; the query is projected from its key's embedding; the answer is the
memory's read-out itself (no output layer). Rules: the sum rule is "hebbian"
with the attention normaliser (rule_options.hebbian.normalize = True); the
delta rule is "delta" with beta_t = sigmoid(W_beta x_t + b) per token
(gates.delta.beta = "learned") and sum-normalised features (key_norm.delta
= "sum": phi / sum(phi) for keys and queries); any other rule takes its
default gates (fixed), key_norm.default ("sum") and its default options, and
"softmax" gets capacity = the sequence length and reads with scale 1/sqrt(d).
FAVOR+ is the library's i.i.d. Gaussian projection (the code's is
orthogonal), drawn anew every training step and test batch
(favor_redraw). Training: fixed `steps` (the code stops early at a test
loss of 0.001 or after 10 evaluations without progress, up to 100k steps),
step size lr with `schedule`, one query per training sequence (the key at a
uniform position, as the code draws it); the test loss is the mean of
(1/2)|y - yhat|^2 over every key present in test_batches x batch fresh
sequences, each key queried in turn (0.5 = chance: yhat = 0), accuracy the
fraction whose argmax is the right value. Setting 2's test sequences have
2S pairs like the training ones (test_length "2S"), or S pairs
(test_length "S"): the authors' evaluation code (get_all_queries) draws
that many, which halves the sum rule's loss (docs/pavlovian.md §6).

Programs: the models (setting, rule, feature map) that share the values of
config.group_by are the branches of one lax.switch in one compiled program
(group_by = (): one program for the sweep, fast to compile, for CPUs where a
task runs one branch; ("setting", "rule", "feature_map"): one program per
model, for accelerators, where a vmapped switch runs every branch); S and
the embedding size are traced, shapes padded to each model's largest S
(padding changes a loss by float32 round-off only: tests/test_fast_weight.py).
Random numbers depend on (setting, S, seed) only, so every rule and feature
map sees the same initial embeddings and the same sequences (paired).

Records (DIR/results.jsonl), one per (setting, rule, feature_map, S, seed):
  L (training sequence length), L_test (test sequence length), e
  (embedding size), d_dot (null for softmax),
  loss, accuracy (test), train_loss (mean over the last 5 % of steps),
  initial_train_loss; for setting 1 and the rules whose read is a linear
  map of phi(q) (otherwise null): capacity_theory = d_dot, the largest S a
  rank-d_dot memory can return exactly (the paper's capacity, Schlag et al.
  §4.1), and loss_bound = (1/2) max(0, 1 - d_dot/S), the least test loss of
  such a memory (theory.pavlovian.fast_weight_loss_bound); for setting 2
  and the rules whose read does not depend on the order of the pairs
  (ORDER_FREE: the sum rule, softmax without positions, lsq), loss_bound =
  the least test loss of such a read when a key's last value must be
  returned (theory.pavlovian.fast_weight_overwrite_bound(S, L_test): about
  0.21 for L_test = 2S, 0.11 for S; softmax only with a buffer >= L);
  theory_provenance "derived" wherever loss_bound is set.

DIR/capacity.jsonl, one record per (setting, rule, feature_map): S_ok, the
largest S of the grid up to which every mean test loss (over seeds) is <=
config.capacity_threshold, S_fail the next S of the grid (null if none),
d_dot, and the mean losses along S.
"""

from __future__ import annotations

import fnmatch
import functools
import math

import jax
import ml_collections
import numpy as np

from assoc import cli, experiment, fast_weight, online, results, rules
from assoc.training import optimizers
from theory import pavlovian

NAME = "fast_weight"
RUNTIME_FIELDS = ("batch_size",)
GROUP_FIELDS = ("setting", "rule", "feature_map")
# Rules whose read is a linear map of phi(q) (up to the Hebbian normaliser's
# scalar): a memory of rank <= d_dot, so at most d_dot one-hot values come
# back exactly. Matrix memories (`online.MatrixMemory`) are linear too.
LINEAR_READ = ("hebbian", "titans_linear", "lsq", "oja")
# Rules whose read is a symmetric function of the stored pairs (setting 2's floor).
ORDER_FREE = ("hebbian", "softmax", "lsq")
THEORY_PROVENANCE = "derived"


# ------------------------------------------------------------------- config

def _entries(config, field: str) -> dict:
  entries = config.get(field) or {}
  return entries.to_dict() if hasattr(entries, "to_dict") else dict(entries)


def _by_rule(config, field: str, rule: str, default=None):
  entries = _entries(config, field)
  return entries.get(rule, entries.get("default", default))


def feature_maps_of(config, rule: str) -> tuple[str, ...]:
  if rule == "softmax":
    return (fast_weight.NO_FEATURES,)
  return experiment.axis(config, "feature_map")


def excluded(config, setting: int, rule: str, feature_map: str) -> bool:
  name = f"{setting}/{rule}/{feature_map}"
  return any(fnmatch.fnmatchcase(name, pattern) for pattern in config.exclude)


def variants_of(config) -> list[tuple[int, str, str]]:
  """(setting, rule, feature_map) of every model of the sweep, in order."""
  return [(s, r, f) for s in experiment.axis(config, "setting")
          for r in experiment.axis(config, "rule") for f in feature_maps_of(config, r)
          if not excluded(config, s, r, f)]


def S_of(config, setting: int) -> tuple[int, ...]:
  limit = config.S_limit[f"setting{setting}"]
  return tuple(S for S in experiment.axis(config, "S") if S <= limit)


def points_of(config) -> list[dict]:
  return [{"setting": s, "rule": r, "feature_map": f, "S": S}
          for s, r, f in variants_of(config) for S in S_of(config, s)]


def rule_of(config, name: str, setting: int | None = None, S_max: int | None = None):
  """The online rule with config.rule_options[name]; softmax gets a buffer
  of the sequence length and the scale 1/sqrt(d) unless set there."""
  options = dict(_by_rule(config, "rule_options", name, {}) or {})
  if name == "softmax" and setting is not None:
    options.setdefault("capacity", fast_weight.seq_length(setting, S_max))
    options.setdefault("beta_s", 1.0 / math.sqrt(config.d))
  try:
    return rules.online(name, options)
  except ValueError as e:
    raise experiment.ConfigError(f"config.rule_options.{name}: {e}") from None


def gates_of(config, name: str, d_dot: int, S: int) -> tuple[tuple[str, object], ...]:
  """((gate, value or "learned"), ...) of rule `name` from config.gates,
  checked (one line naming the rule and the gate)."""
  rule = rules.get(name, "online")
  given = dict(_by_rule(config, "gates", name, {}) or {})
  fixed = {k: v for k, v in given.items() if v != fast_weight.LEARNED}
  unknown = sorted(set(given) - set(rule.gate_spec))
  experiment.require(not unknown, f"config.gates.{name}: rule {name!r} has no gate(s) "
                     f"{', '.join(unknown)}; its gates: {', '.join(rule.gate_spec) or 'none'}")
  try:
    online.check_gates(rule, fixed, d_dot, S)
  except ValueError as e:
    raise experiment.ConfigError(f"config.gates.{name}: {e}") from None
  for k in given:
    if k in fixed:
      continue
    gate = rule.gate_spec[k]
    experiment.require(
        gate.shape == "scalar" and (gate.low is None or gate.low <= 0)
        and (gate.high is None or gate.high >= 1),
        f"config.gates.{name}.{k}: a learned gate is sigmoid(W x + b) in (0, 1); gate {k} "
        f"of rule {name!r} is a {gate.shape} in {gate.describe()}")
  learned = [k for k in given if k not in fixed]
  experiment.require(len(learned) <= fast_weight.MAX_LEARNED,
                     f"config.gates.{name}: at most {fast_weight.MAX_LEARNED} learned gates, "
                     f"got {len(learned)}")
  return tuple(sorted(given.items()))


def validate(config) -> list[dict]:
  req = experiment.require
  for s in experiment.axis(config, "setting"):
    experiment.check_choice("setting", s, fast_weight.SETTINGS)
    req(f"setting{s}" in config.S_limit,
        f"config.S_limit has no entry setting{s} (the largest S of setting {s})")
    req(experiment.is_int(config.S_limit[f"setting{s}"]),
        f"config.S_limit.setting{s} must be an integer, got {config.S_limit[f'setting{s}']!r}")
  known = rules.names("online")
  for name in experiment.axis(config, "rule"):
    req(name in known, f"config.rule: unknown online rule {name!r}; registered online "
        f"rules: {', '.join(known)}")
  for fm in experiment.axis(config, "feature_map"):
    try:
      kind = fast_weight.parse_feature_map(fm)[0]
    except ValueError as e:
      raise experiment.ConfigError(f"config.feature_map: {e}") from None
    req(kind != fast_weight.NO_FEATURES, "config.feature_map: 'none' is the feature map "
        "of the rule softmax alone (raw keys); give identity for others")
  for S in experiment.axis(config, "S"):
    req(experiment.is_int(S) and S >= 2, f"config.S: every S must be an integer >= 2, "
        f"got {S!r}")
  experiment.check_int(config, "d", "steps", "batch", "test_batches", "num_seeds")
  experiment.check_int(config, "scan_chunk", at_least=0)
  req(isinstance(config.lr, (int, float)) and config.lr > 0,
      f"config.lr must be > 0, got {config.lr!r}")
  experiment.check_choice("schedule", config.schedule, optimizers.RUN_LENGTH_SCHEDULES)
  req(isinstance(config.embedding_factor, (int, float)) and config.embedding_factor > 0,
      f"config.embedding_factor must be > 0, got {config.embedding_factor!r}")
  req(0 < config.capacity_threshold < 0.5,
      f"config.capacity_threshold must be in (0, 0.5), got {config.capacity_threshold!r}")
  experiment.check_choice("driver", config.driver, fast_weight.DRIVERS)
  experiment.check_choice("test_length", config.test_length, fast_weight.TEST_LENGTHS)
  req(isinstance(config.favor_redraw, bool),
      f"config.favor_redraw must be True or False, got {config.favor_redraw!r}")
  for f in config.group_by:
    experiment.check_choice("group_by", f, GROUP_FIELDS)
  for pattern in config.exclude:
    req(isinstance(pattern, str) and pattern.count("/") == 2,
        f"config.exclude: every pattern is SETTING/RULE/FEATURE_MAP, got {pattern!r}")
  for field in ("rule_options", "gates", "key_norm"):
    for name in _entries(config, field):
      req(name in known or name == "default", f"config.{field}: {name!r} is not a "
          f"registered online rule; registered: {', '.join(known)}")
  points = points_of(config)
  req(bool(points), "fast_weight: no point left: every (setting, rule, feature_map) is "
      "excluded (config.exclude) or every S is above config.S_limit")
  softmax_options = _entries(config, "rule_options").get("softmax") or {}
  req("capacity" not in softmax_options or config.driver == "scan",
      "config.rule_options.softmax.capacity: the closed-form read holds the whole sequence "
      "(capacity = L, set automatically); a smaller buffer needs config.driver='scan'")
  for s, name, fm in variants_of(config):
    S_max = max(S_of(config, s), default=None)
    if S_max is None:
      continue
    rule_of(config, name, s, S_max)
    d_dot = fast_weight.d_dot(fm, config.d)
    gates_of(config, name, d_dot, S_max)
    norm = _by_rule(config, "key_norm", name, "none")
    experiment.check_choice(f"key_norm.{name}", norm, fast_weight.KEY_NORMS)
    req(norm != "sum" or fm == fast_weight.NO_FEATURES or fast_weight.nonnegative(fm),
        f"config.key_norm.{name}='sum' needs non-negative features; feature map {fm!r} "
        f"is not (use 'l2' or 'none')")
    req(config.driver != "kernel" or name in fast_weight.KERNEL_RULES,
        f"config.driver='kernel' has a closed form for {', '.join(fast_weight.KERNEL_RULES)} "
        f"only, not for rule {name!r} (use 'auto' or 'scan')")
  return points


# ---------------------------------------------------------------------- run

def embedding_size(config, S: int) -> int:
  return fast_weight.embedding_size(S, config.embedding_factor)


def model_of(config, variant, S_max: int) -> fast_weight.Model:
  setting, name, fm = variant
  return fast_weight.Model(
      setting=setting, S_max=S_max, e_max=embedding_size(config, S_max), d=config.d,
      rule=rule_of(config, name, setting, S_max), feature_map=fm,
      gates=gates_of(config, name, fast_weight.d_dot(fm, config.d), S_max),
      key_norm=_by_rule(config, "key_norm", name, "none"), driver=config.driver,
      favor_redraw=config.favor_redraw, scan_chunk=config.scan_chunk,
      test=config.test_length)


def group_of(config, p) -> tuple:
  return tuple(p[f] for f in config.group_by) or ("all",)


def variant_of(p) -> tuple:
  return (p["setting"], p["rule"], p["feature_map"])


def capacity_theory(config, p) -> int | None:
  """d_dot for setting 1 and a rule whose read is linear in phi(q); else None."""
  if p["setting"] != 1 or p["rule"] == "softmax":
    return None
  rule = rules.get(p["rule"], "online")
  if not (isinstance(rule, online.MatrixMemory) or p["rule"] in LINEAR_READ):
    return None
  return fast_weight.d_dot(p["feature_map"], config.d)


def loss_bound_of(config, p, capacity: int | None) -> float | None:
  """The derived least test loss of the point's memory: the rank bound
  (setting 1, given its capacity d_dot) or the overwrite floor (setting 2, a
  rule in ORDER_FREE, at the test sequences' length); None elsewhere."""
  if p["setting"] == 1:
    return None if capacity is None else float(pavlovian.fast_weight_loss_bound(p["S"], capacity))
  if (p["rule"] == "softmax"  # a buffer shorter than the sequence forgets in order
      and rule_of(config, "softmax", 2, p["S"]).capacity < fast_weight.seq_length(2, p["S"])):
    return None
  if p["rule"] in ORDER_FREE:
    return pavlovian.fast_weight_overwrite_bound(
        p["S"], fast_weight.test_length(2, p["S"], config.test_length))
  return None


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  # Branch index of each model in its program: stable for the whole sweep.
  branches: dict[tuple, list[tuple]] = {}
  for p in points:
    models = branches.setdefault(group_of(config, p), [])
    if variant_of(p) not in models:
      models.append(variant_of(p))

  def build(group, group_points):
    models = []
    for variant in branches[group]:
      S_max = max(q["S"] for q in group_points if variant_of(q) == variant)
      models.append(model_of(config, variant, S_max))
    return functools.partial(fast_weight.train, models=tuple(models), steps=config.steps,
                             batch=config.batch, test_batches=config.test_batches,
                             schedule=config.schedule)

  def inputs_of(p):
    return {"index": branches[group_of(config, p)].index(variant_of(p)), "S": p["S"],
            "e": embedding_size(config, p["S"]), "lr": float(config.lr)}

  def to_record(task, out):
    p = task.point
    theory = capacity_theory(config, p)
    bound = loss_bound_of(config, p, theory)
    d_dot = None if p["rule"] == "softmax" else fast_weight.d_dot(p["feature_map"], config.d)
    return {"L": fast_weight.seq_length(p["setting"], p["S"]),
            "L_test": fast_weight.test_length(p["setting"], p["S"], config.test_length),
            "e": embedding_size(config, p["S"]), "d_dot": d_dot,
            "loss": out["loss"], "accuracy": out["accuracy"], "train_loss": out["train_loss"],
            "initial_train_loss": out["initial_train_loss"], "capacity_theory": theory,
            "loss_bound": bound,
            "theory_provenance": THEORY_PROVENANCE if bound is not None else None}

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=functools.partial(group_of, config), inputs_of=inputs_of, build=build,
      to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=("setting", "S"))
  if jax.process_index() == 0:
    results.write_summary(workdir, "capacity.jsonl",
                          capacity_summary(records, config.capacity_threshold))
  return records


def capacity_summary(records, threshold: float) -> list[dict]:
  out = []
  for variant in dict.fromkeys(variant_of(r) for r in records):
    rs = [r for r in records if variant_of(r) == variant]
    Ss = sorted({r["S"] for r in rs})
    mean = [float(np.mean([r["loss"] for r in rs if r["S"] == S])) for S in Ss]
    ok = 0
    while ok < len(Ss) and mean[ok] <= threshold:
      ok += 1
    out.append({"setting": variant[0], "rule": variant[1], "feature_map": variant[2],
                "d_dot": rs[0]["d_dot"], "S_ok": Ss[ok - 1] if ok else None,
                "S_fail": Ss[ok] if ok < len(Ss) else None, "threshold": threshold,
                "S": Ss, "mean_loss": mean})
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
