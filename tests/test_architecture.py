"""The shape of the code (issue 14), read from the source with ``ast``, nothing imported:
no module above 800 lines, no import cycle, and the arrows only point down —
gui → services → domain/storage, the command line beside the GUI, never under it.

Imports anywhere in a module count for the arrows (an import inside a function
is still a dependency); only module-level ones can make a cycle at import time,
so only those (outside ``if TYPE_CHECKING:``) make the graph searched for cycles.
"""
from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "thidua_desktop"
MAX_LINES = 800


@dataclass(frozen=True)
class Import:
    target: str  # the module imported (the deepest one of ours when it is ours)
    line: int
    at_top: bool  # runs when the module is imported


@functools.cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str) -> str:
    """``name`` as the deepest module of ours it reaches (``pkg.mod.Class`` → ``pkg.mod``)."""
    known = modules()
    while name not in known and "." in name:
        name = name.rpartition(".")[0]
    return name


def _base(module: str, level: int) -> str:
    """The package a relative import of ``level`` dots starts from."""
    is_package = modules()[module].name == "__init__.py"
    parts = module.split(".")
    drop = level - 1 if is_package else level
    return ".".join(parts[:len(parts) - drop])


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


@functools.cache
def imports_of(module: str) -> tuple[Import, ...]:
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, at_top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, False)
            elif isinstance(child, ast.If) and _is_type_checking(child):
                for statement in child.body:
                    visit(ast.Module(body=[statement], type_ignores=[]), False)
                for statement in child.orelse:
                    visit(ast.Module(body=[statement], type_ignores=[]), at_top)
            elif isinstance(child, ast.Import):
                found.extend(Import(_resolve(a.name), child.lineno, at_top) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                source = child.module or ""
                if child.level:
                    base = _base(module, child.level)
                    source = f"{base}.{source}" if source else base
                for alias in child.names:  # ``from pkg import mod`` imports the module pkg.mod
                    target = f"{source}.{alias.name}"
                    found.append(Import(target if target in modules() else _resolve(source), child.lineno, at_top))
            else:
                visit(child, at_top)

    visit(tree, True)
    return tuple(found)


def _under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def offenders(area: str, forbidden: tuple[str, ...]) -> list[str]:
    """``module:line → target`` for every import from ``area`` into ``forbidden``."""
    area = f"{PACKAGE}.{area}"
    return sorted({f"{module}:{imp.line} → {imp.target}"
                   for module in modules() if _under(module, (area,))
                   for imp in imports_of(module) if _under(imp.target, forbidden)})


def _ours(*areas: str) -> tuple[str, ...]:
    return tuple(f"{PACKAGE}.{a}" for a in areas)


def test_no_module_is_longer_than_800_lines():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"modules above {MAX_LINES} lines (split them by responsibility): {long}"


def import_graph(at_top_only: bool = True) -> dict[str, set[str]]:
    return {module: {imp.target for imp in imports_of(module)
                     if (imp.at_top or not at_top_only) and imp.target in modules() and imp.target != module}
            for module in modules()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``a → b → … → a``) for each group of modules that import each other
    (Tarjan's strongly connected components, then a path inside each)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:  # recursive: the graph is a few hundred modules deep at most
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest way from the group's first module back to itself."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & group):
                if nxt == start:
                    return paths[node] + [start]
                if nxt not in paths:
                    paths[nxt] = paths[node] + [nxt]
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle in {group}")  # pragma: no cover - a component always has one


def test_the_cycle_finder_finds_a_cycle_and_names_its_way():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"d"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_imports_are_read_as_python_resolves_them():
    """Relative imports, ``from package import module`` and imports inside functions."""
    cli = {imp.target: imp.at_top for imp in imports_of(f"{PACKAGE}.cli")}
    assert cli[f"{PACKAGE}.vi_argparse"] is True  # from .. import vi_argparse
    assert cli[f"{PACKAGE}.errors"] is True  # from ..errors import UserError
    assert cli[f"{PACKAGE}.cli.context"] is False  # imported by main() only
    restore = {imp.target: imp.at_top for imp in imports_of(f"{PACKAGE}.services.safety.restore")}
    assert restore[f"{PACKAGE}.services.safety.backup"] is True  # from .backup import …
    assert restore[f"{PACKAGE}.storage.database"] is True  # from ...storage.database import Database


def test_no_import_cycle():
    found = [" → ".join(cycle) for cycle in cycles(import_graph())]
    assert found == [], "modules importing each other at import time:\n" + "\n".join(found)


def test_no_cycle_hidden_in_imports_inside_functions():
    found = [" → ".join(cycle) for cycle in cycles(import_graph(at_top_only=False))]
    assert found == [], "modules importing each other (some inside functions):\n" + "\n".join(found)


@pytest.mark.parametrize("area, forbidden", [
    ("domain", ("PySide6", "sqlalchemy", "alembic", *_ours("storage", "services", "gui", "cli"))),
    ("storage", ("PySide6", *_ours("services", "gui", "cli"))),
    ("services", ("PySide6", *_ours("gui", "cli"))),
    ("gui", _ours("cli")),
], ids=["domain", "storage", "services", "gui"])
def test_the_arrows_only_point_down(area, forbidden):
    assert offenders(area, forbidden) == []


def test_no_gui_module_imports_storage_nor_sqlalchemy():
    assert offenders("gui", ("sqlalchemy", *_ours("storage"))) == []
