"""One piece of evidence about the import roots, and how it reads in a report.

Two strengths (``taskaudit.roots.decide``): a *name* is a dotted path the
project hands to Python's import machinery (a ``DJANGO_SETTINGS_MODULE``
value, a ``celery -A`` target, an absolute import, a string that names a
folder no ``import`` statement could), and says exactly which folder is on
``sys.path`` wherever it lands in the tree; a *place* (a ``manage.py``,
packaging metadata, a ``src/`` or ``backend/`` layout) only says that a
folder is probably a root.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskaudit.core.location import Location

NAME_KINDS = frozenset({"settings", "celery-app", "import", "string"})
PLACE_KINDS = frozenset({"manage.py", "packaging", "layout"})


@dataclass(frozen=True, slots=True, order=True)
class Evidence:
    kind: str  # one of NAME_KINDS or PLACE_KINDS
    location: Location
    name: str | None = None  # the dotted name written (names)
    folder: str | None = None  # the folder proposed (places), or the stated working directory

    @property
    def is_name(self) -> bool:
        return self.kind in NAME_KINDS

    def describe(self) -> str:
        """A clause naming the evidence and where it was read."""
        where = f"{self.location.path}:{self.location.line}"
        if self.kind == "settings":
            return f"DJANGO_SETTINGS_MODULE `{self.name}` ({where})"
        if self.kind == "celery-app":
            return f"`celery -A {self.name}` ({where})"
        if self.kind == "import":
            return f"`import {self.name}` ({where})"
        if self.kind == "string":
            return f"the string `{self.name}` ({where})"
        if self.kind == "manage.py":
            return f"`{self.location.path}`"
        if self.kind == "packaging":
            return f"the packaging metadata of `{self.location.path}`"
        return f"the `{(self.folder or '').rpartition('/')[2]}/` layout"
