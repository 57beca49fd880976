"""A beat entry's ``schedule`` value as a fact: kind, fields, seconds, words, TA806."""

from __future__ import annotations

import pytest

from taskaudit.celery.schedules import RUN_TIME, CrontabFields, Schedule, parse_schedule
from taskaudit.core.values import Call, Ref, Seq, Unknown, Value

CRONTAB = "celery.schedules.crontab"


def cron(*args: Value, **kwargs: Value) -> Call:
    return Call(CRONTAB, args, tuple(kwargs.items()))


def delta(*args: Value, **kwargs: Value) -> Call:
    return Call("datetime.timedelta", args, tuple(kwargs.items()))


def test_crontab_fact_in_full() -> None:
    assert parse_schedule(cron(hour=3, minute=0)) == Schedule(
        kind="crontab",
        words="daily at 03:00",
        text="crontab(hour=3, minute=0)",
        crontab=CrontabFields(minute="0", hour="3"),
    )


CRONTAB_WORDS = [
    (cron(minute=15, hour=5, day_of_week=1), "Mondays at 05:15"),
    (cron(minute="*/15"), "every 15 minutes"),
    (cron(0, 3), "daily at 03:00"),
    (cron(0, 7, "mon-fri"), "weekdays at 07:00"),
    (cron(minute=Seq((0, 30), "list")), "every 30 minutes"),
    (cron(minute=0, hour=Seq((3, 15), "list")), "daily at 03:00 and 15:00"),
    (cron(minute=0, hour=0, day_of_month=1), "monthly on day 1 at 00:00"),
    (cron(), "every minute"),
    (Call("celery.crontab", (), (("minute", 0),)), "hourly at :00"),
    (cron(minute="*/7"), "crontab minute=*/7"),
    (
        cron(minute=0, hour=3, day_of_week=1, day_of_month="1-7"),
        "crontab minute=0 hour=3 day_of_week=1 day_of_month=1-7",
    ),
    (cron(minute=0, hour=24), "invalid crontab: minute=0 hour=24"),
    (cron(minute="*/0"), "invalid crontab: minute=*/0"),
    (cron(minute=Call("os.getenv", ("M",))), RUN_TIME),
    (cron(minute=Unknown("settings.BEAT_MINUTE")), RUN_TIME),
    # nowfun and app are not fields.
    (cron(hour=3, minute=0, nowfun=Ref("django.utils.timezone.now")), "daily at 03:00"),
]


@pytest.mark.parametrize(("value", "expected"), CRONTAB_WORDS)
def test_crontab_words(value: Call, expected: str) -> None:
    schedule = parse_schedule(value)
    assert (schedule.kind, schedule.words) == ("crontab", expected)


def test_crontab_fields_as_written() -> None:
    fields = parse_schedule(cron("*/5", Seq((8, 20), "list"), "mon-fri", day_of_month=Unknown("x")))
    assert fields.crontab == CrontabFields("*/5", "8,20", "mon-fri", "?", "*")


FROM_STRING = [
    # minute hour day-of-month month day-of-week, as cron writes them.
    ("0 3 * * 1", "Mondays at 03:00", CrontabFields("0", "3", "1", "*", "*")),
    ("*/5 * * * *", "every 5 minutes", CrontabFields("*/5")),
    ("0 0 1 1 *", "yearly on 1 January at 00:00", CrontabFields("0", "0", "*", "1", "1")),
]


@pytest.mark.parametrize(("spec", "expected", "fields"), FROM_STRING)
def test_crontab_from_string(spec: str, expected: str, fields: CrontabFields) -> None:
    schedule = parse_schedule(Call(f"{CRONTAB}.from_string", (spec,)))
    assert (schedule.words, schedule.crontab, schedule.partial) == (expected, fields, ())


def test_crontab_from_string_celery_cannot_split() -> None:
    # Celery splits on single spaces and unpacks five fields.
    double = parse_schedule(Call(f"{CRONTAB}.from_string", ("0  3 * * *",)))
    short = parse_schedule(Call(f"{CRONTAB}.from_string", ("0 3 *",)))
    computed = parse_schedule(Call(f"{CRONTAB}.from_string", (Unknown("env"),)))
    assert double.words == "invalid crontab: '0  3 * * *' is not 5 fields"
    assert short.words == "invalid crontab: '0 3 *' is not 5 fields"
    assert (computed.words, computed.crontab) == (RUN_TIME, CrontabFields("?", "?", "?", "?", "?"))


