"""The short form of a finding message, for one terminal line (``--format text``).

Catalog messages state a fact, then after ``: `` or ``; `` what it costs:
"task `{function}` declares no retry policy (no autoretry_for, ...): a
transient failure fails it for good". The short form keeps the fact:
everything before the first such separator, without the asides in
parentheses. A lead that only names the subject ("task `{function}`: the
decorator's queue ...") is not a fact, so the cut moves to the next
separator. The cut is found in the rule's own template text, never in the
values filled in, so a task name holding ``: `` cannot move it and the
short form stays a true sentence about any subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from taskaudit.rules.template import Placeholder

Part: TypeAlias = "str | Placeholder"
# Outside code spans, at most this many plain words before a code span name a subject.
_SUBJECT_WORDS = 2


def _units(parts: Sequence[Part]) -> list[Part]:
    """Literal text one character at a time; a placeholder stays one opaque unit."""
    units: list[Part] = []
    for part in parts:
        units += list(part) if isinstance(part, str) else [part]
    return units


def _join(units: Sequence[Part]) -> tuple[Part, ...]:
    parts: list[Part] = []
    for unit in units:
        if isinstance(unit, str) and parts and isinstance(parts[-1], str):
            parts[-1] += unit
        else:
            parts.append(unit)
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    return tuple(part for part in parts if part != "")


def _names_the_subject_only(units: Sequence[Part]) -> bool:
    """``task `{function}``` or ``beat entry `{key}```: a few words and one code span, no fact."""
    ticks = [index for index, unit in enumerate(units) if unit == "`"]
    if len(ticks) != 2 or ticks[1] != len(units) - 1:
        return False
    lead = units[: ticks[0]]
    plain = [unit for unit in lead if isinstance(unit, str)]
    return len(plain) == len(lead) and len("".join(plain).split()) <= _SUBJECT_WORDS


def short_parts(parts: Sequence[Part]) -> tuple[Part, ...] | None:
    """The template parts of the short form; None when it is the whole message."""
    units = _units(parts)
    kept: list[Part] = []
    aside: list[Part] | None = None  # a top-level "(...)" being left out
    code, depth, cut = False, 0, False
    for index, unit in enumerate(units):
        if unit == "`":
            code = not code
        elif code or not isinstance(unit, str):
            pass
        elif unit == "(":
            depth += 1
            if depth == 1 and kept[-1:] == [" "]:
                kept.pop()
                aside = []
        elif unit == ")" and depth:
            depth -= 1
            if depth == 0 and aside is not None:
                aside = None
                continue
        elif (
            depth == 0
            and unit in ":;"
            and units[index + 1 : index + 2] == [" "]
            and not _names_the_subject_only(kept)
        ):
            cut = True
            break
        (kept if aside is None else aside).append(unit)
    if aside is not None:  # never closed: not an aside after all
        kept += [" ", *aside]
    short = _join(kept)
    return short if cut or short != _join(units) else None
