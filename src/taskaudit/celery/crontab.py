"""A ``crontab()`` schedule's fields expanded as Celery does, and said in words.

Field grammar and ranges follow ``celery/schedules.py`` (``crontab_parser``,
``crontab._expand_cronspec``): ``*``, ``*/n``, ``a-b``, ``a-b/n``, numbers and
comma lists; a range whose end is below its start wraps around; a name is
read by its first three letters, as a month first, then as a weekday
(0 = Sunday). Celery fires when the month, the day of the month *and* the day
of the week all match. Anything the words cannot say exactly falls back to
the literal fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

FIELDS = ("minute", "hour", "day_of_week", "day_of_month", "month_of_year")
_SPANS = {
    "minute": (0, 60),
    "hour": (0, 24),
    "day_of_week": (0, 7),
    "day_of_month": (1, 31),
    "month_of_year": (1, 12),
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_PARTS = (
    (re.compile(r"(\w+?)-(\w+)/(\w+)?"), "range-step"),
    (re.compile(r"(\w+?)-(\w+)"), "range"),
    (re.compile(r"\*/(\w+)?"), "star-step"),
    (re.compile(r"\*$"), "star"),
)


class InvalidField(ValueError):
    """Celery would reject this field when the schedule is built."""


def expand(field: str, spec: str | int | tuple[int, ...]) -> frozenset[int]:
    """The values ``field`` fires on; raises ``InvalidField`` where Celery raises."""
    low, size = _SPANS[field]
    if isinstance(spec, int):
        values = {spec}
    elif isinstance(spec, tuple):
        values = set(spec)
    else:
        values = set()
        for part in spec.split(","):
            values.update(_part(part, low, size))
    if not values:
        raise InvalidField(f"{field} has no values")
    if any(v < low or v >= low + size for v in values):
        raise InvalidField(f"{field} out of range {low}-{low + size - 1}")
    return frozenset(values)


def _part(part: str, low: int, size: int) -> list[int]:
    if not part:
        raise InvalidField("empty part")
    everything = list(range(low, low + size))
    for pattern, kind in _PARTS:
        match = pattern.match(part)
        if match is None:
            continue
        groups = match.groups()
        if kind == "star":
            return everything
        if kind == "star-step":
            return everything[:: _step(groups[0])]
        span = _range(groups[0], groups[1], low, size)
        return span[:: _step(groups[2])] if kind == "range-step" else span
    return [_number(part, low, size)]


def _range(first: str, last: str, low: int, size: int) -> list[int]:
    start, end = _number(first, low, size), _number(last, low, size)
    if end < start:
        return list(range(start, low + size)) + list(range(low, end + 1))
    return list(range(start, end + 1))


def _step(text: str | None) -> int:
    if not text or not text.isdigit() or int(text) == 0:
        raise InvalidField(f"bad step {text!r}")
    return int(text)


def _number(text: str, low: int, size: int) -> int:
    if text.startswith("-"):
        raise InvalidField("negative numbers are not supported")
    try:
        # int() as Celery calls it: "+5", " 5" and "1_0" are numbers, "²" is not.
        value = int(text)
    except ValueError:
        value = _name(text)
    if value >= low + size:
        raise InvalidField(f"{value} is past the end of the range")
    return value


def _name(text: str) -> int:
    abbreviation = text[:3].lower()
    if abbreviation in _MONTHS:
        return _MONTHS.index(abbreviation) + 1
    if abbreviation in _DAYS:
        return _DAYS.index(abbreviation)
    raise InvalidField(f"not a number or a name: {text!r}")


def words(values: Mapping[str, frozenset[int]]) -> str | None:
    """``daily at 03:00`` and the like, or None when no exact short phrase fits."""
    time = _time(values["minute"], values["hour"])
    days = _days(values["day_of_week"], values["day_of_month"], values["month_of_year"])
    if time is None or days is None:
        return None
    phrase, at_times = time
    lead, trail = days
    if at_times:
        return f"{lead} at {phrase}"
    return f"{phrase} {trail}" if trail else phrase


def _time(minutes: frozenset[int], hours: frozenset[int]) -> tuple[str, bool] | None:
    """The time of day, and whether it is a list of clock times (``at 09:30``)."""
    m_step, h_step = _every(minutes, 60), _every(hours, 24)
    marks = _join(f":{m:02d}" for m in sorted(minutes))
    if len(hours) == 24:
        if len(minutes) == 60:
            return "every minute", False
        if m_step:
            return f"every {m_step} minutes", False
        return (f"hourly at {marks}", False) if len(minutes) <= 4 else None
    if len(minutes) == 1 and h_step:
        return f"every {h_step} hours at {marks}", False
    if len(minutes) <= 2 and len(minutes) * len(hours) <= 6:
        return _join(f"{h:02d}:{m:02d}" for h in sorted(hours) for m in sorted(minutes)), True
    first, last = min(hours), max(hours)
    if last - first + 1 != len(hours):
        return None
    span = f"from {first:02d}:{min(minutes):02d} to {last:02d}:{max(minutes):02d}"
    if len(minutes) == 60:
        return f"every minute {span}", False
    if m_step:
        return f"every {m_step} minutes {span}", False
    return (f"hourly at {marks} {span}", False) if len(minutes) <= 4 else None


def _days(
    weekdays: frozenset[int], monthdays: frozenset[int], months: frozenset[int]
) -> tuple[str, str] | None:
    """How to say the days: before a clock time, and after a repeating phrase."""
    in_months = ""
    if len(months) < 12:
        if len(months) > 4:
            return None
        in_months = _join(_MONTH_NAMES[m - 1] for m in sorted(months))
    if len(weekdays) < 7:
        if len(monthdays) < 31:
            return None
        names = _weekdays(weekdays)
        where = f" in {in_months}" if in_months else ""
        return names + where, f"on {names}{where}"
    if len(monthdays) < 31:
        if len(monthdays) > 4:
            return None
        noun = "day" if len(monthdays) == 1 else "days"
        listed = _join(str(d) for d in sorted(monthdays))
        if not in_months:
            return f"monthly on {noun} {listed}", f"on {noun} {listed} of each month"
        if len(monthdays) == 1 and len(months) == 1:
            return f"yearly on {listed} {in_months}", f"on {listed} {in_months}"
        return f"on {noun} {listed} of {in_months}", f"on {noun} {listed} of {in_months}"
    return ("daily", "") if not in_months else (f"daily in {in_months}", f"in {in_months}")


def _weekdays(days: frozenset[int]) -> str:
    if days == frozenset(range(1, 6)):
        return "weekdays"
    if days == frozenset({0, 6}):
        return "weekends"
    return _join(_DAY_NAMES[d] + "s" for d in sorted(days, key=lambda d: (d - 1) % 7))


def _every(values: frozenset[int], size: int) -> int | None:
    """``n`` when ``values`` is exactly every n-th unit and n divides the cycle evenly."""
    for step in range(2, size):
        if size % step == 0 and values == frozenset(range(0, size, step)):
            return step
    return None


def _join(items: Iterable[str]) -> str:
    parts = list(items)
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
