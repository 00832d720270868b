"""The house's layout as its import graph: no import circle anywhere, and
dependencies in one direction (CONTRIBUTING.md): theory/ and assoc/ never
import each other, the engine is a leaf that sweep and segments build on
without importing each other, and figure scripts import neither simulations
nor other figure scripts."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("assoc", "theory", "sims", "configs", "paper_figs", "benchmarks")


def _modules() -> dict[str, Path]:
  mods = {}
  for package in PACKAGES:
    for path in (ROOT / package).rglob("*.py"):
      parts = path.relative_to(ROOT).with_suffix("").parts
      name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
      mods[name] = path
  return mods


def _graph() -> dict[str, set[str]]:
  """Module -> the project modules its execution imports: every import
  statement (in functions too); importing a.b.c also runs the packages a and
  a.b; `assoc.rules` imports all its modules (registration)."""
  mods = _modules()
  graph = {}
  for name, path in mods.items():
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
      if isinstance(node, ast.Import):
        targets.update(a.name for a in node.names)
      elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        targets.add(node.module)
        targets.update(f"{node.module}.{a.name}" for a in node.names)
    edges = set()
    for target in targets:
      parts = target.split(".")
      for i in range(1, len(parts) + 1):
        prefix = ".".join(parts[:i])
        # A module's own packages are running already when it runs.
        if prefix in mods and not (name == prefix or name.startswith(prefix + ".")):
          edges.add(prefix)
    graph[name] = edges
  graph["assoc.rules"] |= {m for m in mods if m.startswith("assoc.rules.")}
  return graph


def _cycles(graph):
  state, stack, found = {}, [], []

  def visit(u):
    state[u] = 1
    stack.append(u)
    for v in sorted(graph.get(u, ())):
      if state.get(v) == 1:
        found.append(stack[stack.index(v):] + [v])
      elif v not in state:
        visit(v)
    stack.pop()
    state[u] = 2

  for u in sorted(graph):
    if u not in state:
      visit(u)
  return found


def test_no_import_circle():
  cycles = _cycles(_graph())
  assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_dependencies_go_one_way():
  graph = _graph()
  bad = []
  for module, targets in graph.items():
    top = module.split(".")[0]
    for t in targets:
      t_top = t.split(".")[0]
      if top == "theory" and t_top != "theory":
        bad.append(f"{module} imports {t} (theory/ is pure: it imports no project code)")
      if top == "assoc" and t_top != "assoc":
        bad.append(f"{module} imports {t} (assoc/ imports neither theory/ nor the entry points)")
      if top == "paper_figs" and (t_top == "sims" or (
          t_top == "paper_figs" and not t.split(".")[-1].startswith("_") and t != "paper_figs")):
        if module != "paper_figs.all" or t_top == "sims":
          bad.append(f"{module} imports {t} (figures read run files; shared code goes in "
                     f"paper_figs/_common.py or a family module)")
  assert not {t for t in graph["assoc.engine"] if t != "assoc"}, graph["assoc.engine"]
  assert "assoc.segments" not in graph["assoc.sweep"]
  assert "assoc.sweep" not in graph["assoc.segments"]
  assert not bad, "\n".join(bad)
