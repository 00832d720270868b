r"""A synthetic heavy-tailed fact-recall task (docs/muon_tail.md §7.2; the
CPU-scale analogue of the heavy-tailed QA data of Wang et al., arXiv
2509.26030 v2, §4).

S = 2^m subjects follow the group law of `assoc.heavy_tail` (group 0 is
subject 0, group g >= 1 holds 2^(g-1) subjects, each 2^(g-1) times rarer
than subject 0, every group g >= 1 with the same total mass). R relations,
V object tokens. A fixed random fact table o = f*(s, r), uniform over V, is
drawn from `data_seed`; p(s, r) = p_s / R.

Token ids: subjects 0..S-1, relations S..S+R-1, filler tokens
S+R..S+R+filler_vocab-1. A query is [f_1, ..., f_n, s, S + r] with
n = n_filler random fillers in front (so that attention has to find the
subject), and the answer o is predicted at the last position: the model's
vocabulary in is S + R + filler_vocab, out is V.

The population metrics are exact over all S R facts; with fillers, each
fact is evaluated with one fixed filler draw (`population_inputs`).
"""

from __future__ import annotations

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np

from assoc import heavy_tail


@dataclasses.dataclass(frozen=True)
class FactTask:
  m: int
  R: int
  V: int
  n_filler: int = 0
  filler_vocab: int = 16
  data_seed: int = 0

  @property
  def S(self) -> int:
    return 2**self.m

  @property
  def vocab_in(self) -> int:
    return self.S + self.R + self.filler_vocab

  @property
  def length(self) -> int:
    return self.n_filler + 2

  def law(self):
    """(groups, p_s) of the subjects."""
    groups, _, p = heavy_tail.group_law(self.m)
    return groups, p

  def table(self) -> np.ndarray:
    """The fact table f*(s, r), shape (S, R), uniform over V."""
    rng = np.random.default_rng(self.data_seed)
    return rng.integers(0, self.V, size=(self.S, self.R)).astype(np.int32)

  def queries(self, s: jax.Array, r: jax.Array, fillers: jax.Array | None) -> jax.Array:
    """Token sequences [fillers..., s, S + r]; fillers (..., n_filler) in
    [0, filler_vocab)."""
    tail = jnp.stack([s, self.S + r], axis=-1).astype(jnp.int32)
    if not self.n_filler:
      return tail
    return jnp.concatenate([self.S + self.R + fillers.astype(jnp.int32), tail], axis=-1)

  def sample(self, key: jax.Array, cdf: jax.Array, table: jax.Array, B: int):
    """A mini-batch of B queries i.i.d. from p(s, r) and their answers."""
    k_s, k_r, k_f = jax.random.split(key, 3)
    s = heavy_tail.sample_classes(k_s, cdf, B)
    r = jax.random.randint(k_r, (B,), 0, self.R)
    fillers = jax.random.randint(k_f, (B, self.n_filler), 0, self.filler_vocab)
    return self.queries(s, r, fillers), table[s, r]

  def population_inputs(self, key: jax.Array):
    """All S R queries (subject-major) with one filler draw each, and the
    subject of each."""
    s = jnp.repeat(jnp.arange(self.S), self.R)
    r = jnp.tile(jnp.arange(self.R), self.S)
    fillers = jax.random.randint(key, (self.S * self.R, self.n_filler), 0, self.filler_vocab)
    return self.queries(s, r, fillers), s
