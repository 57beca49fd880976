"""The queue a task lands on (call > decorator > first route > default) and ``task_queues``.

The precedence was checked against Celery 5.5.3's ``Router.route``: options
that are not None win over the matching route (``lpmerge``); a route that
names neither a queue nor an exchange leaves the message on the default
queue.
"""

from __future__ import annotations

import pytest

from taskaudit.celery.routing import (
    EffectiveQueue,
    QueueDecl,
    effective_queue,
    parse_queues,
    parse_routes,
)
from taskaudit.core.location import Location
from taskaudit.core.values import Call, Dict, Seq, Unknown, Value

HERE = Location("config/settings.py", 12, 1)
ROUTES = parse_routes(
    Dict(
        (
            ("apps.sync.tasks.pull", "heavy"),
            ("apps.imports.*", Dict((("queue", "light"),))),
            ("apps.dq.tasks.fanout", Dict((("exchange", "broadcast"),))),
            ("apps.dq.tasks.urgent", Dict((("priority", 9),))),
            ("apps.dq.tasks.computed", Dict((("queue", Unknown("env")),))),
        )
    ),
    HERE,
)


def queue(
    name: str, call: Value = None, decorator: Value = None, default: Value = "celery"
) -> tuple[str | Unknown, str, str | None]:
    found = effective_queue(name, call, decorator, ROUTES, default)
    return found.queue, found.source, found.route.pattern if found.route else None


PRECEDENCE = [
    # Call site beats decorator beats route beats default.
    (("apps.sync.tasks.pull", "urgent", "slow"), ("urgent", "call", None)),
    (("apps.sync.tasks.pull", None, "slow"), ("slow", "decorator", None)),
    (("apps.sync.tasks.pull", None, None), ("heavy", "route", "apps.sync.tasks.pull")),
    (("apps.imports.tasks.load", None, None), ("light", "route", "apps.imports.*")),
    (("apps.imports.tasks.load", "celery", None), ("celery", "call", None)),
    (("apps.other.tasks.x", None, None), ("celery", "default", None)),
    # A kombu.Queue given as the option counts by its name.
    (("apps.other.tasks.x", None, Call("kombu.Queue", ("bulk",))), ("bulk", "decorator", None)),
]


@pytest.mark.parametrize(("given", "expected"), PRECEDENCE)
def test_precedence(given: tuple[str, Value, Value], expected: tuple[str, str, str | None]) -> None:
    assert queue(*given) == expected


def test_default_queue_setting() -> None:
    assert queue("apps.other.tasks.x", default="light") == ("light", "default", None)
    assert queue("apps.other.tasks.x", default=Unknown("env")) == (Unknown("env"), "default", None)


def test_matching_route_without_a_queue() -> None:
    # An exchange route is delivered by the broker's bindings, not by a queue name.
    assert queue("apps.dq.tasks.fanout") == (
        Unknown("the route names an exchange, not a queue"),
        "route",
        "apps.dq.tasks.fanout",
    )
    # Neither queue nor exchange: Celery falls back to the default queue.
    assert queue("apps.dq.tasks.urgent", default="light") == (
        "light",
        "default",
        "apps.dq.tasks.urgent",
    )
    assert queue("apps.dq.tasks.computed") == (
        Unknown("queue computed at run time"),
        "route",
        "apps.dq.tasks.computed",
    )


def test_options_given_as_computed_values() -> None:
    assert queue("apps.sync.tasks.pull", call=Unknown("arg")) == (Unknown("arg"), "call", None)
    assert queue("apps.sync.tasks.pull", decorator=Call("os.getenv", ("Q",))) == (
        Unknown("queue computed at run time"),
        "decorator",
        None,
    )


def test_run_time_routing_is_unknown_not_default() -> None:
    routers = parse_routes(Seq(("proj.routers.route_task",), "list"), HERE)
    found = effective_queue("apps.x.t", None, None, routers, "celery")
    assert found == EffectiveQueue(Unknown("a router function decides at run time"), "route")
    # The decorator still wins over a router function.
    assert effective_queue("apps.x.t", None, "slow", routers, "celery") == EffectiveQueue(
        "slow", "decorator"
    )


ENTRY = "a task_queues entry computed at run time"
QUEUES = [
    (None, QueueDecl(declared=False)),
    (
        Seq(
            (
                Call("kombu.Queue", ("light",)),
                Call("kombu.Queue", (), (("name", "heavy"),)),
                Call("kombu.common.Broadcast", ("events",)),
            ),
            "list",
        ),
        QueueDecl(True, ("light", "heavy", "events")),
    ),
    (
        Dict((("light", Dict()), ("heavy", Dict((("exchange", "heavy"),))))),
        QueueDecl(True, ("light", "heavy")),
    ),
    (
        Seq((Call("kombu.Queue", ("light",)), Call("kombu.Queue", ("light",))), "list"),
        QueueDecl(True, ("light",)),
    ),
    # Near misses: not kombu's Queue, or a name known only at run time.
    (
        Seq((Call("kombu.Queue", ("light",)), Call("myqueues.Queue", ("heavy",))), "list"),
        QueueDecl(True, ("light",), True, ENTRY),
    ),
    (Seq((Call("kombu.Queue", (Unknown("env"),)),), "list"), QueueDecl(True, (), True, ENTRY)),
    (Seq(("light",), "list"), QueueDecl(True, (), True, ENTRY)),
    (Unknown("env"), QueueDecl(True, unknown=True)),
]


@pytest.mark.parametrize(("value", "expected"), QUEUES)
def test_parse_queues(value: Value, expected: QueueDecl) -> None:
    assert parse_queues(value) == expected


def test_an_unknown_declaration_names_the_write_that_made_it() -> None:
    where = Location("config/lanes.py", 12, 5)
    declared = parse_queues(Unknown("`task_queues` changed at run time"), where)
    reason = "task_queues computed at run time at config/lanes.py:12"
    assert declared.declares("mail") == Unknown(reason)
    assert declared.declares("mail") != QueueDecl(True, ("mail",)).declares("mail")


def test_declares() -> None:
    known = QueueDecl(True, ("light", "heavy"))
    partly = QueueDecl(True, ("light",), unknown=True)
    assert [known.declares(q) for q in ("light", "heavy", "bulk")] == [True, True, False]
    assert partly.declares("light") is True
    assert partly.declares("bulk") == Unknown("task_queues computed at run time")
