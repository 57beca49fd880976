"""Counting the names for and against each folder being an import root.

A name that lands at a folder (``taskaudit.roots.tree.Landing``) is a vote
for that folder as a root and against every package folder it passes
through. ``Votes.decide`` weighs them for one folder
(``taskaudit.roots.decide`` has the whole precedence).
"""

from __future__ import annotations

from taskaudit.roots.evidence import Evidence
from taskaudit.roots.tree import Landing


class Votes:
    """Names for and against each folder being a root, by strength.

    Declared names (a settings module, a ``celery -A`` target, a string)
    must agree among themselves. Imports are many and may be a library's
    (``graphql.error`` from the ``graphql`` library, in a project with its
    own ``graphql/`` package), so they count by importing file, decide at
    two to one, and propose a folder as a root only where something else
    already does (a ``manage.py``, packaging, the layout, a declared name).
    A change from the ``__init__.py`` layout that one kind wants and the
    other refuses is a gap.
    """

    def __init__(self) -> None:
        self.pro: dict[str, list[Evidence]] = {}
        self.con: dict[str, list[Evidence]] = {}

    def add(self, item: Evidence, landing: Landing) -> None:
        self.pro.setdefault(landing.root, []).append(item)
        for folder in landing.folders():
            self.con.setdefault(folder, []).append(item)

    def folders(self) -> set[str]:
        return {*self.pro, *self.con}

    def declared_root(self, folder: str) -> bool:
        return any(e.kind != "import" for e in self.pro.get(folder, []))

    def decide(
        self, folder: str, default: bool, candidate: bool
    ) -> tuple[bool | None, list[Evidence]]:
        """Whether ``folder`` is a root (None: the names disagree), and the names to cite.

        No name at all: ``default``, citing nothing.
        """
        pro, con = self.pro.get(folder, []), self.con.get(folder, [])
        declared = _verdict(
            [e for e in pro if e.kind != "import"], [e for e in con if e.kind != "import"], 1
        )
        imported = _verdict(
            [e for e in pro if e.kind == "import"] if candidate else [],
            [e for e in con if e.kind == "import"],
            2,
        )
        if declared[0] is None and declared[1]:
            return declared
        if not declared[1]:
            return imported if imported[1] else (default, [])
        if declared[0] == default or imported[0] in (None, declared[0]) or not imported[1]:
            return declared
        return None, [declared[1][0], imported[1][0]]


def _verdict(
    pro: list[Evidence], con: list[Evidence], ratio: int
) -> tuple[bool | None, list[Evidence]]:
    """A root (True), a package (False), unclear (None) or silent (no evidence returned).

    Counted by file, one side must outnumber the other ``ratio`` to one
    (1: the other side is empty).
    """
    pro_files = len({e.location.path for e in pro})
    con_files = len({e.location.path for e in con})
    if not pro and not con:
        return None, []
    if not con or (ratio > 1 and pro_files >= ratio * con_files):
        return True, pro
    if not pro or (ratio > 1 and con_files >= ratio * pro_files):
        return False, con
    return None, [pro[0], con[0]]
