"""Figures F-i, F-j and F-k (docs/outer_product.md §3.4-§3.5, §5, §7.8, §9):
trained memories against their approximations, mean over trials.

F-i: real SGD (γ = 1, |B| = 1000 fresh samples, W_0 = 0; N = 100, M = 5,
d = 10, α = 2) vs the mini-batch Eq. 16 map on the same batches stored as
W_q in the same embeddings (denominator M - 1): error per step, ±0.5 std.
Reference (docs/outer_product.md §7.8): at d = 10 < N the map over-estimates
the error and varies more.
F-j: full-population GD, SignGD and normalised GD (γ = 1, W_0 = 0; N = 10,
M = 5, d = 10, α = 2): population error (left; the reference code plots
error / N) and the std of the population gradient of W (right), ±1 std.
F-k: plain SGD with batch 1 (N = 10, M = 5, d = 5, α = 1.5, W_0 = 0),
constant γ = 10, constant γ = 0.1, and γ = 10 then x0.03 from step 100, vs
T; crosses: the reference values for these settings (100 trials,
docs/outer_product.md §9.3).
Whether a schedule helps here is not established (docs/outer_product.md §9).

    python -m paper_figs.outer_sgd_map --workdir=DIR --outdir=figures

DIR is a run of sims.outer_sgd_map.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from assoc import results
from paper_figs import _common, _outer

NAME = "outer_sgd_map"
REF_K = {("constant", 10.0): (0.30, 0.15, 0.084, 0.035),
         ("constant", 0.1): (0.32, 0.24, 0.18, 0.12),
         ("step", 10.0): (0.30, 0.15, 0.081, 0.050)}
REF_K_T = (10, 100, 300, 1000)
LABEL = {"sgd": "GD", "sign_gd": "SignGD", "normalized_gd": "normalised GD"}


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  trials = len({r["seed"] for r in records})
  with plt.rc_context(_common.STYLE):
    fig, (ai, aj, ajs, ak) = plt.subplots(1, 4, figsize=(15, 3.8))
    sel = _outer.select(records, N=100, M=5, d=10, optimizer="sgd", B=1000, w0_std=0.0)
    if sel:
      _outer.band(ai, *_outer.curve(sel, "step"), log=False, ms=0, color="tab:blue",
                  label="real SGD")
      _outer.band(ai, *_outer.curve(sel, "step", "error_eq16"), log=False, ms=0,
                  color="tab:red", label="Eq. 16 map (D = M − 1) as W_q")
    ai.set_xlabel("step")
    ai.set_ylabel("population error")
    ai.set_title(f"F-i  SGD vs Eq. 16: d = 10 < N = 100, |B| = 1000, {trials} trials",
                 fontsize=8)
    ai.legend(fontsize=7, frameon=False)
    for opt, color in zip(LABEL, ("tab:blue", "tab:green", "tab:red")):
      sel = _outer.select(records, N=10, d=10, optimizer=opt, B=0)
      if sel:
        _outer.band(aj, *_outer.curve(sel, "step"), k=1.0, log=False, ms=0, color=color,
                    label=LABEL[opt])
        _outer.band(ajs, *_outer.curve(sel, "step", "grad_std"), k=1.0, ms=0, color=color,
                    label=LABEL[opt])
    aj.set_xlabel("epoch")
    aj.set_ylabel("population error")
    aj.set_title("F-j  full-batch GD variants: N = 10, d = 10, γ = 1 (±1 std)", fontsize=8)
    aj.legend(fontsize=7, frameon=False)
    ajs.set_yscale("log")
    ajs.set_xlabel("epoch")
    ajs.set_ylabel("std of the population gradient of W")
    ajs.set_title("F-j  gradient size", fontsize=8)
    for (schedule, g), color in zip(REF_K, ("tab:blue", "tab:green", "tab:red")):
      sel = [r for r in _outer.select(records, N=10, d=5, B=1, gamma=g, schedule=schedule)
             if r["step"] > 0]
      if sel:
        label = f"γ = {g:g}" + (" then ×0.03 from step 100" if schedule == "step" else "")
        _outer.band(ak, *_outer.curve(sel, "T"), color=color, label=label)
        ak.plot(REF_K_T, REF_K[(schedule, g)], "x", color=color, ms=6)
    ak.set_xscale("log")
    ak.set_yscale("log")
    ak.set_xlabel("T (batch 1: steps)")
    ak.set_ylabel("population error")
    ak.set_title("F-k  step-size schedule, d = 5 < N = 10, α = 1.5\n"
                 "(result not established; x: reference)", fontsize=8)
    ak.legend(fontsize=6.5, frameon=False)
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
