"""Where a fact was found: a repository-relative POSIX path, 1-based line and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True, order=True)
class Location:
    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Positioned(Protocol):
    """A syntax-tree node with a start: ``ast`` statements, expressions, arguments..."""

    @property
    def lineno(self) -> int: ...

    @property
    def col_offset(self) -> int: ...


def location_of(node: Positioned, path: str) -> Location:
    """Where ``node`` starts in ``path``: ``ast`` counts columns from 0, a ``Location`` from 1."""
    return Location(path, node.lineno, node.col_offset + 1)
