"""Crontab fields expanded as Celery 5.5 expands them, and put in words.

Every expansion below was checked against ``celery.schedules.crontab`` 5.5.3
in a throw-away virtualenv; the errors are the specs Celery rejects when the
schedule is built (or, for an empty list, when beat first reads it).
"""

from __future__ import annotations

import pytest

from taskaudit.celery.crontab import InvalidField, expand, words

ALL = {
    "minute": frozenset(range(60)),
    "hour": frozenset(range(24)),
    "day_of_week": frozenset(range(7)),
    "day_of_month": frozenset(range(1, 32)),
    "month_of_year": frozenset(range(1, 13)),
}

EXPANSIONS = [
    ("minute", "*/15", [0, 15, 30, 45]),
    ("minute", "1,13,30-35,50-59/2", [1, 13, 30, 31, 32, 33, 34, 35, 50, 52, 54, 56, 58]),
    ("hour", "0,8-17/2", [0, 8, 10, 12, 14, 16]),
    ("hour", "*/5", [0, 5, 10, 15, 20]),
    ("day_of_week", "mon-fri", [1, 2, 3, 4, 5]),
    ("day_of_week", "Mon-Wed", [1, 2, 3]),
    ("day_of_week", "sunday", [0]),
    ("day_of_week", "*/2", [0, 2, 4, 6]),
    ("day_of_month", "2-30/4", [2, 6, 10, 14, 18, 22, 26, 30]),
    ("day_of_month", "1-3,15-17", [1, 2, 3, 15, 16, 17]),
    ("month_of_year", "*/3", [1, 4, 7, 10]),
    ("month_of_year", "2-12/2", [2, 4, 6, 8, 10, 12]),
    ("month_of_year", "jan-mar", [1, 2, 3]),
    ("minute", 7, [7]),
    ("minute", (0, 30), [0, 30]),
    # A range whose end is below its start wraps around the cycle.
    ("day_of_week", "fri-mon", [0, 1, 5, 6]),
    ("hour", "22-2", [0, 1, 2, 22, 23]),
    ("month_of_year", "dec-feb", [1, 2, 12]),
    ("day_of_month", "31-1", [1, 31]),
    # Names are read by three letters, as a month first: "jan" is 1, Monday.
    ("day_of_week", "jan", [1]),
    ("minute", "mon", [1]),
    # Celery reads numbers with int(): a sign, spaces and underscores pass.
    ("minute", "+5", [5]),
    ("minute", " 5", [5]),
    ("minute", "1_0", [10]),
    # Patterns are matched at the start only: the tail after a step is dropped.
    ("minute", "1-5/2-3", [1, 3, 5]),
    ("hour", "*/24", [0]),
    ("hour", "*/25", [0]),
    ("minute", "3-3", [3]),
]


@pytest.mark.parametrize(("field", "spec", "expected"), EXPANSIONS)
def test_expand_like_celery(
    field: str, spec: str | int | tuple[int, ...], expected: list[int]
) -> None:
    assert sorted(expand(field, spec)) == expected


REJECTED = [
    ("day_of_week", "7"),
    ("day_of_month", "0"),
    ("month_of_year", "0-3"),
    ("minute", "60"),
    ("hour", 24),
    ("minute", (0, 60)),
    ("minute", "*/0"),
    ("minute", "*/"),
    ("minute", "1-5/"),
    ("minute", ""),
    ("minute", "1,,2"),
    ("minute", "-1"),
    ("minute", "5/2"),
    ("minute", "*foo"),
    ("minute", "²"),
    ("day_of_week", "weekday"),
    # Celery builds this one, then beat fails on max() of no minutes.
    ("minute", ()),
]


@pytest.mark.parametrize(("field", "spec"), REJECTED)
def test_specs_celery_rejects(field: str, spec: str | int | tuple[int, ...]) -> None:
    with pytest.raises(InvalidField):
        expand(field, spec)


