"""MQAR with every online rule as a sequence mixer: a two-layer mixer
language model trained on multi-query associative recall, accuracy against
the model width and against the size of its recurrent state
(Arora, Eyuboglu et al., Zoology, ICLR 2024, arXiv 2312.04927;
docs/pavlovian.md §4; figures F11 and F12).

    python -m sims.mqar --config=configs/mqar.py:quick --workdir=DIR

Points: each mixer in config.mixer ("softmax" or a registered online rule),
width d in config.d and step size lr in config.lr. A task draws
config.num_train training and config.num_test test examples of MQAR
(assoc.data.mqar.multiquery_ar, vocabulary config.vocab_size, length
config.input_seq_len, config.num_kv_pairs pairs; the two sets from
independent random keys), trains assoc.models.seq.MixerLM (two pre-norm residual mixer blocks,
no MLP) with AdamW (weight decay config.weight_decay) on a cosine schedule
for config.n_steps steps of config.batch examples drawn with
replacement, cross-entropy on the query positions, and measures the test
accuracy (the fraction of query positions whose argmax is the value) at
config.num_evals steps. The run is checkpointed in segments of
config.segment_steps steps (assoc.training.loop.segmented_training) and
resumes where it stopped. One compiled program per (mixer, d), built at
width d (so each network starts as the width-d one); lr is traced. Every
task of a seed sees the same data (key_fields = ()): mixers, widths and
step sizes are compared on the same examples.

Records (DIR/results.jsonl), one per (mixer, d, lr, seed):
  steps, accuracy (per evaluation), final_accuracy, best_accuracy,
  state_bytes (the recurrent state, float32, docs/pavlovian.md §4), L, N.

DIR/mqar.jsonl, one record per (mixer, d): the final test accuracy averaged
over seeds, at the step size where that mean is highest, and that lr (the
Zoology protocol plots the best step size by test accuracy; no validation
split is held out: docs/pavlovian.md §7), state_bytes.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np
import optax

from assoc import cli, experiment, results, rules
from assoc.data import mqar
from assoc.models import seq
from assoc.training import loop, optimizers

NAME = "mqar"
RUNTIME_FIELDS = ("batch_size", "segment_steps")


def feature_of(config, mixer: str) -> str:
  return dict(config.feature).get(mixer, config.default_feature)


def validate(config) -> list[dict]:
  req = experiment.require
  known = (seq.SOFTMAX,) + tuple(n for n in rules.names("online") if n != seq.SOFTMAX)
  mixers = experiment.axis(config, "mixer")
  for m in mixers:
    req(m in known, f"config.mixer: unknown mixer {m!r}; known: {', '.join(known)}")
    if m != seq.SOFTMAX:
      experiment.check_choice(f"feature.{m}", feature_of(config, m), seq.FEATURES)
      try:
        seq.learned_gates(rules.online(m))
      except ValueError as e:
        raise experiment.ConfigError(f"config.mixer: {m!r} cannot be a mixer here: {e}") from None
  for name in dict(config.feature):
    req(name in known, f"config.feature has an entry for {name!r}, not a mixer")
  experiment.check_int(config, "chunk", at_least=0)
  experiment.check_int(config, "short_conv", "heads", "vocab_size", "input_seq_len", "num_kv_pairs",
                       "num_passes", "num_train", "num_test", "n_steps", "num_evals",
                       "num_seeds")
  try:
    mqar.check(config.vocab_size, config.input_seq_len, config.num_kv_pairs, config.num_passes,
               config.power_a)
  except ValueError as e:
    raise experiment.ConfigError(f"config (MQAR data): {e}") from None
  for d in experiment.axis(config, "d"):
    req(experiment.is_int(d) and d >= config.heads and d % config.heads == 0,
        f"config.d: every width must be a positive multiple of config.heads={config.heads}, "
        f"got {d!r}")
  for lr in experiment.axis(config, "lr"):
    req(isinstance(lr, (int, float)) and lr > 0, f"config.lr: every step size must be > 0, "
        f"got {lr!r}")
  req(isinstance(config.weight_decay, (int, float)) and config.weight_decay >= 0,
      f"config.weight_decay must be >= 0, got {config.weight_decay!r}")
  return [{"mixer": m, "d": d, "lr": lr} for m in mixers for d in experiment.axis(config, "d")
          for lr in experiment.axis(config, "lr")]


def data_of(config, key, split: int, num: int):
  return mqar.multiquery_ar(
      jax.random.fold_in(key, 10 + split), vocab_size=config.vocab_size, num_examples=num,
      input_seq_len=config.input_seq_len, num_kv_pairs=config.num_kv_pairs,
      num_passes=config.num_passes, power_a=config.power_a,
      random_non_queries=config.random_non_queries)


def _loss_and_accuracy(logits, labels):
  mask = labels != mqar.IGNORE
  safe = jnp.where(mask, labels, 0)
  ce = optax.softmax_cross_entropy_with_integer_labels(logits, safe)
  count = jnp.maximum(jnp.sum(mask), 1)
  return (jnp.sum(ce * mask) / count,
          jnp.sum((jnp.argmax(logits, -1) == labels) & mask) / count)


def eval_steps(config) -> np.ndarray:
  return np.unique(np.linspace(0, config.n_steps, config.num_evals + 1)[1:].round().astype(int))


def build_task(config, mixer: str, d_max: int):
  model = seq.MixerLM(vocab_size=config.vocab_size, d_max=d_max, mixer=mixer,
                      heads=config.heads, feature=feature_of(config, mixer),
                      max_len=config.input_seq_len, conv=config.short_conv,
                      chunk=config.chunk)

  def context(key, hyper):
    return data_of(config, key, 0, config.num_train), data_of(config, key, 1, config.num_test), \
        hyper["d"]

  def init(key, hyper):
    tokens = jnp.zeros((1, config.input_seq_len), jnp.int32)
    return model.init(jax.random.fold_in(key, 1), tokens, hyper["d"])

  def data(key_t, ctx):
    return jax.random.randint(key_t, (config.batch,), 0, config.num_train)

  def loss(params, idx, ctx):
    (x, y), _, d = ctx
    return _loss_and_accuracy(model.apply(params, x[idx], d), y[idx])[0]

  def evaluate(params, ctx):
    _, (x, y), d = ctx
    logits = jax.lax.map(lambda xb: model.apply(params, xb, d),
                         x.reshape(-1, config.eval_batch, x.shape[-1]))
    return {"accuracy": _loss_and_accuracy(logits.reshape(y.shape + (-1,)), y)[1]}

  def optimizer(hyper, params):
    lr = optimizers.schedule(hyper["lr"], "cosine", config.n_steps)
    return optimizers.make("adamw", lr, weight_decay=config.weight_decay)

  return loop.segmented_training(init=init, loss=loss, data=data, optimizer=optimizer,
                                 evaluate=evaluate, n_steps=config.n_steps,
                                 segment_steps=config.segment_steps,
                                 eval_steps=eval_steps(config), context=context,
                                 context_takes_hyper=True)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points = validate(config)
  experiment.require(config.num_test % config.eval_batch == 0, f"config.num_test="
                     f"{config.num_test} must be a multiple of config.eval_batch="
                     f"{config.eval_batch}")
  steps = eval_steps(config)

  def to_record(task, out):
    p = task.point
    acc = np.asarray(out["accuracy"], float)
    return dict(steps=steps, accuracy=acc.tolist(), final_accuracy=float(acc[-1]),
                best_accuracy=float(acc.max()), L=config.input_seq_len, N=config.num_kv_pairs,
                state_bytes=seq.state_bytes(p["mixer"], p["d"], config.heads,
                                            config.input_seq_len, conv=config.short_conv))

  records = experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["mixer"], p["d"]),
      build=lambda group, group_points: build_task(config, group[0], group[1]),
      inputs_of=lambda p: {"d": float(p["d"]), "lr": float(p["lr"])},
      to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=())
  if jax.process_index() == 0:
    results.write_summary(workdir, "mqar.jsonl", summary(records))
  return records


def summary(records) -> list[dict]:
  out = []
  for mixer, d in dict.fromkeys((r["mixer"], r["d"]) for r in records):
    sel = [r for r in records if r["mixer"] == mixer and r["d"] == d]
    by_lr = {lr: float(np.mean([r["final_accuracy"] for r in sel if r["lr"] == lr]))
             for lr in dict.fromkeys(r["lr"] for r in sel)}
    lr = max(by_lr, key=by_lr.get)
    out.append(dict(mixer=mixer, d=d, accuracy=by_lr[lr], lr=lr,
                    num_seeds=len({r["seed"] for r in sel}), state_bytes=sel[0]["state_bytes"],
                    L=sel[0]["L"], N=sel[0]["N"]))
  return out


if __name__ == "__main__":
  cli.main(run, NAME)
