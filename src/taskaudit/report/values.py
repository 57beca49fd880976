"""Celery values as words for the report, and links back to the scanned file.

A value is shown the way the JSON inventory writes it (``taskaudit.inventory``):
literals, lists, and ``? (reason)`` for what only exists at run time, never
guessed. Links point from ``roadmap/backlog/`` back to the scanned file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from taskaudit.core.location import Location
from taskaudit.core.values import Value
from taskaudit.inventory import to_json

ABSENT = "—"
# The report lives in PATH/roadmap/backlog/, two folders below the scanned root.
LINK_BASE = "../../"


def words(value: Any) -> str:
    """A JSON inventory value as short text."""
    if value is None:
        return ABSENT
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        if set(value) == {"unknown"}:
            return f"? ({value['unknown']})"
        return ", ".join(f"{k}: {words(v)}" for k, v in value.items()) or ABSENT
    if isinstance(value, list | tuple):
        return ", ".join(words(v) for v in value) or ABSENT
    return str(value)


NAMES_SHOWN = 5


def some(names: tuple[str, ...]) -> str:
    """A few names, then how many more: a default queue or a glob route has them all."""
    if not names:
        return ABSENT
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def said(value: Value) -> str:
    """A Celery value (``Unknown`` included) as short text."""
    return words(to_json(value))


def is_unknown(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"unknown"}


def href(path: str, line: int | None = None, base: str = LINK_BASE) -> str:
    """A relative link to ``path`` (and its line, GitHub's ``#L12`` anchor)."""
    # Percent-encoding keeps spaces, parentheses and pipes from ending the link.
    target = f"{base}{quote(path, safe='/')}"
    return f"{target}#L{line}" if line else target


def where(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


def link(location: Location) -> tuple[str, str]:
    """``(where, href)`` of a place in the scanned tree."""
    return where(location.path, location.line), href(location.path, location.line)