INTERVALS = [
    (30, "every 30 seconds", 30.0),
    (30.0, "every 30 seconds", 30.0),
    (1, "every second", 1.0),
    (0.5, "every 0.5 seconds", 0.5),
    (60, "every minute", 60.0),
    (90, "every 90 seconds", 90.0),
    (7200.0, "every 2 hours", 7200.0),
    (1209600, "every 2 weeks", 1209600.0),
    (delta(minutes=15), "every 15 minutes", 900.0),
    (delta(hours=1), "every hour", 3600.0),
    (delta(1), "every day", 86400.0),
    (delta(0, 30), "every 30 seconds", 30.0),
    (delta(minutes=1, seconds=30), "every 90 seconds", 90.0),
    (delta(hours=1.5), "every 90 minutes", 5400.0),
    (delta(milliseconds=500), "every 0.5 seconds", 0.5),
    (delta(seconds=0.1, microseconds=200000), "every 0.3 seconds", 0.3),
    (Call("celery.schedules.schedule", (delta(minutes=5),)), "every 5 minutes", 300.0),
    (Call("celery.schedules.schedule", (), (("run_every", 30),)), "every 30 seconds", 30.0),
]


@pytest.mark.parametrize(("value", "expected", "seconds"), INTERVALS)
def test_intervals(value: Value, expected: str, seconds: float) -> None:
    schedule = parse_schedule(value)
    assert (schedule.kind, schedule.words, schedule.seconds) == ("interval", expected, seconds)


def test_interval_computed_at_run_time() -> None:
    for value in (delta(minutes=Call("int", ("5",))), Call("celery.schedules.schedule")):
        schedule = parse_schedule(value)
        assert (schedule.kind, schedule.words, schedule.seconds) == ("interval", RUN_TIME, None)


SOLAR = [
    (("sunset", -37.81, 144.96), (), "at sunset (-37.81, 144.96)"),
    ((), (("event", "dawn_civil"), ("lat", 0), ("lon", 0)), "at civil dawn (0, 0)"),
    (("solar_noon", 48.85, 2.35), (), "at solar noon (48.85, 2.35)"),
    (("noon", 1, 2), (), "invalid solar event 'noon'"),
    (("sunrise", Unknown("settings.LAT"), 2), (), RUN_TIME),
    (("sunrise",), (), RUN_TIME),
]


@pytest.mark.parametrize(("args", "kwargs", "expected"), SOLAR)
def test_solar(
    args: tuple[Value, ...], kwargs: tuple[tuple[str, Value], ...], expected: str
) -> None:
    schedule = parse_schedule(Call("celery.schedules.solar", args, kwargs))
    assert (schedule.kind, schedule.words) == ("solar", expected)


NOT_SCHEDULES = [
    # Look-alikes that are not Celery's: each is only known at run time.
    Call("myproject.schedules.crontab", (0, 3)),
    Call("django_celery_beat.models.CrontabSchedule", (), (("hour", 3),)),
    Ref("proj.settings.NIGHTLY"),
    Unknown("settings.SCHEDULE"),
    "0 3 * * *",
    True,
    None,
]


@pytest.mark.parametrize("value", NOT_SCHEDULES)
def test_not_a_static_schedule(value: Value) -> None:
    schedule = parse_schedule(value)
    assert (schedule.kind, schedule.words, schedule.crontab, schedule.seconds) == (
        "unknown",
        RUN_TIME,
        None,
        None,
    )


PARTIAL = [
    # TA806: a larger field without the smaller ones runs far more often.
    (cron(hour=7), ("minute",), "every minute from 07:00 to 07:59"),
    (cron(hour="*/2"), ("minute",), "crontab hour=*/2"),
    (cron(day_of_week=1), ("minute", "hour"), "every minute on Mondays"),
    (cron(minute=5, day_of_week=1), ("hour",), "hourly at :05 on Mondays"),
    (cron(day_of_month=1), ("minute", "hour"), "every minute on day 1 of each month"),
    (cron(minute=0, month_of_year=1), ("hour",), "hourly at :00 in January"),
    (cron(hour=3, day_of_week=Unknown("x")), ("minute",), RUN_TIME),
    # Near misses: every smaller field is given, or repetition is meant.
    (cron(minute=0, hour=7), (), "daily at 07:00"),
    (cron(minute="*", hour=7), (), "every minute from 07:00 to 07:59"),
    (cron(minute="*/5", day_of_week=1), (), "every 5 minutes on Mondays"),
    (cron(minute="0,30", day_of_month=1), (), "every 30 minutes on day 1 of each month"),
    (cron(minute=0), (), "hourly at :00"),
    (cron(), (), "every minute"),
    (cron(minute=Unknown("x"), day_of_week=1), (), RUN_TIME),
    (Call(f"{CRONTAB}.from_string", ("* 7 * * *",)), (), "every minute from 07:00 to 07:59"),
]


@pytest.mark.parametrize(("value", "partial", "expected"), PARTIAL)
def test_partial_crontab(value: Call, partial: tuple[str, ...], expected: str) -> None:
    schedule = parse_schedule(value)
    assert (schedule.partial, schedule.words) == (partial, expected)
