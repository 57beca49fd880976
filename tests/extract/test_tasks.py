"""Task candidates: options spread from module-level dicts, and the arms around a declaration."""

from __future__ import annotations

import ast

from taskaudit.core.values import Ref, Seq, Unknown, Value
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.tasks import TaskCandidate, extract_tasks


def _candidates(source: str) -> tuple[TaskCandidate, ...]:
    tree = ast.parse(source)
    scope = build_scope(tree, "kb.tasks", False)
    return extract_tasks(tree, scope, "kb/tasks.py")[0]


def _options(source: str) -> list[tuple[str, tuple[tuple[str, Value], ...], bool]]:
    return [
        (c.function, c.decorations[0].options, c.decorations[0].kwargs_unpacked)
        for c in _candidates(source)
    ]


SPREAD = """\
import os

from celery import shared_task

from kb.errors import LockBusy

_LIMITS = {"soft_time_limit": 50, "time_limit": 60}
_RETRY = {"autoretry_for": (LockBusy,), "max_retries": 5}
_ONE = {**_RETRY, "max_retries": 2}


@shared_task(**_LIMITS, **_RETRY)
def sync():
    pass


@shared_task(**_LIMITS, name="kb.tasks.one", **_ONE)
def one():
    pass
"""


def test_options_spread_from_module_level_dicts_are_the_tasks_own() -> None:
    lock = Ref("kb.errors.LockBusy")
    assert _options(SPREAD) == [
        (
            "sync",
            (
                ("soft_time_limit", 50),
                ("time_limit", 60),
                ("autoretry_for", _tuple(lock)),
                ("max_retries", 5),
            ),
            False,
        ),
        (
            "one",
            (
                ("soft_time_limit", 50),
                ("time_limit", 60),
                ("name", "kb.tasks.one"),
                ("autoretry_for", _tuple(lock)),
                ("max_retries", 2),
            ),
            False,
        ),
    ]


def _tuple(*items: Value) -> Value:
    return Seq(items, "tuple")


OPAQUE = """\
import os

from celery import shared_task

from kb.options import SHARED


def options():
    return {}


@shared_task(**SHARED)
def imported():
    pass


@shared_task(**options())
def called():
    pass


@shared_task(bind=True, **{os.environ["KEY"]: 1})
def keyed(self):
    pass
"""


def test_options_that_are_not_a_static_dict_stay_unknown() -> None:
    assert _options(OPAQUE) == [
        ("imported", (), True),
        ("called", (), True),
        ("keyed", (("bind", True),), True),
    ]


BRANCHES = """\
from celery import shared_task

@shared_task
def plain():
    pass

if FAST:
    @shared_task
    def fast():
        pass
elif SLOW:
    @shared_task
    def slow():
        pass

try:
    import pdfkit
except ImportError:
    @shared_task
    def fallback():
        pass
else:
    @shared_task
    def rendered():
        pass
finally:
    @shared_task
    def always():
        pass
"""


def test_each_candidate_knows_the_arms_around_it() -> None:
    assert [(c.function, c.branch) for c in _candidates(BRANCHES)] == [
        ("plain", ()),
        ("fast", ("if:7:then",)),
        ("slow", ("if:7:else", "if:11:then")),
        ("rendered", ("try:16:try",)),
        ("fallback", ("try:16:except",)),
        ("always", ("try:16:finally",)),
    ]


def test_an_unknown_option_value_is_kept_as_unknown() -> None:
    source = SPREAD.replace('"time_limit": 60', '"time_limit": int(os.environ["LIMIT"])')
    [sync, _] = _candidates(source)
    assert isinstance(dict(sync.decorations[0].options)["time_limit"], Unknown)


def _decorated(package: str, decorator_import: str, decorator: str) -> list[str]:
    tree = ast.parse(f"{decorator_import}\n\n@{decorator}\ndef work():\n    pass\n")
    scope = build_scope(tree, f"{package}.tasks", False)
    return [
        c.decorations[0].decorator for c in extract_tasks(tree, scope, f"{package}/tasks.py")[0]
    ]


def test_a_package_named_like_a_builtin_decorator_keeps_its_tasks() -> None:
    # `property_app` starts with "property": it was once taken for the builtin.
    for package in ("property_app", "staticmethods", "classmethod_tools"):
        found = _decorated(package, f"from {package}.celery import app", "app.task")
        assert found == [f"{package}.celery.app.task"]


def test_a_package_named_like_a_non_celery_library_keeps_its_tasks() -> None:
    for package in ("abcd", "typing_extras", "invoke_jobs", "djangoapp", "functools2"):
        found = _decorated(package, f"from {package}.celery import app", "app.task")
        assert found == [f"{package}.celery.app.task"]


def test_builtin_and_library_decorators_are_dropped() -> None:
    cases = [
        ("", "property"),
        ("", "staticmethod"),
        ("", "classmethod"),
        ("import functools", "functools.wraps(print)"),
        ("import functools", "functools.cache"),
        ("from invoke import task", "task"),
        ("import invoke", "invoke.task"),
        ("from abc import abstractmethod", "abstractmethod"),
        ("from typing import overload", "overload"),
    ]
    for decorator_import, decorator in cases:
        assert _decorated("kb", decorator_import, decorator) == [], decorator
