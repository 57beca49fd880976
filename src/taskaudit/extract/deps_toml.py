"""Celery in TOML and JSON dependency files: ``pyproject.toml``, ``Pipfile`` and the locks.

``pyproject.toml``: ``[project] dependencies`` and ``optional-dependencies``
(PEP 621), ``[dependency-groups]`` (PEP 735), Poetry's
``[tool.poetry.dependencies]``, ``[tool.poetry.group.<name>.dependencies]``
and the older ``dev-dependencies``. ``Pipfile``: ``[packages]`` and
``[dev-packages]``. The locks pin one version per resolution: ``uv.lock``,
``poetry.lock`` and ``pdm.lock`` as ``[[package]] name/version``,
``Pipfile.lock`` as JSON ``{"default": {"celery": {"version": "==X"}}}``.
``tomllib`` gives the values; the line is found in the text afterwards.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from taskaudit.core.location import Location
from taskaudit.extract.deps import CeleryRequirement, DepsFacts, is_celery
from taskaudit.extract.deps_pep508 import parse_requirement
from taskaudit.extract.deps_poetry import poetry_specifiers


def read_toml_deps(text: str, path: str, kind: str) -> DepsFacts:
    lines = text.splitlines()
    name = path.rpartition("/")[2].lower()
    try:
        document: Any = json.loads(text) if name == "pipfile.lock" else tomllib.loads(text)
    except (ValueError, RecursionError) as exc:
        return DepsFacts(kind, problems=(f"not valid {_format(name)}: {exc}",))
    if not isinstance(document, dict):
        return DepsFacts(kind, problems=(f"not valid {_format(name)}: not a table",))
    found: list[CeleryRequirement | str] = []
    if kind == "lock":
        found = _lock(document, lines, path, name)
    elif kind == "pipfile":
        for section in ("packages", "dev-packages"):
            table = _table(document, section)
            found += _mapping(table, lines, path, section, section, poetry=False)
    else:
        found = _pyproject(document, lines, path)
    problems = tuple(p for p in found if isinstance(p, str))
    return DepsFacts(kind, tuple(r for r in found if not isinstance(r, str)), problems=problems)


def _format(name: str) -> str:
    return "JSON" if name.endswith(".lock") and name.startswith("pipfile") else "TOML"


def _table(document: Any, *keys: str) -> dict[str, Any]:
    for key in keys:
        document = document.get(key) if isinstance(document, dict) else None
    return document if isinstance(document, dict) else {}


def _pyproject(document: Any, lines: list[str], path: str) -> list[CeleryRequirement | str]:
    project = _table(document, "project")
    found = _strings(project.get("dependencies"), lines, path, "", "project")
    for group, items in sorted(_table(project, "optional-dependencies").items()):
        found += _strings(items, lines, path, group, "project.optional-dependencies")
    for group, items in sorted(_table(document, "dependency-groups").items()):
        # {include-group = "..."} entries are skipped: that group is read on its own.
        found += _strings(items, lines, path, group, "dependency-groups")
    poetry = _table(document, "tool", "poetry")
    where = "tool.poetry.dependencies"
    found += _mapping(_table(poetry, "dependencies"), lines, path, "", where, poetry=True)
    where = "tool.poetry.dev-dependencies"
    found += _mapping(_table(poetry, "dev-dependencies"), lines, path, "dev", where, poetry=True)
    for group, table in sorted(_table(poetry, "group").items()):
        deps, where = _table(table, "dependencies"), f"tool.poetry.group.{group}.dependencies"
        found += _mapping(deps, lines, path, group, where, poetry=True)
    return found


def _strings(
    items: Any, lines: list[str], path: str, group: str, section: str
) -> list[CeleryRequirement | str]:
    found: list[CeleryRequirement | str] = []
    start = _section(lines, section)
    for item in items if isinstance(items, list) else ():
        if isinstance(item, str) and "celery" in item.lower():
            where = Location(path, _line(lines, lambda s, i=item: i in s, start))
            parsed = parse_requirement(item, where, group)
            if parsed is not None:
                found.append(parsed if not isinstance(parsed, str) else f"{where}: {parsed}")
    return found


def _mapping(
    table: dict[str, Any], lines: list[str], path: str, group: str, section: str, *, poetry: bool
) -> list[CeleryRequirement | str]:
    """``celery = "^5.5"`` or ``celery = {version = "^5.5", extras = [...], markers = "..."}``."""
    found: list[CeleryRequirement | str] = []
    for key, value in table.items():
        if not is_celery(key):
            continue
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        where = Location(path, _line(lines, pattern.search, _section(lines, section)))
        # Poetry allows a list of {version, markers} tables: one requirement each.
        for entry in value if isinstance(value, list) else [value]:
            found += _entry(entry, where, group, poetry)
    return found


def _entry(entry: Any, where: Location, group: str, poetry: bool) -> list[CeleryRequirement | str]:
    table = entry if isinstance(entry, dict) else {"version": entry}
    if any(k in table for k in ("git", "path", "url", "file")):
        return [CeleryRequirement(None, where, group)]
    version = table.get("version", "*")
    marker = table.get("markers")
    extras = tuple(sorted(e for e in table.get("extras", ()) if isinstance(e, str)))
    if not isinstance(version, str):
        return [f"{where}: version is not a string"]
    alternatives = poetry_specifiers(version)
    if alternatives is None or not (poetry or len(alternatives) == 1):
        return [f"{where}: not a version constraint: {version!r}"]
    marker = marker if isinstance(marker, str) else None
    return [CeleryRequirement(spec, where, group, marker, extras) for spec in alternatives]


def _lock(document: Any, lines: list[str], path: str, name: str) -> list[CeleryRequirement | str]:
    if name == "pipfile.lock":
        found: list[CeleryRequirement | str] = []
        for section in ("default", "develop"):
            entry = _table(document, section, "celery")
            version = entry.get("version")
            if isinstance(version, str):
                pattern = re.compile(r'^\s*"celery"\s*:')
                where = Location(path, _line(lines, pattern.search))
                found.append(CeleryRequirement(version.replace(" ", ""), where, section))
        return found
    packages = document.get("package")
    pins = [
        p["version"]
        for p in (packages if isinstance(packages, list) else ())
        if isinstance(p, dict)
        and is_celery(str(p.get("name", "")))
        and isinstance(p.get("version"), str)
    ]
    return [
        CeleryRequirement(f"=={version}", Location(path, _pin_line(lines, version)), "lock")
        for version in dict.fromkeys(pins)
    ]


_NAME = re.compile(r"""^\s*name\s*=\s*["']([^"']+)["']""")
_VERSION = re.compile(r"""^\s*version\s*=\s*["']([^"']+)["']""")


def _pin_line(lines: list[str], version: str) -> int:
    """The ``version = "X"`` line that follows ``name = "celery"`` in a ``[[package]]``."""
    current = None
    for number, text in enumerate(lines, 1):
        if text.startswith("["):
            current = None
        elif (match := _NAME.match(text)) is not None:
            current = match.group(1)
        elif (
            current
            and is_celery(current)
            and (pin := _VERSION.match(text)) is not None
            and pin.group(1) == version
        ):
            return number
    return 1


def _section(lines: list[str], dotted: str) -> int:
    """The index of the ``[dotted]`` header line; 0 when the table is written inline."""
    header = re.compile(rf"^\s*\[\s*{re.escape(dotted)}\s*\]")
    return next((i for i, text in enumerate(lines) if header.match(text)), 0)


def _line(lines: list[str], test: Any, start: int = 0) -> int:
    """The 1-based number of the first line from ``start`` that passes ``test``."""
    found = (n for n, text in enumerate(lines[start:], start + 1) if test(text))
    return next(found, _line(lines, test) if start else 1)
