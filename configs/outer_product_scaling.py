r"""Outer-product memories: error vs d and T per storage scheme
(docs/outer_product.md §4 "theory validation", §7.1-§7.3; figures F-a, F-b, F-c,
F-e: paper_figs.outer_scaling_d, outer_scaling_T, outer_contours,
outer_schemes).

One run holds both settings of docs/outer_product.md §4: the joint (d, T) law of the
threshold scheme on seen tokens with P = ⌊d/12⌋ (F-a to F-c), and the
infinite-data comparison of fill (q = 1), weighted (q = p) and threshold with
P = ⌊d/8⌋ (F-e, T = None). P_div is swept, so both thresholds are measured on
the same trials (and every scheme at every T: fill and weighted at finite T
come for free).

Commands (from the repository root) and what they gave on 2 CPU cores (wall
time of the command, with ~2.5 s of start-up; measured beside one other
job: up to ~1.5x inflated):

  python -m sims.outer_product_scaling --config=configs/outer_product_scaling.py:smoke \
      --workdir=/tmp/ops_smoke
    N = 100, d in {10, 50}, T in {10, 100, None}, 2 trials: ~5 s.

  python -m sims.outer_product_scaling --config=configs/outer_product_scaling.py:quick \
      --workdir=/tmp/ops_quick
    N = 1000, d in {10, 20, 50, 100, 200, 500, 1000}, T in {10, 10^2, 10^3,
    10^4, None}, 20 trials: ~9 s. Measured (docs/outer_product.md §7 reference in
    brackets; fits.jsonl, d >= 50, T >= 100, bootstrap errors):
      threshold P = ⌊d/8⌋, T = ∞: d-slope -1.043 ± 0.007 [-1.04; accept
        -1.10..-0.90], E(1000) = 3.36e-3 [3.4e-3]
      q = p, T = ∞: d-slope -0.226 ± 0.03 [-0.28; accept -0.25 ± 0.06],
        E(100) = 0.107 [0.12], E(1000) = 0.061 [0.060]
      q = 1, T = ∞: 0.66, 0.67, 0.60, 0.49 at d = 10, 20, 50, 100 [>= 0.5 up to
        d ≈ 100; the d = 100 value has a standard error of 0.07]
      threshold P = ⌊d/12⌋: T-slope at d = 1000 -0.496 ± 0.012 [-0.49; accept
        -0.50 ± 0.07]; d-slope at T = 10^4 -0.955 ± 0.010 [-0.97; -1 ± 0.10]
      d = 1000, T = 10..10^4: 0.185, 0.059, 0.0173, 0.0060 [0.179, 0.058, 0.017,
        0.0061]; T = 10^4, d = 10..1000: 0.361, 0.334, 0.105, 0.057, 0.029,
        0.0060 [0.361, 0.324, 0.111, 0.058, 0.030, 0.0061]; d = 10: 0.360987 in
        every trial [exact 0.36099]

  python -m sims.outer_product_scaling --config=configs/outer_product_scaling.py \
      --workdir=/tmp/ops
    Paper scale: 24 values of d (20 log-spaced in [10, 1000] and the F-a
    grid), 100 trials.

Choices the paper leaves open (docs/outer_product.md §9; all config fields):
  embedding_design = "nested" (one draw at max(d) per trial, first d
  coordinates, so a trial's embeddings depend on the run's max(d);
  "independent" redraws per d); e_dist = "gaussian" (N(0, 1/d)),
  u_dist = "sphere"; the data of size T are the first T tokens of one stream
  per trial (nested in T, as the reference figures); theory_c = 1 (the
  constant of the Theorem-1 heuristic); log_power = 0 (the log factor of the
  figures' guide lines); argmax ties go to class 0; float32
  throughout (ties arise only from W = 0, which float32 represents exactly).
"""

import ml_collections

from configs import _common


def get_config(arg: str | None = None) -> ml_collections.ConfigDict:
  c, preset = _common.new_config(arg)
  # Swept axes (one task per value and seed).
  c.N = (1000,)
  c.M = (5,)
  c.alpha = (2.0,)                    # Zipf exponent
  c.scheme = ("fill", "weighted", "threshold")
  c.P_div = (12, 8)                   # threshold keeps floor(d / P_div) seen tokens
  c.rho = (0.5,)                      # power stores p^rho (only if "power" is a scheme)
  # Further options of each scheme (keyword arguments; see assoc/rules/outer_*.py).
  c.scheme_options = ml_collections.ConfigDict({"threshold": {"rho": 0.0}})
  # Inner axes: every trial measures every (d, T).
  c.d = tuple(sorted(set(_common.log_ints(10, 1000, 20)) | {10, 20, 50, 100, 200, 1000}))
  c.T = (10, 100, 1000, 10000, None)  # None: infinite data (q from the true p)
  c.num_seeds = 100
  c.base_seed = 0
  c.embedding_design = "nested"
  c.e_dist = "gaussian"
  c.u_dist = "sphere"
  c.n_head = 30                       # tokens of error_head / error_tail
  c.theory_c = 1.0                    # constant of the Theorem-1 heuristic (§9)
  c.log_power = 0.0                   # guides c d^a log(d)^log_power (§9; figures)
  # Slope fits (fits.jsonl): d in [fit_d_min, fit_d_max], T in [fit_T_min, fit_T_max]
  # (0: no upper limit); standard errors from num_bootstrap resamples of trials.
  c.fit_d_min = 50
  c.fit_d_max = 0
  c.fit_T_min = 100
  c.fit_T_max = 0
  c.num_bootstrap = 200
  # Runtime only.
  c.batch_size = 64
  c.vectorize = 0
  if preset == "quick":
    c.d = (10, 20, 50, 100, 200, 500, 1000)
    c.num_seeds = 20
  elif preset == "smoke":
    c.N = (100,)
    c.d = (10, 50)
    c.T = (10, 100, None)
    c.num_seeds = 2
    c.fit_d_min = 10
    c.fit_T_min = 10
  return c
