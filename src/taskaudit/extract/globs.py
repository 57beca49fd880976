"""Ordered ``fnmatch`` globs compiled into one regular expression.

The body extractors classify every call of a task body against tables of
globs (side effects, guards, error capture). Trying each glob in turn with
``fnmatchcase`` was a measurable share of extraction; one alternation of the
translated globs gives the same answer, the first glob in order that matches.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

V = TypeVar("V")


def first_match(table: Sequence[tuple[str, V]]) -> Callable[[str], V | None]:
    """A function giving the value of the first glob in ``table`` that ``name`` matches."""
    if not table:
        return lambda name: None
    regex = re.compile(
        "|".join(
            f"(?P<g{index}>{fnmatch.translate(glob)})" for index, (glob, _) in enumerate(table)
        )
    )
    values = [value for _, value in table]

    def match(name: str) -> V | None:
        found = regex.match(name)
        if found is None or found.lastgroup is None:
            return None
        return values[int(found.lastgroup[1:])]

    return match


def any_match(globs: Sequence[str]) -> Callable[[str], bool]:
    """A function telling whether ``name`` matches any of ``globs``."""
    first = first_match([(glob, True) for glob in globs])
    return lambda name: first(name) is not None
