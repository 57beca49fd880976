"""How successive writes to one Celery setting combine into a single static value.

A setting is read from several maps in a fixed order (``settings.resolve``
ranks them as tiers; the lowest tier present wins, as in Celery's
``ConfigurationView``). Within a tier, a later write replaces an earlier one,
and a partial update (``CELERY_X["k"] = v``, ``CELERY_X.update({...})``) merges
into the dict set so far, as Python would.

A conditional write (inside ``if``/``try``) may or may not run, so the tier
keeps every value it may hold. If/else branches are not paired: two branches
assigning the same value still leave "unset" possible, unless an
unconditional write came first. The setting is known only when every
possible value is the same; otherwise it is ``Unknown("set conditionally")``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.core.values import Dict, Unknown, Value

DEFAULT_TIER = 99  # Celery's defaults map, which app-side dict updates may mutate
MUTATE = -1  # a partial update of whatever value the app currently reads
# (``conf-mutate``, an unknown in-place change, leaves it unknown with its own reason)
PARTIAL_VIAS = frozenset({"item", "update-call"})


@dataclass(frozen=True, slots=True)
class _Absent:
    """This tier may not set the setting at all."""


ABSENT = _Absent()
Candidate = Value | _Absent


@dataclass(frozen=True, slots=True)
class Slot:
    candidates: tuple[Candidate, ...]
    via: str | None = None  # how the last write in this tier was made
    location: Location | None = None
    why: tuple[str, ...] = ()  # why a conditional write may not apply, when it is not an `if`


def apply(
    slots: dict[int, Slot],
    tier: int,
    write: tuple[str, Value, bool, Location],
    default: Value,
    why: str | None = None,
) -> None:
    """Record one write ``(via, value, conditional, location)`` at ``tier`` of one setting.

    ``why`` makes the write conditional for a reason other than an ``if``
    (a release that may not read it): the reason an unknown value gives.
    """
    via, value, conditional, location = write
    conditional = conditional or why is not None
    if tier == MUTATE:
        tier = min(slots, default=DEFAULT_TIER)
    slot = slots.get(tier, Slot((default,) if tier == DEFAULT_TIER else (ABSENT,)))
    if via == "conf-mutate" and slot.via == via:
        return  # already unknown from the first in-place change, the place worth naming
    new: tuple[Candidate, ...] = (value,)
    if via in PARTIAL_VIAS:
        # An absent tier is still a dict the module defines before updating it;
        # its starting content is what Celery would read without it.
        new = tuple(merge(default if isinstance(c, _Absent) else c, value) for c in slot.candidates)
    candidates = _distinct((*slot.candidates, *new)) if conditional else new
    reasons = (*slot.why, why) if why is not None and why not in slot.why else slot.why
    slots[tier] = Slot(candidates, via, location, reasons if conditional else ())


def combine(slots: Mapping[int, Slot], default: Value) -> tuple[Value, Slot | None]:
    """The value Celery reads across ``slots``, and the slot that decided it (None: the default)."""
    values: list[Candidate] = []
    decider: Slot | None = None
    why: list[str] = []
    for tier in sorted(slots):
        slot = slots[tier]
        present = [c for c in slot.candidates if not isinstance(c, _Absent)]
        values += present
        why += slot.why
        if present and decider is None:
            decider = slot
        if len(present) == len(slot.candidates):
            break
    else:
        values.append(default)
    distinct = _distinct(values)
    if len(distinct) == 1 and not isinstance(distinct[0], _Absent):
        return distinct[0], decider
    return Unknown(why[0] if why else "set conditionally"), decider


def merge(base: Value, update: Value) -> Value:
    """``base`` after ``base.update(update)``, when both are known dicts."""
    if isinstance(update, Unknown):
        return Unknown("partial update computed at run time")
    if isinstance(base, Unknown):
        return Unknown("partial update of a value computed at run time")
    if not isinstance(base, Dict) or not isinstance(update, Dict):
        return Unknown("partial update of a value that is not a dict")
    items = list(base.items)
    for key, value in update.items:
        if isinstance(key, Unknown):
            return Unknown("partial update with a key computed at run time")
        for i, (existing, _) in enumerate(items):
            if _same(existing, key):
                items[i] = (existing, value)
                break
        else:
            items.append((key, value))
    return Dict(tuple(items))


def _same(a: Candidate, b: Candidate) -> bool:
    # True == 1 in Python; a setting of True is not a setting of 1.
    return type(a) is type(b) and a == b


def _distinct(values: Iterable[Candidate]) -> tuple[Candidate, ...]:
    kept: list[Candidate] = []
    for value in values:
        if not any(_same(value, k) for k in kept):
            kept.append(value)
    return tuple(kept)
