r"""The Newton-Schulz effect: balance rho^eps of one Muon step from 0 when the
polar factor is approximated by optax's Newton-Schulz iteration, against
the exact polar factor (docs/muon_tail.md §5, figure M-3; Wang et al.,
arXiv 2509.26030 v2, §5 uses the exact factor).

    python -m sims.muon_ns --config=configs/muon_ns.py:quick --workdir=DIR

Sweep: ns_coeffs (a named coefficient set of
`assoc.training.optimizers.NS_COEFFS`: the quintic optax default
(3.4445, -4.7750, 2.0315) and the convergent cubic (1.5, -0.5, 0)) x
ns_steps, on the decoupled one-layer memory (E = Ẽ = I) with the two-level
law. Each task takes the population gradient at W = 0 and the update of
optax.contrib.muon (via `optimizers.make("muon_ns", 1, ns_coeffs, ns_steps,
beta=0, nesterov=False)` on the leaf W: momentum-free Newton-Schulz of the
raw gradient, Frobenius pre-normalisation), then rho, eta* along W_eta =
eta U exactly as sims.muon_one_step, and the extreme singular values of
the NS output over its rank(X) = K - 1 largest (X's null direction is
dropped: it only adds a constant to every logit column). ns_steps is a
traced input: one program per coefficient set.

Theory (theory/muon_one_step.py, exact in the group-symmetric reduction):
the NS polynomial applied to X's singular values p_head, p_tail, sigma_3
after the same normalisation (norm eps 1e-8, as optax), its rho and its
singular values; rho_polar is the exact-polar value.

Records (DIR/results.jsonl), one per (ns_coeffs, ns_steps):
  ns_coeffs, ns_steps, seed    the point (seed always 0)
  K, L                         sizes
  rho, eta_star                measured balance and step
  rho_theory, eta_star_theory  closed form for the same NS iterate
  rho_polar                    closed form with the exact polar factor
  sigma_min, sigma_max         extreme non-null singular values of the NS output
  sigma_min_theory, sigma_max_theory
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import ml_collections

from assoc import cli, experiment, softmax_memory
from assoc.training import optimizers
from theory import muon_one_step as theory

NAME = "muon_ns"
AXES = ("ns_coeffs", "ns_steps")
RUNTIME_FIELDS = ("batch_size",)
NORM_EPS = 1e-8  # optax's eps in the Frobenius pre-normalisation


def validate(config: ml_collections.ConfigDict) -> dict[str, tuple]:
  req = experiment.require
  axes = {name: experiment.axis(config, name) for name in AXES}
  for name in axes["ns_coeffs"]:
    experiment.check_choice("ns_coeffs", name, tuple(optimizers.NS_COEFFS))
  for n in axes["ns_steps"]:
    req(isinstance(n, int) and 1 <= n <= 200,
        f"config.ns_steps must hold integers in [1, 200], got {n!r}")
  experiment.check_int(config, "K", at_least=3)
  req(0.0 < config.alpha < 1.0, f"config.alpha must be in (0, 1), got {config.alpha}")
  req(0.0 < config.beta < 1.0, f"config.beta must be in (0, 1), got {config.beta}")
  experiment.check_choice("L_rounding", config.L_rounding, theory.L_ROUNDINGS)
  L = theory.head_size(config.K, config.beta, config.L_rounding)
  req(2 <= L <= config.K - 2, f"config.beta={config.beta} gives L = {L} head facts at "
      f"K = {config.K}: need 2 <= L <= K - 2")
  req(0.0 < config.eps < 0.5, f"config.eps must be in (0, 0.5), got {config.eps}")
  req(0 < config.eta_min < config.eta_max, "config.eta_min < eta_max, both > 0")
  experiment.check_int(config, "num_eta", at_least=2)
  experiment.check_int(config, "bisect_steps", at_least=0)
  experiment.check_choice("dtype", config.dtype, ("float32", "float64"))
  return axes


def task(key, ns_steps, *, K: int, coeffs: str, config):
  """One (coefficient set, ns_steps): see the module docstring."""
  del key
  dtype = jnp.dtype(config.dtype)
  p_np, _ = theory.two_level(K, config.alpha, config.beta, config.L_rounding)
  p = jnp.asarray(p_np, dtype)
  emb = softmax_memory.embedding("decoupled", dtype)
  params = {"W": jnp.zeros((K, K), dtype)}
  grads = jax.grad(lambda q: softmax_memory.population_loss(q["W"], p, emb))(params)
  opt = optimizers.make(
      "muon_ns", 1.0, ns_coeffs=coeffs, ns_steps=ns_steps, beta=0.0, nesterov=False,
      weight_dimension_numbers={"W": optimizers.MuonDimensionNumbers(0, 1)})
  U = opt.update(grads, opt.init(params), params)[0]["W"]
  S = emb.logits(U)
  etas = jnp.asarray(theory.eta_grid(config.eta_min, config.eta_max, config.num_eta), dtype)
  out = dict(softmax_memory.balance(S, config.eps, etas, config.bisect_steps))
  s_in = jnp.linalg.svd(grads["W"], compute_uv=False)
  rank = jnp.sum(s_in > 1e-10 * s_in[0])
  s_out = jnp.linalg.svd(U, compute_uv=False)  # descending
  out["sigma_max"] = s_out[0]
  out["sigma_min"] = s_out[rank - 1]
  return out


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) the sweep into `workdir`; returns all records."""
  axes = validate(config)
  K = config.K
  _, L = theory.two_level(K, config.alpha, config.beta, config.L_rounding)
  grid = theory.eta_grid(config.eta_min, config.eta_max, config.num_eta)
  polar_dir = theory.one_step_direction("muon", K, L, config.alpha)
  rho_polar = theory.one_step_balance(polar_dir, K, L, config.eps, grid,
                                      config.bisect_steps)[1]

  def to_record(t, out):
    coeffs, n = t.point["ns_coeffs"], t.point["ns_steps"]
    direction = theory.one_step_direction(
        "newton_schulz", K, L, config.alpha, ns_coeffs=optimizers.NS_COEFFS[coeffs],
        ns_steps=n, norm_eps=NORM_EPS)
    eta_th, rho_th = theory.one_step_balance(direction, K, L, config.eps, grid,
                                             config.bisect_steps)
    s_th = theory.newton_schulz_singular_values(
        K, L, config.alpha, optimizers.NS_COEFFS[coeffs], n, NORM_EPS)
    crossed = bool(out["crossed"])
    return dict(K=K, L=L, rho=float(out["rho"]) if crossed else None,
                eta_star=float(out["eta_star"]) if crossed else None,
                rho_theory=rho_th, eta_star_theory=eta_th, rho_polar=rho_polar,
                sigma_min=out["sigma_min"], sigma_max=out["sigma_max"],
                sigma_min_theory=float(s_th.min()), sigma_max_theory=float(s_th.max()))

  with jax.enable_x64(config.dtype == "float64"):
    return experiment.run(
        NAME, config, workdir, axes=axes, num_seeds=1,
        group_of=lambda pt: pt["ns_coeffs"],
        inputs_of=lambda pt: {"ns_steps": pt["ns_steps"]},
        build=lambda coeffs, pts: functools.partial(task, K=K, coeffs=coeffs, config=config),
        to_record=to_record, runtime_fields=RUNTIME_FIELDS)


if __name__ == "__main__":
  cli.main(run, NAME)
