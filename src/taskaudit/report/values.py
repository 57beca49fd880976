"""Reading the JSON inventory (``taskaudit.inventory``) back as words for the report.

Inventory values are JSON: literals, lists, and ``{"unknown": reason}`` for
what only exists at run time, which is shown as ``? (reason)``, never
guessed. Links point from ``roadmap/backlog/`` back to the scanned file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

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


def is_unknown(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"unknown"}


def href(path: str, line: int | None = None, base: str = LINK_BASE) -> str:
    """A relative link to ``path`` (and its line, GitHub's ``#L12`` anchor)."""
    # Percent-encoding keeps spaces, parentheses and pipes from ending the link.
    target = f"{base}{quote(path, safe='/')}"
    return f"{target}#L{line}" if line else target


def where(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


def setting(config: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    """The effective setting ``key`` (lowercase Celery name) as the inventory has it."""
    settings = config.get("settings", {})
    item = settings.get(key)
    return item if isinstance(item, Mapping) else None


def setting_value(config: Mapping[str, Any], key: str) -> Any:
    item = setting(config, key)
    return None if item is None else item.get("value")
