"""Where the packaged ``rules.yaml`` and report templates live.

In a wheel they sit in ``taskaudit/_data/``; in a source checkout (editable
install, tests) at the repository root, where contributors edit them. One
resolver serves both, so an installed ``taskaudit`` works from any folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    packaged = _PACKAGE / "_data"
    if (packaged / "rules.yaml").is_file():
        return packaged
    checkout = _PACKAGE.parent.parent
    if (checkout / "rules.yaml").is_file():
        return checkout
    raise FileNotFoundError("taskaudit's rules.yaml is missing from the installation")


def default_rules() -> Path:
    return data_root() / "rules.yaml"


def template(name: str) -> Path:
    return data_root() / "templates" / name
