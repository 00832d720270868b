r"""A two-layer mixer language model whose sequence mixer is any online rule
of the registry, or causal softmax attention, for MQAR (Arora, Eyuboglu et
al., Zoology, ICLR 2024, arXiv 2312.04927; docs/pavlovian.md §4).

    h = embed(tokens) (+ learned positions for softmax attention)
    h = h + Mixer(LN h)      two blocks, pre-norm, residual, no MLP
    logits = head(LN h)

Mixer = an online rule (`assoc.rules.online(name)`): a causal depthwise
short convolution of LN h (kernel `conv`, as in Zoology's and Based's
recurrent models: it lets the key of token t reach the value at t + 1),
then q, k, v = linear maps in H heads; a feature map on q and k (`feature`: "silu_l2", SiLU
then L2 normalisation, for the delta family; "elu1" or "identity" for the
Hebbian ones); the rule's bounded scalar gates (alpha, beta, ...) computed
per token and head as sigmoid(linear(.)) of the convolved input, their
unbounded ones held at
their defaults; then, for each token, write (k_t, v_t) and read q_t, in
the rule's chunkwise parallel form where it has one (chunks of `chunk`
tokens: the same outputs as the token scan) or token by token
(`assoc.online.scan`); and an output map W_o. Mixer = "softmax": causal
multi-head attention with scores q.k/sqrt(d_head).

The width d may be a mask: built for d_max, coordinates j >= d of every
hidden vector (per head: j >= d/H) are zero and LayerNorm takes its
statistics over the first d coordinates, so the forward pass is that of the
width-d network with the sliced weights. Its initial weights, though, are
drawn at d_max's fan-in, so sims/mqar builds each width at d_max = d.
"""

from __future__ import annotations

import math

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np

from assoc import online, rules

FEATURES = ("silu_l2", "elu1", "identity")
SOFTMAX = "softmax"  # causal attention; the registry's "softmax" KV buffer is not a mixer here


def feature_map(name: str, x: jax.Array, mask: jax.Array) -> jax.Array:
  """The feature map `name` on the last axis, zero outside `mask`."""
  if name == "silu_l2":
    x = jax.nn.silu(x) * mask
    return x / (jnp.linalg.norm(x, axis=-1, keepdims=True) + 1e-6)
  if name == "elu1":
    return (jax.nn.elu(x) + 1.0) * mask
  if name == "identity":
    return x * mask
  raise ValueError(f"unknown feature map {name!r}; known: {', '.join(FEATURES)}")


def learned_gates(rule: online.OnlineRule) -> tuple[str, ...]:
  """The gates a mixer computes from its input: scalar ones with a finite
  range [low, high] (sigmoid lies inside [0, 1] c [low, high] for every
  registered rule); the others stay at their defaults."""
  out = []
  for name, g in rule.gate_spec.items():
    if g.shape == "scalar" and g.low is not None and g.high is not None:
      if not (g.low <= 0 and g.high >= 1):
        raise ValueError(f"gate {name!r} of range {g.describe()} does not contain (0, 1)")
      out.append(name)
  return tuple(out)


class MaskedLayerNorm(nn.Module):
  """LayerNorm over the first d of d_max coordinates (the others stay 0)."""

  @nn.compact
  def __call__(self, x, mask):
    d = jnp.sum(mask)
    mean = jnp.sum(x * mask, -1, keepdims=True) / d
    var = jnp.sum(((x - mean) * mask) ** 2, -1, keepdims=True) / d
    scale = self.param("scale", nn.initializers.ones, (x.shape[-1],))
    bias = self.param("bias", nn.initializers.zeros, (x.shape[-1],))
    return ((x - mean) / jnp.sqrt(var + 1e-5) * scale + bias) * mask


class ShortConv(nn.Module):
  """Causal depthwise convolution over the sequence axis (kernel `size`):
  out[t, c] = sum_j kernel[j, 0, c] x[t - size + 1 + j, c] + bias[c], with x
  = 0 before the first token. Its parameters are those of flax's
  `nn.Conv(features, (size,), padding=((size - 1, 0),),
  feature_group_count=features)` (the same names, shapes and initialisers, so
  the same draws); it is computed as `size` shifted multiply-adds, since
  XLA's CPU grouped convolution and its gradient cost about 10 ms per
  training step of the MQAR model at d = 32 (three quarters of the step)."""

  features: int
  size: int

  @nn.compact
  def __call__(self, x):
    kernel = self.param("kernel", nn.initializers.lecun_normal(), (self.size, 1, self.features))
    bias = self.param("bias", nn.initializers.zeros_init(), (self.features,))
    length = x.shape[-2]
    padded = jnp.pad(x, [(0, 0)] * (x.ndim - 2) + [(self.size - 1, 0), (0, 0)])
    out = padded[..., 0:length, :] * kernel[0, 0]
    for j in range(1, self.size):
      out = out + padded[..., j:j + length, :] * kernel[j, 0]
    return out + bias


