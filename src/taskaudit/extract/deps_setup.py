"""setuptools' declarations: ``setup.cfg`` ``[options]`` and a literal ``setup(...)`` call.

``setup.cfg``: ``install_requires`` in ``[options]`` and each key of
``[options.extras_require]``, one requirement per line (setuptools'
"Configuring setuptools using setup.cfg files"). ``setup.py``: the
``install_requires=[...]`` and ``extras_require={...}`` keywords of a call
to ``setup``, read from the syntax tree when they are literal lists of
strings, or a module-level name bound once to one; anything computed is not
evaluated (a deliberate false negative: the version stays unknown).
"""

from __future__ import annotations

import ast
import configparser

from taskaudit.core.location import Location
from taskaudit.extract.deps import CeleryRequirement, DepsFacts
from taskaudit.extract.deps_pep508 import parse_requirement


def read_setup_cfg(text: str, path: str) -> DepsFacts:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, path)
    except configparser.Error as exc:
        return DepsFacts(
            "setup-cfg", problems=(f"not valid setup.cfg: {str(exc).splitlines()[0]}",)
        )
    lines = text.splitlines()
    values: list[tuple[str, str]] = []
    if parser.has_option("options", "install_requires"):
        values.append(("", parser.get("options", "install_requires")))
    if parser.has_section("options.extras_require"):
        values += sorted(parser.items("options.extras_require"))
    found: list[CeleryRequirement] = []
    problems: list[str] = []
    for group, value in values:
        for item in value.splitlines():
            item = item.split(" #", 1)[0].strip()
            if "celery" not in item.lower() or item.startswith("#"):
                continue
            line = next((n for n, t in enumerate(lines, 1) if item in t), 1)
            _keep(parse_requirement(item, Location(path, line), group), found, problems)
    return DepsFacts("setup-cfg", tuple(found), problems=tuple(problems))


def read_setup_py(text: str, path: str) -> DepsFacts:
    try:
        tree = ast.parse(text, path)
    except (SyntaxError, ValueError, RecursionError):
        return DepsFacts("setup-py")  # reported as TA000 by the Python reader
    names = _module_lists(tree)
    found: list[CeleryRequirement] = []
    problems: list[str] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _called(node.func) == "setup"):
            continue
        for keyword in node.keywords:
            if keyword.arg == "install_requires":
                groups = [("", _literal(keyword.value, names))]
            elif keyword.arg == "extras_require" and isinstance(keyword.value, ast.Dict):
                groups = [
                    (k.value, _literal(v, names))
                    for k, v in zip(keyword.value.keys, keyword.value.values, strict=True)
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                ]
            else:
                continue
            for group, items in groups:
                for item, line in items:
                    req = parse_requirement(item, Location(path, line), group)
                    _keep(req, found, problems)
    return DepsFacts("setup-py", tuple(found), problems=tuple(problems))


def _keep(
    parsed: CeleryRequirement | str | None, found: list[CeleryRequirement], problems: list[str]
) -> None:
    if isinstance(parsed, str):
        problems.append(parsed)
    elif parsed is not None:
        found.append(parsed)


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _module_lists(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level names bound exactly once, to a list or tuple display."""
    bound: dict[str, list[ast.expr]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name):
                bound.setdefault(target.id, []).append(stmt.value)
    return {k: v[0] for k, v in bound.items() if len(v) == 1}


def _literal(node: ast.expr, names: dict[str, ast.expr]) -> list[tuple[str, int]]:
    if isinstance(node, ast.Name) and node.id in names:
        node = names[node.id]
    if not isinstance(node, (ast.List, ast.Tuple)):
        return []
    return [
        (e.value, e.lineno)
        for e in node.elts
        if isinstance(e, ast.Constant) and isinstance(e.value, str) and "celery" in e.value.lower()
    ]
