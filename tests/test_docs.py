"""The documentation that ships with the code: every `docs/PAGE.md §N` or
`§N.M` cited in the code names a page that exists and a section (or a
numbered item of a section) that the page has; nothing points outside the
repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ("assoc", "theory", "sims", "configs", "paper_figs", "benchmarks", "tests")
CITE = re.compile(r"docs/([a-z_]+)\.md ?§(\d+)(?:\.(\d+))?")


def _code_files():
  for d in CODE_DIRS:
    yield from sorted((ROOT / d).rglob("*.py"))
  yield ROOT / "README.md"
  yield ROOT / "CONTRIBUTING.md"


def _sections(page: Path) -> set[str]:
  """'N' for each '## N.' heading, 'N.M' for each '### N.M' heading and for
  each numbered item 'M.' at the start of a line inside section N."""
  found, current, fenced = set(), None, False
  for line in page.read_text().splitlines():
    if line.startswith("```"):
      fenced = not fenced
      continue
    if fenced:
      continue
    if m := re.match(r"##\s+(\d+)\.\s", line):
      current = m.group(1)
      found.add(current)
    elif m := re.match(r"###\s+(\d+)\.(\d+)\s", line):
      found.add(f"{m.group(1)}.{m.group(2)}")
    elif re.match(r"##?\s", line):
      current = None
    elif current and (m := re.match(r"(\d+)\.\s", line)):
      found.add(f"{current}.{m.group(1)}")
  return found


def test_every_cited_section_exists():
  pages: dict[str, set[str]] = {}
  missing = []
  count = 0
  for path in _code_files():
    for m in CITE.finditer(path.read_text()):
      count += 1
      page, section = m.group(1), m.group(2) + (f".{m.group(3)}" if m.group(3) else "")
      if page not in pages:
        file = ROOT / "docs" / f"{page}.md"
        pages[page] = _sections(file) if file.exists() else set()
      if section not in pages[page]:
        missing.append(f"{path.relative_to(ROOT)}: docs/{page}.md §{section}")
  assert count > 50  # the code does cite its documentation
  assert not missing, "cited sections that do not exist:\n" + "\n".join(missing)


def test_nothing_points_outside_the_repository():
  shared = "sha" + "red"  # spelled so that this file does not match itself
  offenders = []
  for path in list(_code_files()) + sorted((ROOT / "docs").glob("*.md")):
    text = path.read_text()
    for pattern in (rf"\.\./{shared}", rf"{shared}/spec", r"\bspec [a-z_]+\.md"):
      if re.search(pattern, text):
        offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
  assert not offenders, "\n".join(offenders)
