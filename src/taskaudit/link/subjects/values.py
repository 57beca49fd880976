"""How a Celery value reads as a field: ``Unknown`` becomes ``Undecidable``, never a guess.

A rule over an undecidable field reports TA002 (with the reason) instead of
deciding either way.
"""

from __future__ import annotations

from collections.abc import Sequence

from taskaudit.core.values import Ref, Seq, Unknown, Value, render
from taskaudit.link.coverage import Gap
from taskaudit.rules.subjects import FieldValue, Undecidable


def undecidable(value: Unknown) -> Undecidable:
    return Undecidable(value.reason)


def as_bool(value: Value) -> FieldValue:
    if isinstance(value, Unknown):
        return undecidable(value)
    return bool(value) if value is not None else None


def as_number(value: Value) -> FieldValue:
    if isinstance(value, Unknown):
        return undecidable(value)
    if isinstance(value, bool) or value is None:
        return None
    # An int stays an int so messages say "1800", not "1800.0".
    return value if isinstance(value, int | float) else Undecidable("not a number")


def as_str(value: Value) -> FieldValue:
    if isinstance(value, Unknown):
        return undecidable(value)
    if value is None:
        return None
    return value if isinstance(value, str) else render(value)


def dotted_list(value: Value) -> FieldValue:
    """A class or a tuple of classes (``autoretry_for``) as dotted paths."""
    if isinstance(value, Unknown):
        return undecidable(value)
    items = value.items if isinstance(value, Seq) else (value,) if value is not None else ()
    out: list[str] = []
    for item in items:
        if isinstance(item, Unknown):
            return undecidable(item)
        out.append(item.qualname if isinstance(item, Ref) else render(item))
    return tuple(out)


def names(value: tuple[str, ...] | Unknown) -> FieldValue:
    return undecidable(value) if isinstance(value, Unknown) else value


def unless_unseen(value: FieldValue, gaps: Sequence[Gap]) -> FieldValue:
    """``value``, unless it says "absent" (false, none, zero) where a gap may hide the fact.

    What was seen is kept: a time limit on the task is there whatever the
    configuration says; its absence is only known when nothing was hidden.
    """
    if gaps and value in (False, None, 0, ()):
        return Undecidable(gaps[0].undecided())
    return value
