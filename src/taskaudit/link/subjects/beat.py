"""The ``beat_entry`` and ``beat_place`` subjects: the beat schedule and where it is written.

Entries come from ``beat_schedule`` dicts (Django ``CELERY_BEAT_SCHEDULE``,
``app.conf.beat_schedule``) and ``add_periodic_task`` calls; a place is a
file that defines entries (several dicts in one module are one place).
Places are ranked within one configuration: alternative Django settings
modules (``link.beat.settings_variants``) each make their own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from taskaudit.core.values import Unknown
from taskaudit.link.model import BeatItem, Project
from taskaudit.link.seen import registry_hides
from taskaudit.link.subjects.kind import Kind
from taskaudit.rules.subjects import FieldValue, Subject, Undecidable


@dataclass(frozen=True, slots=True)
class EntryContext:
    item: BeatItem
    project: Project


def _task_known(c: EntryContext) -> FieldValue:
    item = c.item
    if item.task is not None:
        return True
    if item.task_name is None:
        return Undecidable("task named by a computed value")
    return registry_hides(c.project.coverage.of("registry"), item.task_name)


def _comment(c: EntryContext) -> FieldValue:
    """The owner/reason comment; undecidable for an entry generated at run time.

    An entry whose key or task is computed (one per plugin, per statistic, per
    environment row) is a template: whether the entries it makes are owned and
    explained cannot be read from the one place that builds them all.
    """
    entry = c.item.entry
    if isinstance(entry.key, Unknown):
        return Undecidable(f"beat entry key computed at run time ({entry.key.reason})")
    if c.item.task is None and c.item.task_name is None:
        return Undecidable("beat entry whose task is named by a computed value")
    return entry.comment


BEAT_ENTRY: Kind[EntryContext] = Kind("beat_entry")
_entry = BEAT_ENTRY.add
# fmt: off
_entry("key", "str", "schedule key (or `add_periodic_task` name)", lambda c: c.item.key)
_entry("task", "str", "the task name the entry fires", lambda c: c.item.task_name)
_entry("task.known", "bool", "a scanned declaration registers that name", _task_known)
_entry("schedule", "str", "the schedule as written", lambda c: c.item.schedule_text)
_entry("schedule.words", "str", "the schedule in words (`daily at 03:00`)",
       lambda c: c.item.schedule_words)
_entry("schedule.partial", "list[str]", "crontab fields missing below a given larger field",
       lambda c: c.item.partial)
_entry("comment", "str",
       "owner/reason comment above the entry, on its first line or inside it "
       "(undecidable when the entry's key or task is computed at run time)", _comment)
_entry("source", "str", "dict or add_periodic_task", lambda c: c.item.entry.source)
_entry("named", "bool", "an `add_periodic_task` call passes `name=` (dict entries: always)",
       lambda c: c.item.entry.source == "dict" or c.item.entry.key is not None)
_entry("container", "str", "the variable or setting holding the entry",
       lambda c: c.item.entry.container)
_entry("place", "str", "the file that defines the entry", lambda c: c.item.place)
_entry("conditional", "bool", "defined under an `if`/`try`: may not be in effect",
       lambda c: c.item.entry.conditional)
# fmt: on


@dataclass(frozen=True, slots=True)
class PlaceContext:
    place: str
    path: str
    entries: int
    rank: int
    places: int
    main: str


BEAT_PLACE: Kind[PlaceContext] = Kind("beat_place")
_place = BEAT_PLACE.add
# fmt: off
_place("place", "str", "a file that defines beat entries", lambda c: c.place)
_place("path", "str", "file defining the entries", lambda c: c.path)
_place("entries", "int", "number of entries defined there", lambda c: c.entries)
_place("rank", "int", "1 for the place holding most entries, then 2, 3...", lambda c: c.rank)
_place("places", "int", "how many places define beat entries", lambda c: c.places)
_place("main", "str", "the place of rank 1: where most entries are defined", lambda c: c.main)
# fmt: on


def beat_subjects(project: Project) -> Iterator[Subject]:
    for item in project.beat:
        context = EntryContext(item, project)
        yield BEAT_ENTRY.subject(context, item.entry.location, f"beat:{item.key}")
    for place, where in sorted(_places(project.beat).items()):
        first = min(b.entry.location for b in project.beat if b.place == place)
        yield BEAT_PLACE.subject(where, first, f"beat-place:{place}")


def _places(beat: Sequence[BeatItem]) -> dict[str, PlaceContext]:
    """Each place ranked within the configurations it is part of; its worst rank wins.

    Alternative settings modules (``production``, ``docker``) are separate
    configurations: each shows its own whole schedule, so places are counted
    within one configuration, never added up across them.
    """
    variants = sorted({v for b in beat for v in b.variants})
    groups = [[b for b in beat if not b.variants or v in b.variants] for v in variants]
    chosen: dict[str, PlaceContext] = {}
    for group in groups or [list(beat)]:
        places = Counter(b.place for b in group)
        ordered = sorted(places.items(), key=lambda p: (-p[1], p[0]))
        ranking = {place: i + 1 for i, (place, _) in enumerate(ordered)}
        main = ordered[0][0] if ordered else ""
        for place, count in places.items():
            where = PlaceContext(place, place, count, ranking[place], len(places), main)
            known = chosen.get(place)
            if known is None or (where.rank, where.places) > (known.rank, known.places):
                chosen[place] = where
    return chosen
