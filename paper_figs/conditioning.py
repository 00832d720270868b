"""Figure F5 (docs/pavlovian.md §5): Pavlovian phenomena, Rescorla-Wagner
against Hebbian. One panel per protocol: the associative strengths V_A
(solid markers) and V_B (open markers) after every trial, measured through
the online rules, and the closed forms of docs/pavlovian.md §3.4 (lines,
derived). Error-driven learning saturates at lambda, extinguishes, blocks B
after A+ training, and lowers both strengths on overexpectation; the
Hebbian rule does none of these.

    python -m paper_figs.conditioning --workdir=DIR --outdir=figures

DIR is a sims.conditioning run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from assoc import results
from paper_figs import _common, _pavlovian

NAME = "conditioning"
TITLES = {"acquisition_extinction": "acquisition (A+) then extinction (A−)",
          "blocking": "blocking: A+ then AB+", "overexpectation": "overexpectation: A+, B+ then AB+"}


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  protocols = list(dict.fromkeys(r["protocol"] for r in records))
  rules = list(dict.fromkeys(r["rule"] for r in records))
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, len(protocols), figsize=(4.4 * len(protocols), 3.8),
                             squeeze=False)
    for ax, protocol in zip(axes[0], protocols):
      sel = [r for r in records if r["protocol"] == protocol]
      for i, rule in enumerate(rules):
        for cs, fill in (("V_A", "full"), ("V_B", "none")):
          (x, y, _), = _pavlovian.curves([r for r in sel if r["rule"] == rule], (), "trial",
                                         cs).values()
          ax.plot(x, y, "o", ms=3, color=f"C{i}", fillstyle=fill, ls="none",
                  label=f"{rule}: {cs}")
          theory = _pavlovian.first([r for r in sel if r["rule"] == rule], (), "trial",
                                    f"{cs}_theory")
          if theory:
            ax.plot(*theory[()], color=f"C{i}", lw=0.9)
        end = [r for r in sel if r["rule"] == rule][-1]
        top = 2.0 * config["lam"]
        if max(abs(end["V_A"]), abs(end["V_B"])) > top:  # off the axis: say where it ends
          ax.text(0.02, 0.97 - 0.07 * i, f"{rule} ends at V_A = {end['V_A']:.2f}, "
                  f"V_B = {end['V_B']:.2f}", transform=ax.transAxes, fontsize=6.5,
                  color=f"C{i}", va="top")
      ax.axhline(config["lam"], color="0.6", lw=0.6, ls=":")
      ax.plot([], [], color="0.3", lw=0.9, label="closed forms (derived, §3.4)")
      ax.set_ylim(-0.1, 2.0 * config["lam"])
      ax.set_xlabel("trial")
      ax.set_ylabel("associative strength V")
      ax.set_title(TITLES.get(protocol, protocol))
      ax.legend(fontsize=6, frameon=False, loc="center right")
    fig.suptitle("Rescorla–Wagner (delta rule) vs Hebbian on CS indicators, "
                 f"β = {config['beta']}")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


if __name__ == "__main__":
  _common.cli(make, NAME)
