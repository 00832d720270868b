"""Figure D9 (docs/dense_hebbian.md §9): dense Hebbian learning on
scikit-learn's digits. Accuracy (left) and overlap m with the true class's
archetype proxy (right) after T = 0 retrieval from the test images, against
the number of examples per class M, per order P and protocol (mean +- SE
over seeds), with the read-out on the raw test images as the baseline. No
theory line: the random-data theory is only qualitative for these data.

    python -m paper_figs.digits_dense --workdir=DIR --outdir=figures

DIR is a sims.digits_dense run.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from assoc import results
from paper_figs import _common, _pavlovian, _report

NAME = "digits_dense"


def make(workdir: str, outdir: str) -> list[str]:
  records = results.load(workdir)
  config = results.read_config(workdir)
  series = list(dict.fromkeys((r["P"], r["protocol"]) for r in records))
  with plt.rc_context(_common.STYLE):
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 4.0))
    for field, ax in zip(("accuracy", "m"), axes):
      data = _pavlovian.curves(records, ("P", "protocol"), "M", field)
      for i, (P, protocol) in enumerate(series):
        x, y, se = data[(P, protocol)]
        ax.errorbar(x, y, yerr=se, fmt="o-" if protocol == "supervised" else "s--", ms=4,
                    color=f"C{i // 2 if len(series) > 3 else i}",
                    fillstyle="full" if protocol == "supervised" else "none", lw=0.9,
                    label=f"P = {P}, {protocol}")
      base = np.mean([r[f"baseline_{field}"] for r in records])
      ax.axhline(base, color="0.5", lw=0.8, ls=":", label="baseline: read-out of the raw image")
      ax.set_xscale("log")
      ax.set_xlabel("examples per class M")
      ax.set_ylabel({"accuracy": "test accuracy", "m": "overlap m with the true class's proxy"}[field])
      ax.legend(fontsize=6.5, frameon=False)
    N = records[0]["N"]
    fig.suptitle(f"Dense Hebbian learning on {config['dataset']} (binarised: {config['binarise']}, "
                 f"N = {N}), T = 0 retrieval from the test images")
    fig.tight_layout()
    return _common.save(fig, outdir, NAME)


# docs/dense_hebbian.md §10, digits rows (reference simulation, N = 61, median
# binarisation): (protocol, P) -> values at M = 1, 10, 100.
REFERENCE_M_VALUES = (1, 10, 100)
REFERENCE_ACCURACY = {("supervised", 2): (.17, .14, .17), ("supervised", 4): (.48, .54, .58),
                      ("supervised", 6): (.50, .72, .71), ("unsupervised", 6): (.50, .66, .65)}
REFERENCE_OVERLAP = {("supervised", 2): (.37, .41, .41), ("supervised", 4): (.51, .65, .71),
                     ("supervised", 6): (.52, .73, .81), ("unsupervised", 6): (.52, .64, .70)}
REFERENCE_BASELINE = 0.79
PROVENANCE = "reference simulation (docs/dense_hebbian.md §10)"


def headlines(workdir: str) -> list[_report.Quantity]:
  """Headline numbers (docs/dense_hebbian.md §8, §10, digits rows), means
  over seeds with their standard errors, no theory (the random-data theory
  is only qualitative here):

  - accuracy and overlap m per protocol, P and M = 1, 10, 100 where the
    docs give a reference value, and the raw-image baseline accuracy;
    tolerance 0.06 (docs);
  - the orderings (docs: acc(P = 6) - acc(P = 2) >= 0.3 at M >= 10; m(P =
    6) rises by >= 0.1 from M = 1 to 100), paired by seed (every P sees the
    same split). Encoded as the difference against the difference of the
    reference values, with the tolerance that puts the lower edge of the
    band at the docs' bound (0.3, 0.1); the upper edge (reference +
    tolerance) is above what these numbers can reach in practice;
  - unsupervised P = 2 accuracy at M = 100 (docs: <= 0.3) is encoded the
    same way: reference 0.15, tolerance 0.15, band [0, 0.3].
  """
  rows = _report.records(workdir)
  out = []
  for table, field in ((REFERENCE_ACCURACY, "accuracy"), (REFERENCE_OVERLAP, "m")):
    for (protocol, P), refs in table.items():
      for M, ref in zip(REFERENCE_M_VALUES, refs):
        sel = _report.select(rows, protocol=protocol, P=P, M=M)
        if not sel:
          continue
        v, se = _report.field_mean_se(sel, field)
        out.append(_report.Quantity(
            name=f"{field} (P = {P}, M = {M}, {protocol})", figure=NAME, measured=v, error=se,
            theory=None, reference=ref, provenance=PROVENANCE, compare_to="reference",
            tolerance=0.06))
  if rows:
    # The baseline does not depend on P or the protocol: one value per (M, seed).
    base = {(r["M"], r["seed"]): r["baseline_accuracy"] for r in rows}
    v, se = _report.mean_se(base.values())
    out.append(_report.Quantity(
        name="baseline accuracy (raw test images)", figure=NAME, measured=v, error=se,
        theory=None, reference=REFERENCE_BASELINE, provenance=PROVENANCE,
        compare_to="reference", tolerance=0.06,
        note="SE over (M, seed) splits"))
  for protocol in ("supervised", "unsupervised"):
    for M in (10, 100):
      a = _report.select(rows, protocol=protocol, P=6, M=M)
      b = _report.select(rows, protocol=protocol, P=2, M=M)
      if not (a and b):
        continue
      ref = (REFERENCE_ACCURACY.get((protocol, 6), (None,) * 3)[REFERENCE_M_VALUES.index(M)])
      ref2 = REFERENCE_ACCURACY.get((protocol, 2), (None,) * 3)[REFERENCE_M_VALUES.index(M)]
      if ref is None or ref2 is None:
        continue
      d, se = _report.paired_difference(a, b, "accuracy")
      out.append(_report.Quantity(
          name=f"acc(P = 6) - acc(P = 2) (M = {M}, {protocol})", figure=NAME, measured=d,
          error=se, theory=None, reference=ref - ref2, provenance=PROVENANCE,
          compare_to="reference", tolerance=ref - ref2 - 0.3,
          note="ordering: >= 0.3 (the band's lower edge); paired by seed"))
    a = _report.select(rows, protocol=protocol, P=6, M=100)
    b = _report.select(rows, protocol=protocol, P=6, M=1)
    refs = REFERENCE_OVERLAP.get((protocol, 6))
    if a and b and refs:
      d, se = _report.paired_difference(a, b, "m")
      out.append(_report.Quantity(
          name=f"m(M = 100) - m(M = 1) (P = 6, {protocol})", figure=NAME, measured=d,
          error=se, theory=None, reference=refs[2] - refs[0], provenance=PROVENANCE,
          compare_to="reference", tolerance=refs[2] - refs[0] - 0.1,
          note="ordering: rise >= 0.1 (the band's lower edge); paired by seed"))
  sel = _report.select(rows, protocol="unsupervised", P=2, M=100)
  if sel:
    v, se = _report.field_mean_se(sel, "accuracy")
    out.append(_report.Quantity(
        name="accuracy (P = 2, M = 100, unsupervised)", figure=NAME, measured=v, error=se,
        theory=None, reference=0.15, provenance=PROVENANCE, compare_to="reference",
        tolerance=0.15, note="docs: <= 0.3 (band [0, 0.3])"))
  return out


if __name__ == "__main__":
  _common.cli(make, NAME)
