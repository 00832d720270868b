r"""A tiny decoder-only transformer for the Muon component ablation
(docs/muon_tail.md §7.2; the CPU-scale analogue of the NanoGPT ablation of Wang et
al., arXiv 2509.26030 v2, §4).

Pre-norm blocks with RMSNorm, learned token and position embeddings
(N(0, 1) entries), an untied LM head, no biases (flax's default LeCun-normal
kernels), causal multi-head attention and a non-gated
GELU feed-forward layer of width `ffn_mult` x d:

    h = embed(x) + pos
    h = h + W_O . attention(W_Q n(h), W_K n(h), W_V n(h))    n = RMSNorm
    h = h + W_out GELU(W_in n(h))
    logits = head(n(h))

Every matrix is applied as x W (the first axis the reduction axis). The
attention projections keep the head axis: W_Q, W_K, W_V are (d, H, d/H) and
W_O is (H, d/H, d), so that Muon can act on the full d x d matrix
(`MuonDimensionNumbers(0, (1, 2))`, `((0, 1), 2)`) or per head (the head
axis a batch axis) without reshaping the parameters (`muon_per_head`).

`COMPONENTS` names the matrix groups of the ablation: QK = (W_Q, W_K),
VO = (W_V, W_O), FFN = (W_in, W_out). `muon_dimension_numbers(params,
components)` is the `muon_weight_dimension_numbers` pytree of
`optax.contrib.muon`: dimension numbers on the named matrices of every
layer, None on everything else (embeddings, head, norms), which optax
sends to Adam.
"""

from __future__ import annotations

from typing import Iterable

import flax.linen as nn
import jax
import jax.numpy as jnp
from optax.contrib import MuonDimensionNumbers

COMPONENTS = {"QK": ("W_Q", "W_K"), "VO": ("W_V", "W_O"), "FFN": ("W_in", "W_out")}
MATRICES = ("W_Q", "W_K", "W_V", "W_O", "W_in", "W_out")


class RMSNorm(nn.Module):
  eps: float = 1e-6

  @nn.compact
  def __call__(self, x):
    scale = self.param("scale", nn.initializers.ones, (x.shape[-1],))
    return x * jax.lax.rsqrt(jnp.mean(x * x, axis=-1, keepdims=True) + self.eps) * scale


class Block(nn.Module):
  d: int
  num_heads: int
  ffn_mult: int = 4

  @nn.compact
  def __call__(self, h):
    H, dh = self.num_heads, self.d // self.num_heads
    L = h.shape[-2]
    x = RMSNorm(name="norm_attn")(h)
    proj = lambda name: nn.DenseGeneral((H, dh), use_bias=False, name=name)(x)
    q, k, v = proj("W_Q"), proj("W_K"), proj("W_V")  # (..., L, H, dh)
    scores = jnp.einsum("...qhc,...khc->...hqk", q, k) / jnp.sqrt(dh)
    causal = jnp.tril(jnp.ones((L, L), bool))
    scores = jnp.where(causal, scores, jnp.finfo(scores.dtype).min)
    att = jnp.einsum("...hqk,...khc->...qhc", jax.nn.softmax(scores, axis=-1), v)
    h = h + nn.DenseGeneral(self.d, axis=(-2, -1), use_bias=False, name="W_O")(att)
    x = RMSNorm(name="norm_ffn")(h)
    x = nn.gelu(nn.Dense(self.ffn_mult * self.d, use_bias=False, name="W_in")(x))
    return h + nn.Dense(self.d, use_bias=False, name="W_out")(x)


