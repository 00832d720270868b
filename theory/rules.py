"""Predictions for the online memory rules, keyed by rule kind and name
(docs/pavlovian.md §3.2, §3.4).

`PREDICTIONS[(kind, name)]` maps a quantity to a function; simulations look
a prediction up with `get(name, quantity)` and write null where a rule has
no theory for it (assoc/ may not import theory/, so this table lives here,
joined with the rules in sims/ and tests/):

    "relmse"   relMSE of a probe after n writes of i.i.d. unit keys:
               f(n, d_k, keys="sphere", **gates)
    "recency"  relMSE of the item written `lag` writes before the last of n:
               f(lag, n, d_k, **gates)
    "state_norm"  the steady-state |S|_F^2: f(d_k, **gates)
    "top1"     top-1 among the n stored values: f(n, d_k, d_v, **gates)
    "top1_dictionary"  top-1 among a dictionary of D >= n values, n of them
               stored (the MQAR probe): f(n, d_k, d_v, D, **gates)
    "bit_error"   sign-decoding bit error of +-1/sqrt(d_v) values:
               f(n, d_k, **gates)
    "heads_relmse"  relMSE of the average of H heads of d_model/H at fixed
               width: f(N, d_model, H, **gates)
    "conditioning"  (V_A, V_B) after every trial of a protocol on CS
               indicators: f(protocol, n1, n2, lam, **gates), (T, 2)

A function may return None where its assumptions do not hold for the given
gates (a simulation writes null there too).

All curves are derived for this project (elementary; docs/pavlovian.md),
except the Rescorla-Wagner recursions, whose closed forms follow from the
model of Rescorla and Wagner (1972) and are derived here.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from theory import pavlovian


# ------------------------------------------------------------------ recency

def decay_recency(lag, n: int, d_k: int, alpha: float = 0.99, eta: float = 1.0):
  """Scalar-decay Hebbian memory, constant alpha, unit keys, n items: the
  relMSE of the item at `lag` (0: the last written),

      (1 - alpha^lag)^2 + (sum_{m<n} alpha^(2m) - alpha^(2 lag)) / d_k

  (derived, §3.2: the item's signal decays as alpha^lag, the others'
  crosstalk adds alpha^(2m)/d_k each). `eta` must be 1 (unit writes)."""
  if eta != 1.0:
    raise ValueError("decay_recency assumes unit writes (eta = 1)")
  lag = np.asarray(lag, float)
  total = (1 - alpha ** (2 * n)) / (1 - alpha**2)
  return (1 - alpha**lag) ** 2 + (total - alpha ** (2 * lag)) / d_k


def decay_half_life(alpha: float) -> float:
  """The lag at which half the signal survives: ln 2 / ln(1/alpha)."""
  return float(np.log(2) / np.log(1 / alpha))


def decay_snr(lag, d_k: int, alpha: float):
  """Steady-state SNR of the item at `lag`: alpha^(2 lag) d_k (1 - alpha^2)
  (derived, §3.2)."""
  return alpha ** (2 * np.asarray(lag, float)) * d_k * (1 - alpha**2)


def delta_recency(lag, n: int, d_k: int, beta: float = 1.0):
  """Delta rule, mean field for n >> d_k, unit keys: relMSE(lag) ~ 1 +
  beta/(2 - beta) - 2 beta (1 - beta/d_k)^lag (derived, §3.2 item 3): the
  stored item is erased by the later writes at rate beta/d_k, and the state
  holds |S|^2 ~ beta d_k/(2 - beta) of other items. `n` is unused (the
  steady state)."""
  del n
  lag = np.asarray(lag, float)
  return 1 + beta / (2 - beta) - 2 * beta * (1 - beta / d_k) ** lag


def delta_state_norm(d_k: int, beta: float = 1.0) -> float:
  """Steady-state |S|_F^2 of the delta rule for E|v|^2 = 1: beta d_k / (2 -
  beta) (derived, §3.2 item 2)."""
  return beta * d_k / (2 - beta)


def lsq_relmse(n, d_k: int, keys: str = "sphere"):
  """Stored-item relMSE of the least-squares memory, isotropic keys and
  values: max(0, 1 - d_k/n) (derived, §3.2; zero while n <= d_k)."""
  del keys
  n = np.asarray(n, float)
  return np.maximum(0.0, 1 - d_k / n)


# ---------------------------------------------------------- Rescorla-Wagner

def rw_acquisition(n, lam: float = 1.0, salience: float = 1.0, beta: float = 0.1):
  """V_n = lambda (1 - (1 - a beta)^n) after n reinforced trials from 0
  (§3.4)."""
  return lam * (1 - (1 - salience * beta) ** np.asarray(n, float))


def rw_extinction(n, V0: float, salience: float = 1.0, beta: float = 0.1):
  """V_n = V_0 (1 - a beta)^n after n non-reinforced trials (lambda = 0)."""
  return V0 * (1 - salience * beta) ** np.asarray(n, float)


def rw_compound(n, VA0: float, VB0: float, lam: float = 1.0, salience_A: float = 1.0,
                salience_B: float = 1.0, beta: float = 0.1):
  """(V_A, V_B) after n trials of the compound AB with US lambda, from
  (V_A0, V_B0): V_X,n = V_X0 + a_X/(a_A + a_B) (lambda - V_A0 - V_B0)(1 - r^n),
  r = 1 - (a_A + a_B) beta; stable iff (a_A + a_B) beta < 2 (§3.4)."""
  n = np.asarray(n, float)
  a = salience_A + salience_B
  gap = (lam - VA0 - VB0) * (1 - (1 - a * beta) ** n)
  return VA0 + salience_A / a * gap, VB0 + salience_B / a * gap


def rw_blocking(n1: int, n2, lam: float = 1.0, salience_A: float = 1.0,
                salience_B: float = 1.0, beta: float = 0.1):
  """Blocking: A+ for n1 trials, then AB+ for n2: V_B = a_B/(a_A + a_B)
  (lambda - V_A0)(1 - r^n2) with V_A0 = lambda(1 - (1 - a_A beta)^n1), so
  V_B -> 0 as V_A0 -> lambda. Returns (V_A, V_B) (§3.4)."""
  VA0 = rw_acquisition(n1, lam, salience_A, beta)
  return rw_compound(n2, VA0, 0.0, lam, salience_A, salience_B, beta)


def rw_overexpectation(n, lam: float = 1.0, salience_A: float = 1.0,
                       salience_B: float = 1.0, beta: float = 0.1):
  """Overexpectation: A and B each trained to lambda, then AB+ for n trials:
  both decrease, to lambda/2 each for equal saliences. (V_A, V_B) (§3.4)."""
  return rw_compound(n, lam, lam, lam, salience_A, salience_B, beta)


def hebbian_acquisition(n, lam: float = 1.0, salience: float = 1.0, beta: float = 0.1):
  """The Hebbian contrast: V_n = n a beta lambda (no asymptote); extinction
  changes nothing (a trial without US writes nothing)."""
  return np.asarray(n, float) * salience * beta * lam


def hebbian_compound(n, VA0: float, VB0: float, lam: float = 1.0, salience_A: float = 1.0,
                     salience_B: float = 1.0, beta: float = 0.1):
  """Hebbian compound trials: each CS gains a_X beta lambda per trial,
  whatever the others predict (no blocking; overexpectation increases
  both)."""
  n = np.asarray(n, float)
  return VA0 + n * salience_A * beta * lam, VB0 + n * salience_B * beta * lam


def conditioning(protocol: str, n1: int, n2: int, lam: float = 1.0, salience_A: float = 1.0,
                 salience_B: float = 1.0, beta: float = 0.1, hebbian: bool = False) -> np.ndarray:
  """(V_A, V_B) after every trial of a protocol (assoc.probes.protocol),
  from the closed forms above: (T, 2). Rescorla-Wagner, or with `hebbian`
  the Hebbian contrast (every CS present gains a_X beta times the US).

  acquisition_extinction  A+ x n1, then A- x n2
  blocking                A+ x n1, then AB+ x n2
  overexpectation         (A+, B+) alternating x n1 each, then AB+ x n2
  """
  acq = hebbian_acquisition if hebbian else rw_acquisition
  compound = hebbian_compound if hebbian else rw_compound
  k1, k2 = np.arange(1, n1 + 1), np.arange(1, n2 + 1)
  if protocol == "acquisition_extinction":
    VA1 = acq(k1, lam, salience_A, beta)
    VA0 = float(VA1[-1]) if n1 else 0.0
    VA2 = np.full(n2, VA0) if hebbian else rw_extinction(k2, VA0, salience_A, beta)
    VA = np.concatenate([VA1, VA2])
    return np.stack([VA, np.zeros_like(VA)], axis=1)
  if protocol == "blocking":
    VA1 = acq(k1, lam, salience_A, beta)
    VA0 = float(VA1[-1]) if n1 else 0.0
    VA2, VB2 = compound(k2, VA0, 0.0, lam, salience_A, salience_B, beta)
    return np.stack([np.concatenate([VA1, VA2]), np.concatenate([np.zeros(n1), VB2])], axis=1)
  if protocol == "overexpectation":
    # Alternating single-CS trials: A after its k-th trial, B unchanged, then B.
    VA_k, VB_k = acq(k1, lam, salience_A, beta), acq(k1, lam, salience_B, beta)
    VA1 = np.repeat(VA_k, 2)
    VB1 = np.concatenate([[0.0], np.repeat(VB_k, 2)[:-1]]) if n1 else np.zeros(0)
    VA0 = float(VA_k[-1]) if n1 else 0.0
    VB0 = float(VB_k[-1]) if n1 else 0.0
    VA2, VB2 = compound(k2, VA0, VB0, lam, salience_A, salience_B, beta)
    return np.stack([np.concatenate([VA1, VA2]), np.concatenate([VB1, VB2])], axis=1)
  raise ValueError(f"unknown protocol {protocol!r}")


def _rw_conditioning(protocol, n1, n2, lam=1.0, salience=(1.0, 1.0), beta=0.1, **gates):
  return conditioning(protocol, n1, n2, lam, salience[0], salience[1], beta)


def _hebbian_conditioning(protocol, n1, n2, lam=1.0, eta=1.0, **gates):
  # eta = a beta: the write strength of one CS (equal saliences).
  return conditioning(protocol, n1, n2, lam, 1.0, 1.0, eta, hebbian=True)


# -------------------------------------------------------------- the table

def _hebbian_relmse(n, d_k, keys="sphere", eta=1.0, **gates):
  return pavlovian.relmse(n, d_k, keys) if eta == 1.0 else None


def hebbian_recency(lag, n: int, d_k: int, eta: float = 1.0):
  """The Hebbian memory has no recency: every item of n has relMSE (n -
  1)/d_k whatever its lag (unit keys, unit writes; derived, §1.3a)."""
  if eta != 1.0:
    raise ValueError("hebbian_recency assumes unit writes (eta = 1)")
  return np.broadcast_to(pavlovian.relmse(n, d_k), np.shape(lag)) + 0.0


def _hebbian_top1(n, d_k, d_v, **gates):
  return pavlovian.top1(int(n), d_k, d_v)


def _hebbian_top1_dictionary(n, d_k, d_v, D, **gates):
  return pavlovian.top1(int(n), d_k, d_v, int(D))


def _hebbian_bit_error(n, d_k, **gates):
  return pavlovian.bit_error(n, d_k)


PREDICTIONS: dict[tuple[str, str], dict[str, Callable]] = {
    ("online", "hebbian"): {"relmse": _hebbian_relmse, "recency": hebbian_recency,
                            "top1": _hebbian_top1, "top1_dictionary": _hebbian_top1_dictionary,
                            "bit_error": _hebbian_bit_error,
                            "conditioning": _hebbian_conditioning,
                            "heads_relmse": lambda N, d_model, H, eta=1.0, **gates:
                                pavlovian.heads_relmse(N, d_model, H) if eta == 1.0 else None},
    ("online", "rescorla_wagner"): {"conditioning": _rw_conditioning},
    ("online", "decay_hebbian"): {"recency": decay_recency},
    ("online", "delta"): {"recency": delta_recency, "state_norm": delta_state_norm},
    ("online", "lsq"): {"relmse": lambda n, d_k, keys="sphere", **gates: lsq_relmse(n, d_k)},
}


def get(name: str, quantity: str, kind: str = "online") -> Callable | None:
  """The prediction of `quantity` for the rule (kind, name), or None where
  the project has no theory for it (a simulation then writes null)."""
  return PREDICTIONS.get((kind, name), {}).get(quantity)
