"""Folders that packaging metadata installs packages from: probable import roots.

An installed (or ``pip install -e``) project is imported from the folder
its metadata maps packages to, whatever ``__init__.py`` files sit above:

* setuptools: ``[tool.setuptools] package-dir = {"" = "src"}`` and
  ``[tool.setuptools.packages.find] where = ["src"]`` (pyproject.toml),
  ``package_dir = =src`` / ``[options.packages.find] where = src``
  (setup.cfg), ``package_dir={"": "src"}`` / ``find_packages("src")`` (setup.py);
* Poetry: ``packages = [{ include = "x", from = "src" }]``;
* Hatch: ``[tool.hatch.build.targets.wheel] packages = ["src/x"]``;
* PDM: ``[tool.pdm.build] package-dir = "src"``.

Each folder found is a *place* (``taskaudit.roots.evidence``): a name the
project imports through it still decides.
"""

from __future__ import annotations

import configparser
import posixpath
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from taskaudit.core.location import Location
from taskaudit.roots.evidence import Evidence
from taskaudit.roots.tree import Tree, parent

_SETUP_PY = (
    re.compile(r"""package_dir\s*=\s*\{\s*["']["']\s*:\s*["']([^"']+)["']"""),
    re.compile(r"""find(?:_namespace)?_packages\(\s*(?:where\s*=\s*)?["']([^"']+)["']"""),
)


def packaging_evidence(
    paths: Iterable[str], read: Callable[[str], str | None], tree: Tree
) -> list[Evidence]:
    found: list[Evidence] = []
    for path in paths:
        name = path.rpartition("/")[2]
        if name not in ("pyproject.toml", "setup.cfg", "setup.py"):
            continue
        text = read(path)
        if text is None:
            continue
        reader = {"pyproject.toml": _pyproject, "setup.cfg": _setup_cfg}.get(name, _setup_py)
        base = parent(path)
        for folder in sorted(set(reader(text))):
            joined = posixpath.normpath(posixpath.join("" if base == "." else base, folder))
            if joined in tree.folders:
                found.append(Evidence("packaging", Location(path), folder=joined))
    return found


def _pyproject(text: str) -> Iterator[str]:
    try:
        tool = tomllib.loads(text).get("tool", {})
    except (tomllib.TOMLDecodeError, UnicodeError):
        return
    setuptools = _table(tool, "setuptools")
    package_dir = _table(setuptools, "package-dir")
    if isinstance(package_dir.get(""), str):
        yield package_dir[""]
    yield from _strings(_table(_table(setuptools, "packages"), "find").get("where"))
    for package in _list(_table(tool, "poetry").get("packages")):
        if isinstance(package, dict) and isinstance(package.get("from"), str):
            yield package["from"]
    wheel = _table(_table(_table(_table(tool, "hatch"), "build"), "targets"), "wheel")
    for package in _strings(wheel.get("packages")):
        if "/" in package.strip("/"):
            yield package.strip("/").rpartition("/")[0]
    pdm = _table(_table(tool, "pdm"), "build").get("package-dir")
    if isinstance(pdm, str):
        yield pdm


def _setup_cfg(text: str) -> Iterator[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    for line in parser.get("options", "package_dir", fallback="").splitlines():
        key, _, value = line.partition("=")
        if not key.strip() and value.strip():
            yield value.strip()
    where = parser.get("options.packages.find", "where", fallback="").strip()
    if where:
        yield where


def _setup_py(text: str) -> Iterator[str]:
    for pattern in _SETUP_PY:
        yield from pattern.findall(text)


def _table(value: Any, key: str) -> dict[str, Any]:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(value: Any) -> Iterator[str]:
    yield from (v for v in _list(value) if isinstance(v, str))