class TinyTransformer(nn.Module):
  """Logits over `vocab_out` answer tokens at every position of `tokens`
  (integers in [0, vocab_in), shape (..., L)): shape (..., L, vocab_out),
  or (..., vocab_out) at the last position only with `last_only` (the
  head's cost then falls L-fold)."""

  vocab_in: int
  vocab_out: int
  max_len: int
  d: int = 64
  num_heads: int = 4
  num_layers: int = 1
  ffn_mult: int = 4

  def setup(self):
    if self.d % self.num_heads:
      raise ValueError(f"d = {self.d} is not a multiple of num_heads = {self.num_heads}")

  @nn.compact
  def __call__(self, tokens, last_only: bool = False):
    L = tokens.shape[-1]
    h = nn.Embed(self.vocab_in, self.d, embedding_init=nn.initializers.normal(1.0),
                 name="embed")(tokens)
    pos = self.param("pos_embed", nn.initializers.normal(1.0), (self.max_len, self.d))
    h = h + pos[:L]
    for i in range(self.num_layers):
      h = Block(self.d, self.num_heads, self.ffn_mult, name=f"layer_{i}")(h)
    if last_only:
      h = h[..., -1, :]
    h = RMSNorm(name="norm_out")(h)
    return nn.Dense(self.vocab_out, use_bias=False, name="head")(h)


def _leaf_name(path) -> str:
  """The module name of a parameter leaf ('W_Q', 'embed', ...)."""
  keys = [getattr(k, "key", str(k)) for k in path]
  return keys[-2] if len(keys) >= 2 and keys[-1] in ("kernel", "embedding", "scale") else keys[-1]


def check_components(components: Iterable[str]) -> tuple[str, ...]:
  components = tuple(components)
  unknown = sorted(set(components) - set(COMPONENTS))
  if unknown:
    raise ValueError(f"unknown component(s) {', '.join(unknown)}; components: "
                     f"{', '.join(COMPONENTS)}")
  return components


def muon_matrices(components: Iterable[str]) -> tuple[str, ...]:
  """The matrix names of the components ("QK" -> W_Q, W_K; ...)."""
  return tuple(m for c in check_components(components) for m in COMPONENTS[c])


def _dimension_numbers(name: str, per_head: bool) -> MuonDimensionNumbers:
  if name in ("W_Q", "W_K", "W_V"):  # (d, H, dh)
    return MuonDimensionNumbers(0, 2) if per_head else MuonDimensionNumbers(0, (1, 2))
  if name == "W_O":  # (H, dh, d)
    return MuonDimensionNumbers(1, 2) if per_head else MuonDimensionNumbers((0, 1), 2)
  return MuonDimensionNumbers(0, 1)  # W_in (d, 4d), W_out (4d, d)


def muon_dimension_numbers(params, components: Iterable[str], per_head: bool = False):
  """The `muon_weight_dimension_numbers` pytree: Muon on the matrices of
  `components` (every layer), None (Adam) on every other leaf."""
  chosen = set(muon_matrices(components))
  return jax.tree_util.tree_map_with_path(
      lambda path, _: _dimension_numbers(_leaf_name(path), per_head)
      if _leaf_name(path) in chosen else None, params)


def leaf_names(params) -> list[tuple[str, str]]:
  """(path, module name) of every leaf, in tree order (for tests and logs)."""
  return [(jax.tree_util.keystr(path), _leaf_name(path))
          for path, _ in jax.tree_util.tree_flatten_with_path(params)[0]]


def matrices(params, layer: int) -> dict[str, jax.Array]:
  """The d x d (or d x 4d) matrices of one layer, as applied (x W): W_Q,
  W_K, W_V (d, d), W_O (d, d), W_in (d, 4d), W_out (4d, d), and the
  value-output product W_V W_O (d, d)."""
  p = params["params"][f"layer_{layer}"] if "params" in params else params[f"layer_{layer}"]
  out = {}
  for name in ("W_Q", "W_K", "W_V"):
    w = p[name]["kernel"]
    out[name] = w.reshape(w.shape[0], -1)
  w = p["W_O"]["kernel"]
  out["W_O"] = w.reshape(-1, w.shape[-1])
  out["W_in"] = p["W_in"]["kernel"]
  out["W_out"] = p["W_out"]["kernel"]
  out["W_VW_O"] = out["W_V"] @ out["W_O"]
  return out


def muon_switch(params, on: dict):
  """The `switch` pytree of `optimizers.switchable_muon`: on[component] (a
  bool, possibly traced) at every matrix of that component, None elsewhere."""
  component = {m: c for c, ms in COMPONENTS.items() for m in ms}
  return jax.tree_util.tree_map_with_path(
      lambda path, _: on[component[_leaf_name(path)]]
      if _leaf_name(path) in component else None, params)
