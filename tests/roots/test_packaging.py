"""Folders that packaging metadata installs packages from."""

from __future__ import annotations

import pytest

from taskaudit.roots.packaging import packaging_evidence
from taskaudit.roots.tree import Tree

TREE = Tree(["backend/src/shop/__init__.py", "lib/shop/__init__.py", "src/shop/__init__.py"])


def _folders(path: str, text: str) -> list[str | None]:
    return [e.folder for e in packaging_evidence([path], {path: text}.get, TREE)]


@pytest.mark.parametrize(
    ("path", "text", "folders"),
    [
        ("pyproject.toml", '[tool.setuptools]\npackage-dir = {"" = "src"}\n', ["src"]),
        (
            "backend/pyproject.toml",
            '[tool.setuptools.packages.find]\nwhere = ["src/"]\n',
            ["backend/src"],
        ),
        (
            "pyproject.toml",
            '[tool.poetry]\npackages = [{ include = "shop", from = "lib" }]\n',
            ["lib"],
        ),
        ("pyproject.toml", '[tool.hatch.build.targets.wheel]\npackages = ["src/shop"]\n', ["src"]),
        ("pyproject.toml", '[tool.pdm.build]\npackage-dir = "lib"\n', ["lib"]),
        ("setup.cfg", "[options]\npackage_dir =\n    =src\n", ["src"]),
        ("backend/setup.cfg", "[options.packages.find]\nwhere = src\n", ["backend/src"]),
        ("setup.py", 'setup(package_dir={"": "lib"}, packages=find_packages("lib"))\n', ["lib"]),
    ],
)
def test_each_packaging_format(path: str, text: str, folders: list[str]) -> None:
    assert _folders(path, text) == folders


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("pyproject.toml", '[tool.setuptools]\npackage-dir = {"shop" = "lib/shop"}\n'),  # a rename
        ("pyproject.toml", '[tool.setuptools.packages.find]\nwhere = ["vendor"]\n'),  # not here
        ("pyproject.toml", '[tool.poetry]\npackages = [{ include = "shop" }]\n'),
        ("pyproject.toml", "[tool.setuptools\n"),  # unreadable
        ("setup.py", "setup(packages=find_packages())\n"),
        ("setup.cfg", "[options\n"),
    ],
)
def test_near_misses_propose_nothing(path: str, text: str) -> None:
    assert _folders(path, text) == []
