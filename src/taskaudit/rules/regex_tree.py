"""The tree ``re`` compiles a pattern from, read for what each part can match.

``re._parser`` is the parser behind ``re.compile`` (``sre_parse`` before
Python 3.11); its tree is what the regex engine runs. ``Checker`` tells,
for any node, which characters a match can start with and hold and how
long it can be. Character classes are compared on sample characters (all
of ASCII, a few others, and every literal the pattern names), so two
classes that share no sample are taken as disjoint.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# The parser behind re.compile; no stubs, hence imported by name.
PARSER: Any = importlib.import_module("re._parser")
_UNBOUNDED: int = PARSER.MAXREPEAT
# Character sets are compared on these, plus every literal the pattern names.
SAMPLES = frozenset(map(chr, range(128))) | frozenset("éßĀ日\u00a0٣\u2028")
_CLASSES = {
    name: re.compile(escape)
    for name, escape in (
        ("CATEGORY_DIGIT", r"\d"),
        ("CATEGORY_NOT_DIGIT", r"\D"),
        ("CATEGORY_SPACE", r"\s"),
        ("CATEGORY_NOT_SPACE", r"\S"),
        ("CATEGORY_WORD", r"\w"),
        ("CATEGORY_NOT_WORD", r"\W"),
    )
}
REPEATS = {"MAX_REPEAT", "MIN_REPEAT"}
_WIDE = 1 << 40  # "any length": larger than a name, and cheap to add


@dataclass(frozen=True, slots=True)
class Shape:
    first: frozenset[str]  # characters a match can start with
    chars: frozenset[str]  # characters a match can hold
    least: int
    most: int


class Checker:
    """What the nodes of one pattern can match."""

    def __init__(self, universe: frozenset[str], fold: bool) -> None:
        self.universe = universe
        self.fold = fold

    def _set(self, chars: frozenset[str]) -> frozenset[str]:
        if not self.fold:
            return chars
        return chars | {c.swapcase() for c in chars}

    def _class(self, items: Sequence[tuple[Any, Any]]) -> frozenset[str]:
        negate = any(str(op) == "NEGATE" for op, _ in items)
        found = set()
        for char in self.universe:
            for op, arg in items:
                name = str(op)
                if (
                    (name == "LITERAL" and char == chr(arg))
                    or (name == "RANGE" and arg[0] <= ord(char) <= arg[1])
                    or (
                        name == "CATEGORY"
                        and str(arg) in _CLASSES
                        and _CLASSES[str(arg)].match(char)
                    )
                ):
                    found.add(char)
        return self.universe - found if negate else frozenset(found)

    def item(self, op: Any, arg: Any) -> Shape:
        name = str(op)
        one = {
            "LITERAL": lambda: self._set(frozenset(chr(arg))),
            "NOT_LITERAL": lambda: self.universe - self._set(frozenset(chr(arg))),
            "ANY": lambda: self.universe - {"\n"},
            "IN": lambda: self._set(self._class(arg)),
        }.get(name)
        if one is not None:
            chars = one()
            return Shape(chars, chars, 1, 1)
        if name in REPEATS or name == "POSSESSIVE_REPEAT":
            low, high, body = arg
            inner = self.sequence(body)
            most = _WIDE if high == _UNBOUNDED and inner.most else high * inner.most
            return Shape(inner.first, inner.chars, low * inner.least, min(most, _WIDE))
        if name in {"SUBPATTERN", "ATOMIC_GROUP"}:
            return self.sequence(arg[-1] if name == "SUBPATTERN" else arg)
        if name in {"BRANCH", "GROUPREF_EXISTS"}:
            return self.either(alternatives(name, arg))
        if name == "GROUPREF":
            return Shape(self.universe, self.universe, 0, _WIDE)
        return Shape(frozenset(), frozenset(), 0, 0)  # AT, ASSERT, ASSERT_NOT: zero width

    def sequence(self, items: Sequence[tuple[Any, Any]]) -> Shape:
        first: frozenset[str] = frozenset()
        chars: frozenset[str] = frozenset()
        least = most = 0
        for op, arg in items:
            shape = self.item(op, arg)
            if least == 0:
                first |= shape.first
            chars |= shape.chars
            least, most = least + shape.least, min(most + shape.most, _WIDE)
        return Shape(first, chars, least, most)

    def either(self, alternatives: Sequence[Sequence[tuple[Any, Any]]]) -> Shape:
        shapes = [self.sequence(alt) for alt in alternatives]
        return Shape(
            frozenset().union(*(s.first for s in shapes)),
            frozenset().union(*(s.chars for s in shapes)),
            min(s.least for s in shapes),
            max(s.most for s in shapes),
        )


def alternatives(name: str, arg: Any) -> list[Any]:
    return list(arg[1]) if name == "BRANCH" else [arg[1], arg[2] or []]


def walk(items: Sequence[tuple[Any, Any]]) -> Iterator[tuple[str, Any]]:
    """Every node of the parse tree, depth first."""
    for op, arg in items:
        name = str(op)
        yield name, arg
        if name in REPEATS or name == "POSSESSIVE_REPEAT":
            yield from walk(arg[2])
        elif name == "SUBPATTERN":
            yield from walk(arg[-1])
        elif name in {"ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"}:
            yield from walk(arg if name == "ATOMIC_GROUP" else arg[1])
        elif name in {"BRANCH", "GROUPREF_EXISTS"}:
            for alternative in alternatives(name, arg):
                yield from walk(alternative)


def literals(items: Sequence[tuple[Any, Any]]) -> frozenset[str]:
    found: set[str] = set()
    for name, arg in walk(items):
        if name in {"LITERAL", "NOT_LITERAL"}:
            found.add(chr(arg))
        elif name == "IN":
            for op, value in arg:
                if str(op) == "LITERAL":
                    found.add(chr(value))
                elif str(op) == "RANGE":
                    found |= {chr(value[0]), chr(value[1])}
    return frozenset(found)
