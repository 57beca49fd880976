"""A beat entry's ``schedule`` as a fact: its kind, its fields and what it means in words.

Reads the shapes of Celery's "Periodic Tasks" guide and ``celery/schedules.py``:
a number of seconds, ``datetime.timedelta``, ``schedule(run_every=...)``,
``crontab(minute, hour, day_of_week, day_of_month, month_of_year)`` (every
field ``"*"`` unless given), ``crontab.from_string("m h dom mon dow")`` and
``solar(event, lat, lon)``. ``partial`` is rule TA806: a larger crontab field
given without the smaller ones, so it fires more often than it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeGuard

from taskaudit.celery import crontab
from taskaudit.core.values import Call, Seq, Unknown, Value, render

Kind = Literal["crontab", "interval", "solar", "unknown"]
RUN_TIME = "schedule computed at run time"
_TIMEDELTA = ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")
_SECONDS = (86400, 1, 1e-6, 1e-3, 60, 3600, 604800)
_UNITS = (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60))
_SOLAR = {
    "dawn_astronomical": "astronomical dawn",
    "dawn_nautical": "nautical dawn",
    "dawn_civil": "civil dawn",
    "sunrise": "sunrise",
    "solar_noon": "solar noon",
    "sunset": "sunset",
    "dusk_civil": "civil dusk",
    "dusk_nautical": "nautical dusk",
    "dusk_astronomical": "astronomical dusk",
}


@dataclass(frozen=True, slots=True)
class CrontabFields:
    """Each field as Celery receives it (``"?"`` when computed at run time)."""

    minute: str = "*"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"


@dataclass(frozen=True, slots=True)
class Schedule:
    kind: Kind
    words: str
    text: str  # source-like, e.g. "crontab(hour=3, minute=0)"
    crontab: CrontabFields | None = None
    seconds: float | None = None
    partial: tuple[str, ...] = ()  # the smaller crontab fields left at "*"


def parse_schedule(value: Value) -> Schedule:
    text = render(value)
    if _is_number(value):
        return _interval(float(value), text)
    if not isinstance(value, Call):
        return Schedule("unknown", RUN_TIME, text)
    if value.func == "datetime.timedelta":
        return _interval(_timedelta(value), text)
    if value.func == "celery.schedules.crontab.from_string":
        spec = value.args[0] if value.args else Unknown("no argument")
        if not isinstance(spec, str):
            return Schedule("crontab", RUN_TIME, text, CrontabFields("?", "?", "?", "?", "?"))
        # Celery splits on single spaces, so a doubled space is a sixth, empty field.
        fields = spec.split(" ")
        if len(fields) != 5:
            return Schedule("crontab", f"invalid crontab: {spec!r} is not 5 fields", text)
        minute, hour, day_of_month, month_of_year, day_of_week = fields
        order = (minute, hour, day_of_week, day_of_month, month_of_year)
        return _crontab(dict(zip(crontab.FIELDS, order, strict=True)), text)
    if value.func.startswith("celery.") and value.leaf == "crontab":
        given = dict(zip(crontab.FIELDS, value.args, strict=False))
        given.update((k, v) for k, v in value.kwargs if k in crontab.FIELDS)
        return _crontab(given, text)
    if value.func.startswith("celery.") and value.leaf == "schedule":
        every = value.args[0] if value.args else value.kwarg("run_every")
        inner = parse_schedule(every)
        seconds = inner.seconds if inner.kind == "interval" else None
        return _interval(seconds, text)
    if value.func.startswith("celery.") and value.leaf == "solar":
        return _solar(value, text)
    return Schedule("unknown", RUN_TIME, text)


def interval_words(seconds: float) -> str:
    """``every 15 minutes``: the largest unit that divides the interval exactly."""
    for unit, size in _UNITS:
        if seconds > 0 and seconds % size == 0:
            count = int(seconds // size)
            return f"every {unit}" if count == 1 else f"every {count} {unit}s"
    if seconds == 1:
        return "every second"
    shown = int(seconds) if float(seconds).is_integer() else seconds
    return f"every {shown} seconds"


def _interval(seconds: float | None, text: str) -> Schedule:
    if seconds is None:
        return Schedule("interval", RUN_TIME, text)
    return Schedule("interval", interval_words(seconds), text, seconds=seconds)


def _timedelta(call: Call) -> float | None:
    parts = list(zip(_TIMEDELTA, call.args, strict=False)) + list(call.kwargs)
    total = 0.0
    for name, amount in parts:
        if name not in _TIMEDELTA or not _is_number(amount):
            return None
        total += float(amount) * _SECONDS[_TIMEDELTA.index(name)]
    # Float sums such as 0.1 + 0.2 must not print as 0.30000000000000004.
    return round(total, 6)


def _crontab(given: dict[str, Value], text: str) -> Schedule:
    specs: dict[str, str | int | tuple[int, ...] | None] = {
        name: _spec(given[name]) if name in given else "*" for name in crontab.FIELDS
    }
    fields = CrontabFields(*(_field_text(specs[name]) for name in crontab.FIELDS))
    literal = " ".join(f"{name}={getattr(fields, name)}" for name in crontab.FIELDS)
    literal = " ".join(part for part in literal.split() if not part.endswith("=*"))
    minute = specs["minute"]
    try:
        if any(spec is None for spec in specs.values()):
            return Schedule("crontab", RUN_TIME, text, fields, partial=_partial(given, None))
        values = {
            name: crontab.expand(name, spec) for name, spec in specs.items() if spec is not None
        }
    except crontab.InvalidField:
        return Schedule(
            "crontab", f"invalid crontab: {literal}", text, fields, partial=_partial(given, None)
        )
    words = crontab.words(values) or f"crontab {literal}"
    partial = _partial(given, len(values["minute"]) if minute is not None else None)
    return Schedule("crontab", words, text, fields, partial=partial)


def _partial(given: dict[str, Value], minutes: int | None) -> tuple[str, ...]:
    """TA806. A repeating minute (``*/15``) shows the user wants repetition, so a
    missing hour is then deliberate; an unknown minute is not judged."""
    largest = max((crontab.FIELDS.index(name) for name in given), default=-1)
    missing = []
    if largest >= 1 and "minute" not in given:
        missing.append("minute")
    if largest >= 2 and "hour" not in given and ("minute" not in given or minutes == 1):
        missing.append("hour")
    return tuple(missing)


def _spec(value: Value) -> str | int | tuple[int, ...] | None:
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, Seq) and all(type(item) is int for item in value.items):
        return tuple(item for item in value.items if isinstance(item, int))
    return None


def _field_text(spec: str | int | tuple[int, ...] | None) -> str:
    if spec is None:
        return "?"
    if isinstance(spec, tuple):
        return ",".join(str(item) for item in spec)
    return str(spec)


def _solar(call: Call, text: str) -> Schedule:
    names = ("event", "lat", "lon")
    args = dict(zip(names, call.args, strict=False)) | {k: v for k, v in call.kwargs if k in names}
    event, lat, lon = (args.get(name, Unknown("missing")) for name in names)
    if not (isinstance(event, str) and _is_number(lat) and _is_number(lon)):
        return Schedule("solar", RUN_TIME, text)
    if event not in _SOLAR:
        return Schedule("solar", f"invalid solar event {event!r}", text)
    return Schedule("solar", f"at {_SOLAR[event]} ({lat}, {lon})", text)


def _is_number(value: Value) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
