from __future__ import annotations

import ast

import pytest

from taskaudit.core.values import Call, Dict, Ref, Seq, Unknown, Value
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.literal import static_value

HEADER = """\
import datetime
import datetime as dt
import os
import re
from os import getenv
import environ
import environs
from decouple import config
from celery import crontab as top_crontab, schedules
from celery.schedules import crontab, solar
from celery.task.schedules import crontab as legacy_crontab
from datetime import timedelta
from django.conf import settings
from kombu import Exchange, Queue
env = environ.Env()
ENV2 = environs.Env()
HOURS = 3
NAME = "sync"
BASE = {"a": 1, "b": 2}
PAIR = (1, 2)
def helper(): ...
class Config: ...
if os.environ.get("PROD"):
    MAYBE = 2
"""


def value(expr: str, header: str = HEADER) -> Value:
    scope = build_scope(ast.parse(header), "proj.settings", False)
    return static_value(ast.parse(expr, mode="eval").body, scope)


CRONTAB = "celery.schedules.crontab"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("7", 7),
        ("-5", -5),
        ("+2.5", 2.5),
        ("'sync'", "sync"),
        ("None", None),
        ("False", False),
        ("(1,)", Seq((1,), "tuple")),
        ("[1, 'a']", Seq((1, "a"), "list")),
        ("{'x'}", Seq(("x",), "set")),
        ("frozenset({'x'})", Seq(("x",), "set")),
        ("tuple()", Seq((), "tuple")),
        ("list(PAIR)", Seq((1, 2), "list")),
        ("[*PAIR, 3]", Seq((1, 2, 3), "list")),
        ("{'a': 1, 'b': 2, 'a': 3}", Dict((("a", 3), ("b", 2)))),
        ("{**BASE, 'b': 9, 'c': 3}", Dict((("a", 1), ("b", 9), ("c", 3)))),
        ("dict(BASE, c=3)", Dict((("a", 1), ("b", 2), ("c", 3)))),
        ("dict(c=0, **BASE)", Dict((("c", 0), ("a", 1), ("b", 2)))),
        ("BASE | {'a': 0}", Dict((("a", 0), ("b", 2)))),
        ("BASE['b']", 2),
    ],
)
def test_literals_and_containers(expr: str, expected: Value) -> None:
    assert value(expr) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("HOURS", 3),
        ("HOURS * 60", 180),
        ("HOURS + 0.5", 3.5),
        ("HOURS - 4", -1),
        ("NAME + '.pull'", "sync.pull"),
        ("PAIR + (3,)", Seq((1, 2, 3), "tuple")),
        ("f'{NAME}.tasks.{HOURS}'", "sync.tasks.3"),
        ("f'{NAME!s}'", "sync"),
        ("Exception", Ref("Exception")),
        ("Queue", Ref("kombu.Queue")),
        ("helper", Ref("proj.settings.helper")),
        ("Config", Ref("proj.settings.Config")),
        ("os.sep", Ref("os.sep")),
    ],
)
def test_names_bound_to_literals_and_imports(expr: str, expected: Value) -> None:
    assert value(expr) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("crontab(minute=0, hour=HOURS)", Call(CRONTAB, (), (("minute", 0), ("hour", 3)))),
        ("top_crontab('*/15')", Call(CRONTAB, ("*/15",))),
        ("schedules.crontab(day_of_week='mon')", Call(CRONTAB, (), (("day_of_week", "mon"),))),
        ("legacy_crontab(minute=5)", Call(CRONTAB, (), (("minute", 5),))),
        ("solar('sunset', 48.8, 2.3)", Call("celery.schedules.solar", ("sunset", 48.8, 2.3))),
        ("timedelta(minutes=15)", Call("datetime.timedelta", (), (("minutes", 15),))),
        ("dt.timedelta(hours=1)", Call("datetime.timedelta", (), (("hours", 1),))),
        ("datetime.timedelta(seconds=30)", Call("datetime.timedelta", (), (("seconds", 30),))),
        (
            "Queue('heavy', Exchange('heavy'), routing_key='heavy')",
            Call(
                "kombu.Queue",
                ("heavy", Call("kombu.Exchange", ("heavy",))),
                (("routing_key", "heavy"),),
            ),
        ),
        ("re.compile(r'sync\\..*')", Call("re.compile", ("sync\\..*",))),
        # crontab.from_string splits on single spaces: minute hour dom month dow
        (
            "crontab.from_string('*/15 3 * * 1-5')",
            Call(CRONTAB, (), (("minute", "*/15"), ("hour", "3"), ("day_of_month", "*"),
                               ("month_of_year", "*"), ("day_of_week", "1-5"))),
        ),
        (
            "top_crontab.from_string(NAME.replace('sync', '0 1 2 3 4'))",
            Unknown("call to proj.settings.NAME.replace()"),
        ),
    ],
)  # fmt: skip
def test_calls_celery_defines_are_kept(expr: str, expected: Value) -> None:
    assert value(expr) == expected


