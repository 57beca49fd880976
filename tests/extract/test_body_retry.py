from __future__ import annotations

import ast
import textwrap

import pytest

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body import RetryCall, analyze_body

HEADER = """\
import random
import tenacity
from django.conf import settings
from tenacity import Retrying
from urllib3 import util
from apps.sync.tasks import push
DELAY = 60
"""
DEF = HEADER.count("\n") + 1  # the `def` line; body line N is at DEF + N


def retries(
    body: str, *, params: str = "self, pk", self_name: str | None = "self"
) -> list[RetryCall]:
    source = HEADER + f"def pull({params}):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    tree = ast.parse(source)
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef)
    scope = build_scope(tree, "apps.sync.tasks", False)
    return list(analyze_body(func, scope, "apps/sync/tasks.py", self_name=self_name).retry_calls)


def options(call: str) -> tuple[Value | None, bool, bool, Value | None]:
    """(countdown, eta, backoff_expression, max_retries) of the one retry in ``call``."""
    [found] = retries(call)
    return (found.countdown, found.eta, found.backoff_expression, found.max_retries)


def test_retry_call_fields_and_location() -> None:
    body = """\
    try:
        sync(pk)
    except IOError as e:
        raise self.retry(exc=e, countdown=60, max_retries=5)
    """
    assert retries(body) == [
        RetryCall(
            location=Location("apps/sync/tasks.py", DEF + 4, 15),
            via="self",
            countdown=60,
            eta=False,
            backoff_expression=False,
            max_retries=5,
        )
    ]


@pytest.mark.parametrize(
    "call",
    [
        "self.retry(countdown=2 ** self.request.retries)",
        "self.retry(countdown=backoff(self.request.retries))",
        "self.retry(countdown=random.uniform(1, 5) * (2 ** retries))",
        "self.retry(countdown=int(random.uniform(2, 4) ** self.request.retries))",
        "delay = 2 ** self.request.retries\nself.retry(countdown=delay)",
        "attempt = self.request.retries\nwait = 30 * 2 ** attempt\nself.retry(countdown=wait)",
    ],
)
def test_countdowns_computed_from_the_retry_count_are_backoff(call: str) -> None:
    [found] = retries(call)
    assert (found.backoff_expression, isinstance(found.countdown, Unknown)) == (True, True)


@pytest.mark.parametrize(
    ("call", "countdown"),
    [
        ("self.retry(countdown=60)", 60),
        ("self.retry(countdown=DELAY)", 60),
        ("self.retry(countdown=settings.RETRY_DELAY)", Unknown("Django setting RETRY_DELAY")),
        ("self.retry(countdown=self.max_retries * 10)", Unknown("local name 'self'")),
        ("wait = 30\nself.retry(countdown=wait)", Unknown("local name 'wait'")),
        ("DELAY = compute()\nself.retry(countdown=DELAY)", Unknown("local name 'DELAY'")),
    ],
)
def test_other_countdowns_are_not_backoff(call: str, countdown: Value) -> None:
    [found] = retries(call)
    assert (found.countdown, found.backoff_expression) == (countdown, False)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("self.retry()", (None, False, False, None)),
        ("self.retry(exc=e)", (None, False, False, None)),
        ("self.retry(eta=tomorrow())", (None, True, False, None)),
        ("self.retry(eta=None, countdown=None)", (None, False, False, None)),
        ("self.retry(max_retries=3)", (None, False, False, 3)),
        # None on the call means "the task's own max_retries" (Task.retry), not "forever".
        ("self.retry(max_retries=None)", (None, False, False, None)),
        ("self.retry(None, None, e, True, None, 5, 3)", (5, False, False, 3)),
    ],
)
def test_retry_options_as_given(
    call: str, expected: tuple[Value | None, bool, bool, Value | None]
) -> None:
    assert options(call) == expected


def test_unpacked_options_are_unknown_unless_given() -> None:
    unpacked = Unknown("retry options unpacked")
    assert options("self.retry(**opts)") == (unpacked, False, False, unpacked)
    assert options("self.retry(exc=e, countdown=10, **opts)") == (10, False, False, unpacked)
    assert options("self.retry(*args)") == (unpacked, False, False, unpacked)


@pytest.mark.parametrize(
    ("params", "self_name", "call", "via"),
    [
        ("self, pk", "self", "self.retry()", "self"),
        ("task, pk", "task", "task.retry()", "task"),
        ("task, pk", None, "task.retry()", "task"),
        ("pk", None, "self.retry()", "self"),
        ("pk", None, "pull.retry()", "pull"),
        ("pk", None, "push.retry()", "push"),
    ],
)
def test_retry_receivers(params: str, self_name: str | None, call: str, via: str) -> None:
    assert [r.via for r in retries(call, params=params, self_name=self_name)] == [via]


@pytest.mark.parametrize(
    "call",
    [
        "tenacity.retry(stop=tenacity.stop_after_attempt(3))",
        "Retrying().retry()",
        "r = Retrying()\nr.retry()",
        "util.retry(3)",
        "session.retry(3)",
        "retry(3)",
        "self.client.retry()",
    ],
)
def test_retry_methods_that_are_not_celery_task_retries(call: str) -> None:
    assert retries(call) == []


def test_a_retry_in_a_closure_runs_on_the_task_behalf() -> None:
    body = "def on_error(exc):\n    raise self.retry(exc=exc)\nrun(pk, on_error)\n"
    assert [(r.location.line - DEF, r.via) for r in retries(body)] == [(2, "self")]


def test_a_nested_function_own_self_retry_is_not_the_tasks() -> None:
    tree = ast.parse(
        "def outer(pk):\n    def helper(self):\n        self.retry()\n    return helper\n"
    )
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    facts = analyze_body(
        func, build_scope(tree, "app.tasks", False), "app/tasks.py", self_name=None
    )
    assert [(c.via, c.location.line) for c in facts.retry_calls] == []


def _backoff_read(body: str, params: str = "self, pk") -> bool:
    source = HEADER + f"def pull({params}):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    tree = ast.parse(source)
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef)
    scope = build_scope(tree, "apps.sync.tasks", False)
    return analyze_body(func, scope, "apps/sync/tasks.py", self_name="self").backoff_read


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("raise self.retry(countdown=self.retry_backoff * 2 ** self.request.retries)\n", True),
        ("limit = self.retry_backoff_max\n", True),
        ("jitter = getattr(self, 'x', self.retry_jitter)\n", True),
        ("deliver_or_retry(self, pk)\n", True),
        ("deliver_or_retry(pk, task=self)\n", True),
        ("helpers.on_commit(lambda: push.delay(pk, parent=self))\n", True),
        # near misses: the retry itself, the request, another object's option
        ("raise self.retry(countdown=60)\n", False),
        ("record(self.request.id, pk)\n", False),
        ("x = other.retry_backoff\n", False),
        ("self.update_state(state='RUNNING')\n", False),
    ],
)
def test_backoff_read_when_the_body_reads_or_hands_on_the_task(body: str, expected: bool) -> None:
    assert _backoff_read(body) is expected


def test_backoff_read_needs_a_first_parameter() -> None:
    assert _backoff_read("deliver_or_retry(pk)\n", params="") is False
