"""Structured data for dense Hebbian learning (docs/dense_hebbian.md §8):
scikit-learn's bundled 8x8 digits, binarised to +-1, and a reader for a
user-supplied MNIST file. Nothing is ever downloaded.

  load_digits(binarise)   1797 images of 64 pixels, 10 classes (scikit-learn's
                          copy: `pip install scikit-learn`); pixels constant
                          after binarisation are dropped (61 remain with the
                          median rule)
  load_mnist(path, labels_path=None, binarise, pool)
                          MNIST from IDX files (plain or gzipped; magic 2051
                          for images, 2049 for labels) or one .npz with arrays
                          x (images) and y (labels)
  binarise(X, how)        "median": +1 where a pixel exceeds its median over
                          the set, else -1; "half": +1 where it reaches half
                          the largest value (8 of 16 for the digits, 128 of
                          255 for MNIST)

Every loader returns (X, y): X in {-1, +1}^(n, N) as float32, y int32 labels.
A missing or malformed file is a one-line ValueError naming the file.
"""

from __future__ import annotations

import gzip
import os

import numpy as np

BINARISE = ("median", "half")


def binarise(X: np.ndarray, how: str = "median", top: float | None = None) -> np.ndarray:
  """+-1 images from grey levels (see the module docstring); `top`: the
  largest possible grey level for "half" (default: the largest in X)."""
  X = np.asarray(X, np.float64)
  if how == "median":
    return np.where(X > np.median(X, axis=0), 1.0, -1.0).astype(np.float32)
  if how == "half":
    top = float(X.max()) if top is None else top
    return np.where(X >= top / 2, 1.0, -1.0).astype(np.float32)
  raise ValueError(f"unknown binarise {how!r}; known: {', '.join(BINARISE)}")


def _drop_constant(B: np.ndarray) -> np.ndarray:
  return B[:, np.any(B != B[:1], axis=0)]


def load_digits(how: str = "median") -> tuple[np.ndarray, np.ndarray]:
  """scikit-learn's 8x8 digits, binarised, constant pixels dropped."""
  try:
    from sklearn import datasets
  except ImportError as e:
    raise ImportError("the digits experiment needs scikit-learn's bundled digits: "
                      "pip install scikit-learn") from e
  data = datasets.load_digits()
  B = binarise(data.data, how, top=16.0)
  return _drop_constant(B), data.target.astype(np.int32)


def _open(path: str):
  if not os.path.exists(path):
    raise ValueError(f"{path}: no such file (MNIST is read from a file you supply; "
                     f"nothing is downloaded)")
  with open(path, "rb") as f:
    gzipped = f.read(2) == b"\x1f\x8b"
  return gzip.open(path, "rb") if gzipped else open(path, "rb")


def read_idx(path: str) -> np.ndarray:
  """An IDX array of unsigned bytes (plain or gzipped): images (magic 2051,
  shape (n, rows, cols)) or labels (magic 2049, shape (n,))."""
  with _open(path) as f:
    data = f.read()
  if len(data) < 8:
    raise ValueError(f"{path}: not an IDX file (too short)")
  magic = int.from_bytes(data[:4], "big")
  if magic not in (2049, 2051):
    raise ValueError(f"{path}: not an IDX file of MNIST images or labels (magic {magic}; "
                     f"expected 2051 for images, 2049 for labels)")
  ndim = 1 if magic == 2049 else 3
  header = 4 + 4 * ndim
  dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
  size = int(np.prod(dims))
  if len(data) != header + size:
    raise ValueError(f"{path}: IDX header says {dims} ({size} bytes of data), the file has "
                     f"{len(data) - header}")
  return np.frombuffer(data, np.uint8, offset=header).reshape(dims)


def _pool(images: np.ndarray, pool: int) -> np.ndarray:
  if pool == 1:
    return images
  n, h, w = images.shape
  h, w = h // pool * pool, w // pool * pool
  return images[:, :h, :w].reshape(n, h // pool, pool, w // pool, pool).mean(axis=(2, 4))


def load_mnist(path: str, labels_path: str | None = None, how: str = "half",
               pool: int = 1) -> tuple[np.ndarray, np.ndarray]:
  """MNIST (or Fashion-MNIST) from a user-supplied file: an .npz with x
  (n, 28, 28) and y (n,), or an IDX images file with its IDX labels file;
  `pool` x `pool` average pooling before binarisation; constant pixels
  dropped."""
  if not (isinstance(pool, int) and pool >= 1):
    raise ValueError(f"pool must be an integer >= 1, got {pool!r}")
  if path.endswith(".npz"):
    if not os.path.exists(path):
      raise ValueError(f"{path}: no such file (MNIST is read from a file you supply; "
                       f"nothing is downloaded)")
    with np.load(path) as f:
      missing = sorted({"x", "y"} - set(f.files))
      if missing:
        raise ValueError(f"{path}: the .npz needs arrays x (images) and y (labels); "
                         f"missing {', '.join(missing)}")
      images, labels = np.asarray(f["x"]), np.asarray(f["y"])
  else:
    if labels_path is None:
      raise ValueError(f"{path}: an IDX images file needs its labels file (labels_path)")
    images, labels = read_idx(path), read_idx(labels_path)
    if images.ndim != 3:
      raise ValueError(f"{path}: expected IDX images (magic 2051), got labels")
    if labels.ndim != 1:
      raise ValueError(f"{labels_path}: expected IDX labels (magic 2049), got images")
  if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
    raise ValueError(f"{path}: expected images (n, rows, cols) and n labels, got shapes "
                     f"{images.shape} and {labels.shape}")
  top = 255.0 if images.dtype == np.uint8 else None
  B = binarise(_pool(images.astype(np.float64), pool).reshape(len(images), -1), how, top=top)
  return _drop_constant(B), labels.astype(np.int32)
