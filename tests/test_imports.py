"""No import cycle inside taskaudit, read from the source with ``ast`` (nothing is imported).

Every ``import`` counts, at module level or inside a function (a deferred
import still runs, and still meets a half-initialised module), except under
``if TYPE_CHECKING:``, which never runs. ``from pkg import name`` depends on
``pkg`` and, when ``name`` is a module, on ``pkg.name`` too. The implicit
import of a module's parent packages is left out: every package would
otherwise be in a cycle with the modules its ``__init__`` imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import taskaudit

PACKAGE = Path(taskaudit.__file__).parent


def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package), for every module under ``root``."""
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
    return name == "TYPE_CHECKING"


def _imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))


def import_graph(sources: Mapping[str, tuple[str, bool]], top: str) -> dict[str, set[str]]:
    """Module -> the modules of ``top`` it imports, from each module's (source, is package)."""
    graph: dict[str, set[str]] = {}
    for name, (source, is_package) in sources.items():
        package = name if is_package else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _imports(ast.parse(source)):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in targets if t in sources and t != name and t.startswith(top)}
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One closed path per strongly connected group of modules, each starting at its least."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm; the graph is a few hundred nodes
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group: set[str] = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(_closed_path(graph, group) for group in groups)


def _closed_path(graph: Mapping[str, set[str]], group: set[str]) -> list[str]:
    start = min(group)
    paths = [[start]]
    while paths:  # breadth first: the shortest way back to the start
        path = paths.pop(0)
        for other in sorted(graph[path[-1]] & group):
            if other == start:
                return [*path, start]
            if other not in path:
                paths.append([*path, other])
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover - a group has one


def test_taskaudit_has_no_import_cycle() -> None:
    sources = {
        name: (path.read_text(encoding="utf-8"), is_package)
        for name, (path, is_package) in _modules(PACKAGE).items()
    }
    found = cycles(import_graph(sources, "taskaudit"))
    assert found == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def _graph(**modules: str) -> dict[str, set[str]]:
    """Modules named ``pkg__a`` for ``pkg.a``; the bare ``pkg`` is the package."""
    sources = {name.replace("__", "."): (text, "__" not in name) for name, text in modules.items()}
    return import_graph(sources, "pkg")


def test_a_deferred_import_closes_a_cycle() -> None:
    graph = _graph(
        pkg="",
        pkg__a="from pkg.b import f\n",
        pkg__b="def f():\n    from pkg import a\n",
    )
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.a"]]


def test_relative_imports_resolve_against_the_package() -> None:
    graph = _graph(pkg="", pkg__a="from . import b\n", pkg__b="from .a import x\n")
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.a"]]


def test_type_checking_imports_and_outside_modules_make_no_cycle() -> None:
    graph = _graph(
        pkg="",
        pkg__a="from pkg.b import f\nimport os\n",
        pkg__b=(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import g\n"
            "else:\n    import json\n"
        ),
        pkg__c="import typing\nif typing.TYPE_CHECKING:\n    import pkg.a\n",
    )
    assert graph == {"pkg": set(), "pkg.a": {"pkg.b"}, "pkg.b": set(), "pkg.c": set()}
    assert cycles(graph) == []
