r"""One-step and multi-step balance of GD, SignGD and Muon on the one-layer
softmax memory, simulated by real optax steps in JAX (float64) and set
against the exact theory (Wang et al., arXiv 2509.26030 v2, Theorems 5.3 and
5.4; docs/muon_tail.md §§2-4, figures M-1, M-2, M-4).

    python -m sims.muon_one_step --config=configs/muon_one_step.py:quick --workdir=DIR

Sweep: K x optimizer x embedding (deterministic: one record each, seed 0).
Each task builds the two-level law p (alpha on L = round(beta K) head facts)
and the embedding pair (decoupled E = Ẽ = I, or the coupled rotations of
docs/muon_tail.md §4), takes the population gradient G = grad L(0) by autodiff, and the
optimiser's update U at learning rate 1 (`assoc.training.optimizers`: gd =
optax.sgd, signgd = optax.sign_sgd, muon = the exact polar factor by SVD).
Every optimiser here scales its update by the step size, so one step of
size eta from 0 is W_eta = eta U, with logits eta S, S = Ẽ^T U E. Along a
log grid of eta the task records the population loss and the gap
Delta = max_k P_k - min_k P_k, and finds eta* (first grid crossing of
max_k P_k = 1 - eps, then bisection) and rho = min_k P_k(eta*).

For K in `multi_step_K` the task also runs `multi_steps` full-gradient
steps of the same optax optimiser from 0, with the constant step
size eta = multi_eta_fraction x eta* (its own one-step eta*), and records
loss, Delta, max P and min P at t = 0..n; rho_multi = min_k P_k at the first
t with max_k P_k >= 1 - eps (docs/muon_tail.md §2, multi-step version).

One program per K (and multi-step flag): the optimiser is a traced
lax.switch index (the three are stateless here), the embedding pair traced
data. With vectorize > 1 (accelerators) the switch evaluates all three
branches per task; results are the same.

Theory for the same point (theory/muon_one_step.py): gd, the closed form
rho = A^r/(A^r + K - 1); muon (any embedding) and signgd with decoupled
embeddings, the exact group-symmetric reduction; signgd with coupled
embeddings, the dense construction D = sign(Ẽ X E^T) in NumPy. Multi-step
theory: the exact group-symmetric recursion for gd, muon (any embedding:
both are equivariant) and decoupled signgd (derived; the paper has no
multi-step theorem for GD or SignGD); none for coupled signgd.

Records (DIR/results.jsonl), one per (K, optimizer, embedding):
  K, optimizer, embedding, seed   the point (seed is always 0)
  L, p_head, p_tail, r            head size, class probabilities, r = p_tail/p_head
  eta_star, rho                   measured one-step eta* and rho^eps
  eta_star_theory, rho_theory     the same from theory
  rho_rate                        gd only: eps^-r K^(r-1) (Theorem 5.3); else null
  crossed                         the eta grid reached max_k P_k >= 1 - eps
  delta_max, loss_at_delta_max    the largest Delta on the one-step path and its loss
  path_loss, path_delta           the one-step path on the config's eta grid (lists)
  eta_multi, n_steps              the multi-step step size and number of steps
                                  (null / 0 when K is not in multi_step_K)
  t_star, rho_multi               first step with max P >= 1 - eps and min P there
                                  (null if never within n_steps)
  t_star_theory, rho_multi_theory the same from the exact recursion (null for
                                  coupled signgd)
  multi_loss, multi_delta, multi_P_max, multi_P_min   per step t = 0..n (lists)
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import ml_collections
import numpy as np

from assoc import cli, experiment, softmax_memory
from assoc.training import optimizers
from theory import muon_one_step as theory

NAME = "muon_one_step"
AXES = ("K", "optimizer", "embedding")
OPTIMIZERS = ("gd", "signgd", "muon")
RUNTIME_FIELDS = ("batch_size",)


def validate(config: ml_collections.ConfigDict) -> dict[str, tuple]:
  """Checks the config; returns its swept axes. Raises ConfigError."""
  req = experiment.require
  axes = {name: experiment.axis(config, name) for name in AXES}
  for K in axes["K"]:
    req(isinstance(K, int) and K >= 3, f"config.K must hold integers >= 3, got {K!r}")
  for name in axes["optimizer"]:
    experiment.check_choice("optimizer", name, OPTIMIZERS)
  for kind in axes["embedding"]:
    experiment.check_choice("embedding", kind, softmax_memory.EMBEDDINGS)
  if "coupled" in axes["embedding"]:
    bad = [K for K in axes["K"] if K % 3]
    req(not bad, f"config.embedding='coupled' needs K divisible by 3 (3 x 3 "
        f"rotation blocks, docs/muon_tail.md §4), got K = {bad}")
  req(0.0 < config.alpha < 1.0, f"config.alpha must be in (0, 1), got {config.alpha}")
  req(0.0 < config.beta < 1.0, f"config.beta must be in (0, 1), got {config.beta}")
  experiment.check_choice("L_rounding", config.L_rounding, theory.L_ROUNDINGS)
  for K in axes["K"]:
    L = theory.head_size(K, config.beta, config.L_rounding)
    req(1 <= L <= K - 1, f"config.beta={config.beta} gives L = {L} head facts at "
        f"K = {K}: need 1 <= L <= K - 1")
    ph, pt = theory.level_probabilities(K, L, config.alpha)
    req(abs(ph - pt) > 1e-12 * ph, f"config.alpha = config.beta (uniform classes at "
        f"K = {K}): no head and tail; Theorem 5.3 needs alpha != beta")
  req(0.0 < config.eps < 0.5, f"config.eps must be in (0, 0.5), got {config.eps}")
  req(0 < config.eta_min < config.eta_max,
      f"config.eta_min and eta_max must satisfy 0 < eta_min < eta_max, got "
      f"{config.eta_min}, {config.eta_max}")
  experiment.check_int(config, "num_eta", at_least=2)
  experiment.check_int(config, "bisect_steps", at_least=0)
  req(0.0 < config.muon_rtol < 1.0, f"config.muon_rtol must be in (0, 1), got "
      f"{config.muon_rtol}")
  req(config.multi_eta_fraction > 0, f"config.multi_eta_fraction must be > 0, got "
      f"{config.multi_eta_fraction}")
  experiment.check_int(config, "multi_steps")
  for K in config.multi_step_K:
    req(K in axes["K"], f"config.multi_step_K holds K = {K}, which is not swept "
        f"(config.K = {list(axes['K'])})")
  req(config.delta_floor > 0, f"config.delta_floor must be > 0, got {config.delta_floor}")
  return axes


def eta_grid(config) -> np.ndarray:
  return theory.eta_grid(config.eta_min, config.eta_max, config.num_eta)


def _optimizer(name: str, learning_rate, config):
  opts = {"rtol": config.muon_rtol} if name == "muon" else {}
  return optimizers.make(name, learning_rate, **opts)


def _update(index, grads, W, learning_rate, config):
  """The update of optimizer OPTIMIZERS[index] (a traced index: one program
  for the three, which are all stateless here; docs/muon_tail.md §1 theory versions)."""
  def branch(name):
    def update(g):
      opt = _optimizer(name, learning_rate, config)
      state = opt.init(W)
      assert not jax.tree.leaves(state), f"{name} is not stateless"
      return opt.update(g, state, W)[0]
    return update
  return jax.lax.switch(index, [branch(name) for name in OPTIMIZERS], grads)


def task(key, embedding, optimizer, *, K: int, alpha: float, config, multi: bool):
  """One (K, optimizer, embedding): see the module docstring. `optimizer` is
  a traced index into OPTIMIZERS (the three are one program per K)."""
  del key  # deterministic
  dtype = jnp.float64
  p_np, _ = theory.two_level(K, alpha, config.beta, config.L_rounding)
  p = jnp.asarray(p_np, dtype)
  emb = softmax_memory.select_embedding(embedding, dtype)
  etas = jnp.asarray(eta_grid(config), dtype)
  W0 = jnp.zeros((K, K), dtype)
  loss = functools.partial(softmax_memory.population_loss, p=p, emb=emb)
  # One real optimiser step at unit step size: W_eta = W0 + eta U.
  U = _update(optimizer, jax.grad(loss)(W0), W0, 1.0, config)
  S = emb.logits(U)
  path = softmax_memory.path(S, p, etas)
  out = dict(softmax_memory.balance(S, config.eps, etas, config.bisect_steps,
                                    P_max=path["P_max"]))
  out["path_loss"], out["path_delta"] = path["loss"], path["delta"]
  if multi:
    eta = config.multi_eta_fraction * out["eta_star"]

    def step(W, _):
      W = W + _update(optimizer, jax.grad(loss)(W), W, eta, config)
      return W, softmax_memory.summary(emb.logits(W), p)

    first = softmax_memory.summary(emb.logits(W0), p)
    _, rest = jax.lax.scan(step, W0, None, length=config.multi_steps)
    for k in ("loss", "delta", "P_max", "P_min"):
      out[f"multi_{k}"] = jnp.concatenate([first[k][None], rest[k]])
    out["eta_multi"] = eta
  return out


def theory_point(K: int, optimizer: str, embedding: str, config) -> dict:
  """rho, eta* (one step) and, if asked, the multi-step theory at a point."""
  p, L = theory.two_level(K, config.alpha, config.beta, config.L_rounding)
  grid = eta_grid(config)
  if optimizer == "signgd" and embedding == "coupled":
    E, Et = theory.embeddings(K, "coupled")
    eta_star, rho = theory.dense_balance(theory.signgd_scores(p, E, Et), config.eps,
                                         grid, config.bisect_steps)
  else:
    direction = theory.one_step_direction(optimizer, K, L, config.alpha)
    eta_star, rho = theory.one_step_balance(direction, K, L, config.eps, grid,
                                            config.bisect_steps)
  if optimizer == "gd":
    rho = theory.rho_gd(K, L, config.alpha, config.eps)
    eta_star = theory.gd_eta_star(K, L, config.alpha, config.eps)
  return {"eta_star_theory": eta_star, "rho_theory": rho}


def multi_theory(K: int, optimizer: str, embedding: str, eta: float, n: int, config
                 ) -> tuple[int | None, float | None]:
  if optimizer == "signgd" and embedding == "coupled":
    return None, None
  _, L = theory.two_level(K, config.alpha, config.beta, config.L_rounding)
  traj = theory.trajectory(optimizer, K, L, config.alpha, eta, n)
  t, rho = theory.first_crossing(np.maximum(traj["P_head"], traj["P_tail"]),
                                 np.minimum(traj["P_head"], traj["P_tail"]), config.eps)
  return (None, None) if t < 0 else (t, rho)


def run(config: ml_collections.ConfigDict, workdir: str) -> list[dict]:
  """Runs (or resumes) the sweep into `workdir`; returns all records."""
  axes = validate(config)
  multi_K = set(config.multi_step_K)

  def build(group, points):
    K, multi = group
    return functools.partial(task, K=K, alpha=config.alpha, config=config, multi=multi)

  def group_of(pt):
    # One program per K: the optimiser is a traced switch.
    return (pt["K"], pt["K"] in multi_K)

  def to_record(t, out):
    K, optimizer, embedding = (t.point[k] for k in AXES)
    p, L = theory.two_level(K, config.alpha, config.beta, config.L_rounding)
    ph, pt = theory.level_probabilities(K, L, config.alpha)
    crossed = bool(out["crossed"])
    delta = np.asarray(out["path_delta"])
    i = int(np.argmax(delta))
    rec = dict(L=L, p_head=ph, p_tail=pt, r=theory.rate_exponent(ph, pt),
               eta_star=float(out["eta_star"]) if crossed else None,
               rho=float(out["rho"]) if crossed else None,
               **theory_point(K, optimizer, embedding, config),
               rho_rate=(theory.rho_gd_rate(K, L, config.alpha, config.eps)
                         if optimizer == "gd" else None),
               crossed=crossed, delta_max=float(delta[i]),
               loss_at_delta_max=float(np.asarray(out["path_loss"])[i]),
               path_loss=out["path_loss"], path_delta=out["path_delta"])
    multi = {"eta_multi": None, "n_steps": 0, "t_star": None, "rho_multi": None,
             "t_star_theory": None, "rho_multi_theory": None, "multi_loss": None,
             "multi_delta": None, "multi_P_max": None, "multi_P_min": None}
    if "eta_multi" in out and crossed:
      n = config.multi_steps
      t_star, rho_multi = theory.first_crossing(out["multi_P_max"], out["multi_P_min"],
                                                config.eps)
      eta = float(out["eta_multi"])
      t_th, rho_th = multi_theory(K, optimizer, embedding, eta, n, config)
      multi.update(eta_multi=eta, n_steps=n, t_star=None if t_star < 0 else t_star,
                   rho_multi=None if t_star < 0 else rho_multi, t_star_theory=t_th,
                   rho_multi_theory=rho_th,
                   **{f"multi_{k}": out[f"multi_{k}"] for k in ("loss", "delta", "P_max", "P_min")})
    rec.update(multi)
    return rec

  with jax.enable_x64(True):  # theory reproductions run in float64 (docs/muon_tail.md §9)
    return experiment.run(
        NAME, config, workdir, axes=axes, num_seeds=1,
        group_of=group_of,
        inputs_of=lambda pt: {"embedding": softmax_memory.EMBEDDINGS.index(pt["embedding"]),
                              "optimizer": OPTIMIZERS.index(pt["optimizer"])},
        build=build, to_record=to_record, runtime_fields=RUNTIME_FIELDS)


if __name__ == "__main__":
  cli.main(run, NAME)
