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
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian, _report

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


# The end-of-protocol strengths a researcher checks first: B blocked (or not) by
# A's training; A lowered (or not) by the overexpected compound.
END_VALUES = (("blocking", "V_B"), ("overexpectation", "V_A"))


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/pavlovian.md §6, row "Rescorla-Wagner closed
  forms"; §3.4): per (protocol, rule), the largest |V - closed form| over
  every trial and both CS (target 0); and the strengths at the end of a
  protocol (V_B after blocking, V_A after overexpectation) for each rule
  against the closed form of §3.4 (derived). The run is deterministic (one
  seed: no error). Tolerance: the docs' 1e-12 is for float64; this run is
  float32, so the tolerance chosen is the accumulated round-off bound
  trials x eps_float32 x max(1, max |V|) (one rounding per trial at the
  largest strength: 7e-6 for 60 Rescorla-Wagner trials, 9e-5 for a Hebbian
  strength that reaches 12).
  """
  rows = _report.records(workdir)
  eps = float(np.finfo(np.float32).eps)
  out = []

  def tol(sel):
    top = max([1.0] + [abs(float(r[f])) for r in sel for f in ("V_A_theory", "V_B_theory")
                       if r.get(f) is not None])
    return len(sel) * eps * top

  for protocol in dict.fromkeys(r["protocol"] for r in rows):
    for rule in dict.fromkeys(r["rule"] for r in rows if r["protocol"] == protocol):
      sel = sorted(_report.select(rows, protocol=protocol, rule=rule), key=lambda r: r["trial"])
      devs = [abs(float(r[cs]) - float(r[f"{cs}_theory"])) for r in sel for cs in ("V_A", "V_B")
              if r.get(f"{cs}_theory") is not None and r.get(cs) is not None]
      out.append(_report.Quantity(
          name=f"max |V - closed form| ({protocol}, {rule})", figure=NAME,
          measured=max(devs) if devs else None, error=None, theory=0.0, reference=None,
          provenance="derived (docs/pavlovian.md §3.4)", compare_to="theory",
          tolerance=tol(sel), note=f"{len(sel)} trials, both CS"))
      for end_protocol, cs in END_VALUES:
        if protocol == end_protocol and sel:
          last = sel[-1]
          out.append(_report.Quantity(
              name=f"{cs} after {protocol} ({rule})", figure=NAME,
              measured=_report.value(last.get(cs)), error=None,
              theory=_report.value(last.get(f"{cs}_theory")), reference=None,
              provenance="derived (docs/pavlovian.md §3.4)", compare_to="theory",
              tolerance=tol(sel), note=f"trial {last['trial']}; " + (
                  "error-driven: B blocked, A lowered" if rule == "rescorla_wagner" else
                  "no blocking, no overexpectation correction")))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
