"""The scanned tree as Python's import system sees it: packages, and where a dotted name lands.

``importlib.import_module("a.b.c")`` finds ``a/b/c.py``, ``a/b/c/__init__.py``
or a namespace folder ``a/b/c/`` (PEP 420) below some folder on
``sys.path``. ``Tree.land`` answers the reverse question for a name the
project writes: below which folders of the tree could it be found, and on
what. ``Tree.layout_root`` says whether the ``__init__.py`` climb
(``taskaudit.discover.module_path``) stops at a folder: the default that
the evidence of ``taskaudit.roots.decide`` confirms or overrides.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Landing:
    """A dotted name found in the tree: the folder on ``sys.path`` and what it names."""

    root: str  # "." for the scanned root
    target: str  # the module's path without ".py", or the package folder

    def folders(self) -> tuple[str, ...]:
        """The folders the name passes through below ``root``, each a package on the way.

        A package target is one of them: a folder named as ``a.b.c`` is not itself a root.
        """
        start = 0 if self.root == "." else len(self.root) + 1
        parts = self.target[start:].split("/")
        base = "" if self.root == "." else self.root + "/"
        return tuple(base + "/".join(parts[: i + 1]) for i in range(len(parts)))


def _identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def parent(path: str) -> str:
    return path.rpartition("/")[0] or "."


class Tree:
    """The Python files of a scan and the folders that hold them."""

    def __init__(self, python_paths: Iterable[str]) -> None:
        self.paths = frozenset(python_paths)
        self.init_dirs = frozenset(
            parent(p) for p in self.paths if p == "__init__.py" or p.endswith("/__init__.py")
        )
        folders: set[str] = set()
        for path in self.paths:
            folder = parent(path)
            while folder != "." and folder not in folders:
                folders.add(folder)
                folder = parent(folder)
        self.folders = frozenset(folders)
        self._targets: dict[str, list[str]] | None = None
        self._landed: dict[str, tuple[Landing, ...]] = {}

    def layout_root(self, folder: str) -> bool:
        """Whether the ``__init__.py`` climb stops at ``folder`` (it is not part of a name)."""
        if folder == ".":
            return True
        if folder in self.init_dirs:
            return False
        # A folder without __init__.py inside a package is a namespace package (PEP 420).
        return not (parent(folder) in self.init_dirs and folder.rpartition("/")[2].isidentifier())

    def regular(self, landing: Landing) -> bool:
        """Whether a landing is a module or a package, not a bare namespace folder.

        Python's path finder takes a regular module or package from any
        ``sys.path`` entry over namespace portions (PEP 420, "Specification").
        """
        return landing.target in self.init_dirs or landing.target + ".py" in self.paths

    def holds_modules(self, folder: str) -> bool:
        """Whether some module below ``folder`` could be imported with it as the root."""
        prefix = "" if folder == "." else folder + "/"
        for path in self.paths:
            if path.startswith(prefix):
                parts = path[len(prefix) : -3].split("/")
                if parts != ["__init__"] and all(map(_identifier, parts)):
                    return True
        return False

    def land(self, name: str) -> tuple[Landing, ...]:
        """Every folder below which ``name`` is a module, package or namespace folder."""
        found = self._landed.get(name)
        if found is None:
            found = self._landed[name] = self._land(name)
        return found

    def _land(self, name: str) -> tuple[Landing, ...]:
        parts = name.split(".")
        if not all(parts):
            return ()
        tail = "/".join(parts)
        hits = set()
        for target in self._by_last().get(parts[-1], ()):
            if target == tail:
                hits.add(Landing(".", target))
            elif target.endswith("/" + tail):
                hits.add(Landing(target[: -len(tail) - 1], target))
        return tuple(sorted(hits))

    def _by_last(self) -> dict[str, list[str]]:
        """Module files (without ``.py``) and folders, by their last name: built on first use."""
        if self._targets is None:
            targets: dict[str, list[str]] = {}
            for path in sorted(self.paths):
                if path.endswith(".py") and path.rpartition("/")[2] != "__init__.py":
                    stem = path[:-3]
                    targets.setdefault(stem.rpartition("/")[2], []).append(stem)
            for folder in sorted(self.folders):
                targets.setdefault(folder.rpartition("/")[2], []).append(folder)
            self._targets = targets
        return self._targets
