"""Outer-product associative memories on Zipf data (Cabannes, Dohmatob,
Bietti, "Scaling Laws for Associative Memories", ICLR 2024;
docs/outer_product.md).

  zipf        token law p(x) ∝ (x+1)^(-α), labels f*(x) = x mod M, samples, counts
  embeddings  random input/output embeddings: Gaussian or spherical, nested
              (one draw at d_max, every d a prefix) or independent per d
  memory      W_q = sum_x q(x) u_{f*(x)} e_x^T, scores of all tokens at once,
              population error
  training    learned memories: W (and E, U) by cross-entropy with optax SGD,
              Adam, SignGD, normalised GD; optional L2 normalisation

The storage schemes q are registered rules of kind "scheme" (assoc.rules).
"""
