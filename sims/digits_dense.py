"""Dense Hebbian learning on structured data: scikit-learn's 8x8 digits (or
a user-supplied MNIST file), binarised; retrieval from test images and a
read-out by the nearest class archetype (docs/dense_hebbian.md §8; figure
D9).

    python -m sims.digits_dense --config=configs/digits_dense.py:quick --workdir=DIR

Points: each P in config.P, protocol in config.protocol and M in config.M.
A task (assoc.hopfield.learning.digits_trial) splits every class at random
(config.n_test test images, the next M as examples, the rest with them as
the training pool), stores the examples (supervised: the class averages
normalised to unit mean square; unsupervised: every example with weight
1/M) in a dense memory of order P, runs T = 0 dynamics from every test
image, and reads the class out by the largest overlap with the archetype
proxies (the sign of each class's pool mean). The split depends on (M,
seed) only, so P and protocols are compared on the same data. One compiled
program per (P, protocol): M is traced.

Records (DIR/results.jsonl), one per (P, protocol, M, seed):
  accuracy, m (mean overlap with the proxy of the true class), and
  baseline_accuracy, baseline_m (the read-out on the raw test images). No
  theory: the random-data theory of docs/dense_hebbian.md §2 is only
  qualitative here.

Data: config.dataset "digits" (bundled with scikit-learn: pip install
scikit-learn) or "mnist" (config.mnist_path: an .npz with x and y, or an
IDX images file with config.mnist_labels_path; never downloaded;
config.pool x config.pool pooling), binarised by config.binarise.
"""

from __future__ import annotations

import functools
import os

import ml_collections

from assoc import cli, digits, experiment
from assoc.hopfield import learning
from sims import _dense_hebbian

NAME = "digits_dense"
RUNTIME_FIELDS = ("batch_size",)
DATASETS = ("digits", "mnist")


def load(config):
  """(X, y) of config.dataset (ConfigError for a bad file)."""
  try:
    if config.dataset == "digits":
      return digits.load_digits(config.binarise)
    return digits.load_mnist(config.mnist_path, config.mnist_labels_path or None,
                             config.binarise, config.pool)
  except ValueError as e:
    raise experiment.ConfigError(f"config.mnist_path: {e}") from None
  except ImportError as e:
    raise experiment.ConfigError(f"config.dataset='digits': {e}") from None


def validate(config):
  req = experiment.require
  experiment.check_choice("dataset", config.dataset, DATASETS)
  experiment.check_choice("binarise", config.binarise, digits.BINARISE)
  if config.dataset == "mnist":
    req(bool(config.mnist_path), "config.mnist_path: dataset 'mnist' reads a file you supply "
        "(an .npz with x and y, or IDX images with config.mnist_labels_path); nothing is "
        "downloaded")
    req(os.path.exists(config.mnist_path), f"config.mnist_path: {config.mnist_path}: no such file")
  _dense_hebbian.check_orders_protocols_examples(config)
  experiment.check_int(config, "n_test", "num_seeds", "max_sweeps", "pool")
  X, y = load(config)
  smallest = int(min((y == c).sum() for c in range(int(y.max()) + 1)))
  M_max = max(experiment.axis(config, "M"))
  req(config.n_test + M_max < smallest, f"config.n_test + max(config.M) = "
      f"{config.n_test + M_max} leaves no training pool beyond the examples in the smallest "
      f"class ({smallest} images)")
  points = [{"P": P, "protocol": protocol, "M": M} for P in experiment.axis(config, "P")
            for protocol in experiment.axis(config, "protocol") for M in experiment.axis(config, "M")]
  return points, X, y


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  points, X, y = validate(config)
  M_max = max(experiment.axis(config, "M"))

  def build(group, group_points):
    P, protocol = group
    return functools.partial(learning.digits_trial, X=X, y=y, P=P, protocol=protocol,
                             M_max=M_max, n_test=config.n_test, num_classes=int(y.max()) + 1,
                             max_sweeps=config.max_sweeps)

  def to_record(task, out):
    return dict(N=int(X.shape[1]), accuracy=out["accuracy"], m=out["m"],
                baseline_accuracy=out["baseline_accuracy"], baseline_m=out["baseline_m"])

  return experiment.run(
      NAME, config, workdir, axes=points, num_seeds=config.num_seeds,
      group_of=lambda p: (p["P"], p["protocol"]), inputs_of=lambda p: {"M": p["M"]},
      build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS, key_fields=("M",))


if __name__ == "__main__":
  cli.main(run, NAME)