def fields(**given: str | int) -> dict[str, frozenset[int]]:
    return ALL | {name: expand(name, spec) for name, spec in given.items()}


WORDS = [
    ({}, "every minute"),
    ({"minute": 0, "hour": 3}, "daily at 03:00"),
    ({"minute": 15, "hour": 5, "day_of_week": 1}, "Mondays at 05:15"),
    ({"minute": "*/15"}, "every 15 minutes"),
    ({"minute": 0}, "hourly at :00"),
    ({"minute": "7,37"}, "hourly at :07 and :37"),
    ({"minute": 30, "hour": "*/2"}, "every 2 hours at :30"),
    ({"minute": 0, "hour": "9,17"}, "daily at 09:00 and 17:00"),
    ({"minute": "0,30", "hour": "9-17"}, "every 30 minutes from 09:00 to 17:30"),
    ({"minute": "*/10", "hour": "8-18"}, "every 10 minutes from 08:00 to 18:50"),
    ({"minute": "*", "hour": 7}, "every minute from 07:00 to 07:59"),
    ({"minute": 0, "hour": "1-7"}, "hourly at :00 from 01:00 to 07:00"),
    ({"minute": 0, "hour": 7, "day_of_week": "mon-fri"}, "weekdays at 07:00"),
    ({"minute": 0, "hour": 7, "day_of_week": "sat,sun"}, "weekends at 07:00"),
    (
        {"minute": 0, "hour": 3, "day_of_week": "mon,wed,fri"},
        "Mondays, Wednesdays and Fridays at 03:00",
    ),
    # The week is said from Monday, whatever the order written.
    ({"minute": 0, "hour": 3, "day_of_week": "sun,mon"}, "Mondays and Sundays at 03:00"),
    ({"minute": 0, "hour": 3, "day_of_week": 0}, "Sundays at 03:00"),
    ({"minute": "*/5", "day_of_week": 1}, "every 5 minutes on Mondays"),
    ({"minute": 5, "day_of_week": 1}, "hourly at :05 on Mondays"),
    ({"minute": 0, "hour": 0, "day_of_month": 1}, "monthly on day 1 at 00:00"),
    ({"minute": 0, "hour": 3, "day_of_month": "1,15"}, "monthly on days 1 and 15 at 03:00"),
    (
        {"minute": 0, "hour": 0, "day_of_month": 1, "month_of_year": 1},
        "yearly on 1 January at 00:00",
    ),
    ({"minute": 0, "hour": 3, "month_of_year": "1,7"}, "daily in January and July at 03:00"),
    (
        {"minute": 0, "hour": 3, "day_of_month": 1, "month_of_year": "*/3"},
        "on day 1 of January, April, July and October at 03:00",
    ),
    # Five runs a day, not "every 5 hours": 20:00 to 00:00 is four.
    ({"minute": 0, "hour": "*/5"}, "daily at 00:00, 05:00, 10:00, 15:00 and 20:00"),
]


@pytest.mark.parametrize(("given", "expected"), WORDS)
def test_words(given: dict[str, str | int], expected: str) -> None:
    assert words(fields(**given)) == expected


NO_SHORT_PHRASE = [
    # 56 to 0 is four minutes, so this is not "every 7 minutes".
    {"minute": "*/7"},
    {"minute": "*/15", "hour": "*/2"},
    {"minute": "1,2,3,4,5"},
    # Celery needs both day fields to match: the first Monday of the month.
    {"minute": 0, "hour": 3, "day_of_week": 1, "day_of_month": "1-7"},
    {"minute": 0, "hour": 3, "day_of_month": "1-5"},
    {"minute": 0, "hour": 3, "month_of_year": "1-5"},
    {"minute": 0, "hour": "1,3,4,6,8,9,11"},
]


@pytest.mark.parametrize("given", NO_SHORT_PHRASE)
def test_no_phrase_rather_than_an_approximate_one(given: dict[str, str | int]) -> None:
    assert words(fields(**given)) is None