class Mixer(nn.Module):
  mixer: str
  d_max: int
  heads: int = 1
  feature: str = "silu_l2"
  rule_options: tuple = ()
  conv: int = 4
  chunk: int = 16

  @nn.compact
  def __call__(self, h, mask):
    B, L, _ = h.shape
    H, dh = self.heads, self.d_max // self.heads
    d = jnp.sum(mask)
    head_mask = (jnp.arange(dh) < d / H).astype(h.dtype)
    split = lambda x: x.reshape(B, L, H, dh) * head_mask  # noqa: E731
    dense = lambda name: nn.Dense(self.d_max, use_bias=False, name=name)  # noqa: E731
    if self.mixer != SOFTMAX and self.conv > 1:
      h = ShortConv(self.d_max, self.conv, name="short_conv")(h) * mask
    q, k, v = split(dense("W_q")(h)), split(dense("W_k")(h)), split(dense("W_v")(h))
    if self.mixer == SOFTMAX:
      scores = jnp.einsum("bqhd,bkhd->bhqk", q, k) / jnp.sqrt(d / H)
      causal = jnp.tril(jnp.ones((L, L), bool))
      o = jnp.einsum("bhqk,bkhd->bqhd", jax.nn.softmax(jnp.where(causal, scores, -jnp.inf), -1), v)
    else:
      rule = rules.online(self.mixer, dict(self.rule_options))
      q, k = feature_map(self.feature, q, head_mask), feature_map(self.feature, k, head_mask)
      names = learned_gates(rule)
      gates = {}
      for name in names:
        g = rule.gate_spec[name]
        p = min(max(g.default, 0.02), 0.98)
        bias = nn.initializers.constant(math.log(p / (1 - p)))
        gates[name] = jax.nn.sigmoid(nn.Dense(H, bias_init=bias, name=f"gate_{name}")(h))

      parallel = getattr(rule, "chunkwise", None)

      def one(kh, vh, qh, gh):  # one sequence, one head: (L, dh)
        state = rule.init(dh, dh, h.dtype)
        if parallel is not None and self.chunk > 0:
          return parallel(state, kh, vh, qh, online.token_gates(rule, gh, L), self.chunk)[0]
        return online.scan(rule, state, kh, vh, qh, gh)[0]

      per_head = jax.vmap(one, in_axes=(1, 1, 1, 1), out_axes=1)   # over H
      o = jax.vmap(per_head)(k, v, q, {n: gates[n] for n in names})  # over B
      o = o * head_mask
    return nn.Dense(self.d_max, use_bias=False, name="W_o")(o.reshape(B, L, self.d_max)) * mask


class MixerLM(nn.Module):
  """__call__(tokens (B, L) int, d (traced width <= d_max)) -> logits (B, L, V)."""

  vocab_size: int
  d_max: int
  mixer: str
  num_layers: int = 2
  heads: int = 1
  feature: str = "silu_l2"
  max_len: int = 2048
  rule_options: tuple = ()
  conv: int = 4
  chunk: int = 16

  @nn.compact
  def __call__(self, tokens, d):
    mask = (jnp.arange(self.d_max) < d).astype(jnp.float32)
    h = nn.Embed(self.vocab_size, self.d_max, name="embed")(tokens)
    if self.mixer == SOFTMAX:
      pos = self.param("positions", nn.initializers.normal(0.02), (self.max_len, self.d_max))
      h = h + pos[: tokens.shape[1]]
    h = h * mask
    for i in range(self.num_layers):
      h = h + Mixer(self.mixer, self.d_max, self.heads, self.feature, self.rule_options,
                    self.conv, self.chunk, name=f"mixer_{i}")(MaskedLayerNorm(name=f"norm_{i}")(h, mask),
                                                   mask)
    h = MaskedLayerNorm(name="norm_out")(h, mask)
    return nn.Dense(self.vocab_size, name="head")(h)


def state_bytes(mixer: str, d: int, heads: int, L: int, num_layers: int = 2,
                rule_options: dict | None = None, conv: int = 1) -> int:
  """The recurrent state of the model in bytes (float32; docs/pavlovian.md
  §4): attention keeps 2 d L floats per layer (its KV cache); an online rule
  keeps its state pytree (matrix, normaliser, momentum, ...) per head, and
  its short convolution the last conv - 1 inputs (d floats each)."""
  if mixer == SOFTMAX:
    return 4 * num_layers * 2 * d * L
  rule = rules.online(mixer, rule_options or {})
  state = jax.eval_shape(lambda: rule.init(d // heads, d // heads, jnp.float32))
  floats = sum(int(np.prod(x.shape)) for x in jax.tree_util.tree_leaves(state))
  return 4 * num_layers * (heads * floats + (conv - 1) * d)
