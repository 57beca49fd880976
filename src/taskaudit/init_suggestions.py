"""What ``taskaudit init`` suggests for what the scan could not see (``Project.coverage``).

Every gap in the coverage names the ``[tool.taskaudit]`` key that would let
taskaudit see (``link.coverage.Gap.setting``). A suggestion is that key
with a value taken from the project where the gap gives one — the folder
under which a module the gap names is found, for ``source-roots`` — and
otherwise a placeholder with a comment saying what to fill in. Each key's
evidence is one function in ``DERIVE``: another kind (``manage.py``, a
``celery -A`` target) is another function, and the rendering stays as is.
Suggestions are printed commented out: taskaudit guessed them, a person
decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from taskaudit.config import KEYS, Config
from taskaudit.link.coverage import Gap


@dataclass(frozen=True, slots=True)
class Suggestion:
    key: str  # a [tool.taskaudit] key
    values: tuple[str, ...]  # empty: nothing to derive, the placeholder is shown
    because: str  # why, for the comment after the line


# What to fill in when nothing in the project gives the value.
FILL_IN = {
    "source-roots": "list the folders your imports start from (where manage.py is, or src/)",
    "task-decorators": "list the dotted paths of the decorators your tasks are declared with",
    "settings": "name the Django settings module Celery reads",
    "celery-app": "name the Celery app object",
}
_NAMED = re.compile(r"`@?([A-Za-z_][\w.]*)`")


def module_roots(gap: Gap, paths: Sequence[str]) -> Suggestion | None:
    """The folders under which a module the gap names is found: ``source-roots``.

    A gap names modules in backticks (``DJANGO_SETTINGS_MODULE names
    `config.settings` ...``, ``decorated with `@drive.celery_app.task```).
    The longest dotted prefix of such a name that is a file or package in
    the tree, below its top, gives the folder that is an import root.
    """
    for name in _NAMED.findall(gap.reason):
        parts = name.split(".")
        for length in range(len(parts), 0, -1):
            module = ".".join(parts[:length])
            roots = _roots_of(module, paths)
            if roots:
                where = ", ".join(f"{root}/" for root in roots)
                return Suggestion(gap.setting or "", roots, f"`{module}` is found under {where}")
    return None


def _roots_of(module: str, paths: Sequence[str]) -> tuple[str, ...]:
    relative = module.replace(".", "/")
    found = []
    for path in paths:
        for tail in (f"/{relative}.py", f"/{relative}/__init__.py"):
            if path.endswith(tail):
                found.append(path[: -len(tail)])
    return tuple(sorted(set(found)))


DERIVE: dict[str, Callable[[Gap, Sequence[str]], Suggestion | None]] = {
    "source-roots": module_roots,
}


def suggestions(gaps: Sequence[Gap], paths: Sequence[str]) -> tuple[Suggestion, ...]:
    """One suggestion per key the gaps name, in key order; derived values where there are any."""
    by_key: dict[str, list[Suggestion]] = {}
    for gap in gaps:
        if gap.setting is None or gap.setting not in KEYS:
            continue
        derive = DERIVE.get(gap.setting)
        found = derive(gap, paths) if derive is not None else None
        fill = f"{gap.reason}: {FILL_IN.get(gap.setting, 'see docs/configuration.md')}"
        by_key.setdefault(gap.setting, []).append(found or Suggestion(gap.setting, (), fill))
    out = []
    for key in (k for k in KEYS if k in by_key):
        derived = [s for s in by_key[key] if s.values]
        chosen = derived or by_key[key][:1]
        values = tuple(dict.fromkeys(v for s in chosen for v in s.values))
        because = "; ".join(dict.fromkeys(s.because for s in chosen))
        out.append(Suggestion(key, values, because))
    return tuple(out)


def suggestion_line(suggestion: Suggestion, current: Sequence[str] = ()) -> str:
    """``# key = value  # because``: commented, with the configured values kept in front."""
    listed = "tuple" in str(Config.__annotations__[suggestion.key.replace("-", "_")])
    values = tuple(dict.fromkeys((*current, *suggestion.values))) or ("...",)
    shown = "[" + ", ".join(map(_string, values)) + "]" if listed else _string(values[0])
    return f"# {suggestion.key} = {shown}  # {suggestion.because}"


def _string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
