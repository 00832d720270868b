"""Random embeddings e_x (inputs) and u_y (outputs) of outer-product memories
(docs/outer_product.md §4, §9).

Distributions (`dist`): "gaussian", entries N(0, 1/d); "sphere", rows
uniform on the unit sphere. The defaults are e Gaussian, u spherical;
which one the theorems assume is not established (docs/outer_product.md §9).

Designs: "nested" draws one (n, d_max) matrix per trial and uses its first d
coordinates for every d (Gaussian variance 1/d_max, sphere rows unit-norm in
d_max, not renormalised), as the reference figures do: it cuts the variance
across d. "independent" draws a fresh matrix for every d (variance 1/d, rows
unit-norm in d). In both, a memory of dimension d < d_max is represented at
d_max with the coordinates beyond d set to 0, so one compiled program serves
every d: scores computed from the masked matrices equal those of the
d-dimensional ones.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

DISTS = ("gaussian", "sphere")
DESIGNS = ("nested", "independent")


def prefix_mask(d, d_max: int, dtype=jnp.float32) -> jax.Array:
  """1 on the first d of d_max coordinates, 0 beyond (d may be traced)."""
  return (jnp.arange(d_max) < d).astype(dtype)


def _shape(g, dist, mask, scale):
  g = g * mask
  if dist == "gaussian":
    return g / jnp.sqrt(scale)
  if dist == "sphere":
    return g / jnp.linalg.norm(g, axis=1, keepdims=True)
  raise ValueError(f"unknown embedding distribution {dist!r}; known: {', '.join(DISTS)}")


def draw(key: jax.Array, N: int, M: int, d_max: int, e_dist: str = "gaussian",
         u_dist: str = "sphere", d=None) -> tuple[jax.Array, jax.Array]:
  """(E, U), (N, d_max) and (M, d_max), living on the first d coordinates
  (d = d_max if None; traced allowed): Gaussian entries N(0, 1/d) or rows
  uniform on the unit sphere of R^d, zero beyond d. One normal draw for both
  (each random-bits call costs seconds to compile)."""
  g = jax.random.normal(key, (N + M, d_max))
  if d is None:
    mask, scale = jnp.ones((d_max,)), jnp.float32(d_max)
  else:
    mask, scale = prefix_mask(d, d_max), jnp.asarray(d, jnp.float32)
  return _shape(g[:N], e_dist, mask, scale), _shape(g[N:], u_dist, mask, scale)


def pair(key: jax.Array, d, *, N: int, M: int, d_max: int, design: str = "nested",
         e_dist: str = "gaussian", u_dist: str = "sphere",
         full: tuple[jax.Array, jax.Array] | None = None) -> tuple[jax.Array, jax.Array]:
  """(E, U), (N, d_max) and (M, d_max), for memory dimension d (traced
  allowed). "nested": the first d coordinates of `full` (the trial's one
  draw at d_max, from `draw_full`); "independent": a draw of its own for this
  d, from fold_in(key, d)."""
  if design == "nested":
    E, U = full if full is not None else draw_full(key, N=N, M=M, d_max=d_max,
                                                   e_dist=e_dist, u_dist=u_dist)
    mask = prefix_mask(d, d_max, E.dtype)
    return E * mask, U * mask
  if design == "independent":
    return draw(jax.random.fold_in(key, d), N, M, d_max, e_dist, u_dist, d)
  raise ValueError(f"unknown embedding design {design!r}; known: {', '.join(DESIGNS)}")


def draw_full(key: jax.Array, *, N: int, M: int, d_max: int, e_dist: str = "gaussian",
              u_dist: str = "sphere") -> tuple[jax.Array, jax.Array]:
  """The nested design's one draw per trial: (E, U) at d_max."""
  return draw(key, N, M, d_max, e_dist, u_dist)
