"""Refusing ``matches:`` regexes that backtrack exponentially, when the rules load.

Python's ``re`` backtracks: ``(a+)+$`` against ``"a" * 40 + "!"`` tries
every way of cutting the a's into repetitions, about 2**40 of them, and a
scanned repository chooses the names a regex reads. A timeout (the
``regex`` package has one) would make a finding depend on the machine's
load, and taskaudit's output must not; so the shapes that cause it are
refused up front, with the rule's ``path:line:col``.

The check reads the pattern as ``re`` parses it (``re._parser``, whose
tree is the one ``re`` compiles) and looks at each repeat that may run more
than once. Its body is ambiguous when one repetition can end in more than
one place: a part of variable length is followed, before anything it
cannot match, by characters it could have matched itself, in the same
repetition or at the start of the next (``(a+)+``, ``(\\w+\\s?)+``,
``(a|aa)+``, ``(.*,)+``), or two alternatives can start alike. ``(\\w+\\.)+``
(a dotted name) is fine: each repetition ends at a dot ``\\w`` cannot take.
Possessive repeats and atomic groups never give characters back, so they
are left alone. Polynomial shapes such as ``.*a.*`` are allowed: they cost
at most a power of the name's length, not an exponential.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from taskaudit.rules.regex_tree import (
    PARSER,
    REPEATS,
    SAMPLES,
    Checker,
    alternatives,
    literals,
    walk,
)

_SPLITS = (
    "a repetition can end in more than one place, as in (a+)+ or (\\w+\\s?)+; end each "
    "repetition on a character its variable part cannot match, as in (\\w+\\.)+, or make the "
    "repeat possessive, as in (\\w+\\s?)++"
)
_ALIKE = (
    "alternatives inside a repeat can match alike, as in (\\w+|x)+; make them start with "
    "different characters"
)


def _opened(items: Sequence[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A sequence with its plain groups opened: ``(?:a+b)c`` reads as ``a+ b c``."""
    out: list[tuple[Any, Any]] = []
    for op, arg in items:
        out += _opened(arg[-1]) if str(op) == "SUBPATTERN" else [(op, arg)]
    return out


def _follow(checker: Checker, rest: Sequence[tuple[Any, Any]], after: frozenset[str]) -> set[str]:
    """The characters what comes next may start with: ``rest``, then ``after``."""
    chars: set[str] = set()
    for op, arg in rest:
        shape = checker.item(op, arg)
        chars |= shape.first
        if shape.least:
            return chars
    return chars | after


def _splits(checker: Checker, sequence: list[tuple[Any, Any]], after: frozenset[str]) -> bool:
    """A part of variable length is followed by a character it could have taken itself."""
    for index, (op, arg) in enumerate(sequence):
        name = str(op)
        follow = frozenset(_follow(checker, sequence[index + 1 :], after))
        if name in {"BRANCH", "GROUPREF_EXISTS"}:
            options = [_opened(alt) for alt in alternatives(name, arg)]
            if all(checker.sequence(alt).least for alt in options):
                # A choice its first character makes (_alike checked that): each
                # alternative ends where it ends, so only the parts inside can split.
                if any(_splits(checker, alt, follow) for alt in options):
                    return True
                continue
        part = checker.item(op, arg)
        if part.least == part.most or name in {"POSSESSIVE_REPEAT", "ATOMIC_GROUP"}:
            continue
        if part.chars & follow:
            return True
    return False


def _alike(checker: Checker, body: Sequence[tuple[Any, Any]]) -> bool:
    """Two alternatives of one choice inside the body can start alike, or both match nothing."""
    for name, arg in walk(body):
        if name not in {"BRANCH", "GROUPREF_EXISTS"}:
            continue
        shapes = [checker.sequence(alt) for alt in alternatives(name, arg)]
        if sum(1 for s in shapes if s.least == 0) > 1:
            return True
        for index, shape in enumerate(shapes):
            if any(shape.first & other.first for other in shapes[index + 1 :]):
                return True
    return False


def _repeat_problem(checker: Checker, body: Sequence[tuple[Any, Any]]) -> str | None:
    if _alike(checker, body):
        return _ALIKE
    shape = checker.sequence(body)
    if shape.least == shape.most or (shape.least, shape.most) == (0, 1):
        return None  # every repetition that matches anything has one length
    return _SPLITS if _splits(checker, _opened(body), shape.first) else None


def backtracking_problem(pattern: str) -> str | None:
    """Why ``pattern`` can take exponential time on some input, or None."""
    try:
        parsed = PARSER.parse(pattern)
    except re.error:
        return None  # re.compile reports it
    items = parsed.data
    fold = bool(parsed.state.flags & re.IGNORECASE) or any(
        name == "SUBPATTERN" and arg[1] & re.IGNORECASE for name, arg in walk(items)
    )
    checker = Checker(SAMPLES | literals(items), fold)
    for name, arg in walk(items):
        if name in REPEATS and arg[1] > 1:
            problem = _repeat_problem(checker, arg[2])
            if problem is not None:
                return problem
    return None
