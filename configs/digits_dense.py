r"""Dense Hebbian learning on scikit-learn's digits (docs/dense_hebbian.md
§8; figure D9).

  python -m sims.digits_dense --config=configs/digits_dense.py:smoke --workdir=/tmp/dd_smoke
  python -m sims.digits_dense --config=configs/digits_dense.py:quick --workdir=/tmp/dd_quick
    supervised, P = 2, 4, 6; M = 1, 3, 10, 30, 100; 5 seeds: ~10 s (3
    compiled programs). Measured accuracy / m at M = 1, 10, 100
    (docs/dense_hebbian.md §10 reference values in brackets, tolerance .06):
      P = 2: .218, .127, .150 [.17, .14, .17] / .384, .363, .423 [.37, .41, .41]
      P = 4: .529, .503, .604 [.48, .54, .58] / .518, .631, .733 [.51, .65, .71]
      P = 6: .540, .665, .713 [.50, .72, .71] / .525, .700, .818 [.52, .73, .81]
      baseline (raw test images): .794 [.79]
    Ordering: accuracy(P = 6) - accuracy(P = 2) = .54, .56 at M = 10, 100
    (>= .3); m(P = 6) rises by .29 from M = 1 to 100 (>= .1). The
    unsupervised protocol (default preset; 5 seeds, measured once): P = 6
    accuracy .556, .708, .671 [.50, .66, .65], m .536, .650, .706 [.52, .64,
    .70]; P = 2 accuracy .151, .226, .312 [<= .3].
  python -m sims.digits_dense --config=configs/digits_dense.py --workdir=/tmp/dd
    Adds the unsupervised protocol and 10 seeds.
  python -m sims.digits_dense --config=configs/digits_dense.py --workdir=/tmp/mnist \
      --config.dataset=mnist --config.mnist_path=train-images-idx3-ubyte.gz \
      --config.mnist_labels_path=train-labels-idx1-ubyte.gz --config.pool=2
    MNIST from files you supply (never downloaded).

Choices (docs/dense_hebbian.md §11): binarise at each pixel's median (61
non-constant pixels); 40 test images per class; supervised class averages
normalised to unit mean square; T = 0 random-sequential dynamics from the
test image, at most 50 sweeps, ties keep the spin; read-out by the nearest
archetype proxy (sign of the class's training-pool mean).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  c.dataset = "digits"
  c.mnist_path = ""
  c.mnist_labels_path = ""
  c.pool = 1
  c.binarise = "median"
  c.P = (2, 4, 6)
  c.protocol = ("supervised", "unsupervised")
  c.M = (1, 3, 10, 30, 100)
  c.n_test = 40
  c.max_sweeps = 50
  c.num_seeds = 10
  c.base_seed = 0
  c.batch_size = 16
  c.vectorize = 0
  if preset == "quick":
    c.protocol = ("supervised",)
    c.num_seeds = 5
  elif preset == "smoke":
    c.P = (2, 6)
    c.protocol = ("supervised",)
    c.M = (1, 10)
    c.n_test = 10
    c.num_seeds = 2
  return c