NOT_FIVE = "is not five space-separated fields"


@pytest.mark.parametrize(
    ("expr", "reason"),
    [
        ("crontab.from_string('0 3 * *')", f"crontab.from_string('0 3 * *') {NOT_FIVE}"),
        ("crontab.from_string('0  3 * * *')", f"crontab.from_string('0  3 * * *') {NOT_FIVE}"),
        ("schedules.crontab.from_string(os.getenv('CRON'))", "environment variable CRON"),
        ("crontab.from_string(HOURS)", "crontab.from_string of a computed value"),
    ],
)  # fmt: skip
def test_crontab_from_string_that_celery_would_refuse_or_cannot_be_read(
    expr: str, reason: str
) -> None:
    assert value(expr) == Unknown(reason)


@pytest.mark.parametrize(
    ("expr", "reason"),
    [
        ("os.environ['BROKER_URL']", "environment variable BROKER_URL"),
        ("os.environ.get('BROKER_URL', 'redis://')", "environment variable BROKER_URL"),
        ("os.getenv('QUEUE')", "environment variable QUEUE"),
        ("getenv('QUEUE')", "environment variable QUEUE"),
        ("os.environ", "environment variable"),
        ("env('BROKER_URL')", "environment variable BROKER_URL"),
        ("env.int('CONCURRENCY', default=4)", "environment variable CONCURRENCY"),
        ("ENV2.bool('EAGER')", "environment variable EAGER"),
        ("config('TIME_LIMIT', cast=int)", "environment variable TIME_LIMIT"),
        ("environ.Env.read_env()", "environment variable ?"),
        ("settings.CELERY_QUEUE", "Django setting CELERY_QUEUE"),
    ],
)
def test_environment_and_django_settings_are_unknown(expr: str, reason: str) -> None:
    assert value(expr) == Unknown(reason)


@pytest.mark.parametrize(
    ("expr", "reason"),
    [
        # Near misses: look like values, but only exist at run time.
        ("MAYBE", "assigned conditionally"),
        ("undefined", "name 'undefined'"),
        ("b'raw'", "bytes literal"),
        ("obj.attr", "attribute 'attr'"),
        ("helper()", "call to proj.settings.helper()"),
        ("make()", "call"),
        ("os.path.join('a', 'b')", "call to os.path.join()"),
        ("crontab(*FIELDS)", "call to celery.schedules.crontab() with *args"),
        ("timedelta(**DELAY)", "call to datetime.timedelta() with **kwargs"),
        ("list(names)", "list() of a computed value"),
        ("dict(other)", "dict() of a computed value"),
        ("{**other}", "unpacked mapping"),
        ("(*other,)", "unpacked sequence"),
        ("BASE['missing']", "subscript"),
        ("PAIR[0]", "subscript"),
        ("HOURS / 2", "computed expression"),
        ("NAME * 2", "computed expression"),
        ("True + 1", "computed expression"),
        ("-NAME", "unaryop expression"),
        ("f'{NAME!r}'", "f-string with a computed part"),
        ("f'{HOURS:02d}'", "f-string with a computed part"),
        ("f'{other}.x'", "f-string with a computed part"),
        ("'a' if HOURS else 'b'", "ifexp expression"),
        ("NAME or 'default'", "boolop expression"),
        ("lambda: 1", "lambda expression"),
    ],
)
def test_run_time_values_are_unknown_with_a_reason(expr: str, reason: str) -> None:
    assert value(expr) == Unknown(reason)


def test_a_local_function_named_env_is_not_an_environment_reader() -> None:
    header = "def env(name):\n    return name.lower()\n"
    assert value("env('X')", header) == Unknown("call to proj.settings.env()")


def test_later_constants_see_earlier_ones_in_order() -> None:
    header = "A = 2\nB = A * 30\nC = f'q{B}'\nA = 'rebound'\n"
    assert (value("A", header), value("B", header), value("C", header)) == ("rebound", 60, "q60")


def test_augmented_assignments_rebind_the_name() -> None:
    header = (
        "ROUTES = {'a': 1}\nROUTES |= {'b': 2}\nLIMIT = 10\nLIMIT *= 6\n"
        "QUEUES = ['light']\nQUEUES += ['heavy']\nNAME = 'x'\nNAME += f'{UNSET}'\n"
        "if DEBUG:\n    LIMIT += 1\n"
    )
    assert [value(name, header) for name in ("ROUTES", "QUEUES", "NAME", "LIMIT")] == [
        Dict((("a", 1), ("b", 2))),
        Seq(("light", "heavy"), "list"),
        Unknown("computed expression"),
        # Near miss: a rebinding that may not run leaves the value unknowable.
        Unknown("assigned conditionally"),
    ]
    assert value("LIMIT", "LIMIT = 10\nLIMIT *= 6\n") == 60
