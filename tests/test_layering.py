"""The floors of the code: kefu (the app) above autograder (the grader) above course (the learner's
runtime). Nothing imports a package above it, and no modules import each other in a circle.

Every import counts, also one inside a function: a lazy import still ties two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ["course", "autograder", "kefu"]  # lowest first


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for floor in FLOORS for p in sorted((ROOT / floor).rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that ``name`` (a dotted import) refers to."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Project modules that ``module`` imports, anywhere in its body."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            target = _resolve(name, known)
            if target and target != module:
                found.add(target)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    known = _modules()
    return {module: imports_of(module, path, known) for module, path in known.items()}


def _floor(module: str) -> int:
    return FLOORS.index(module.split(".")[0])


def test_the_graph_sees_the_imports_it_should(graph):
    # a canary: if parsing went wrong, the other tests would pass vacuously
    assert "autograder.coursedir" in graph["autograder.pipeline"]
    assert "course.data" in graph["course.kpi"]
    assert "autograder.pipeline" in graph["kefu.cli"]


def test_no_package_imports_a_package_above_it(graph):
    upward = sorted((module, target) for module, targets in graph.items() for target in targets
                    if _floor(target) > _floor(module))
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other_in_a_circle(graph):
    # `from course import data` also names the package `course` itself: a module naming
    # its own package (an __init__ that re-exports) is not a circle of design.
    edges = {module: {t for t in targets if not module.startswith(t + ".")}
             for module, targets in graph.items()}
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_engine_never_imports_the_pipeline(graph):
    engine = {m: t for m, t in graph.items() if m.startswith("autograder.engine")}
    assert engine
    allowed = ("autograder.engine", "course")
    assert {m: sorted(x for x in t if not x.startswith(allowed))
            for m, t in engine.items()} == {m: [] for m in engine}
