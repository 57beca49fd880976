"""``task_routes`` read as Celery's ``MapRoute``/``Router`` read it.

The matches below were checked against ``celery.app.routes`` 5.5.3: an
exact name first, then globs and regexes in order, regexes anchored at the
start only, ``?`` without ``*`` taken literally.
"""

from __future__ import annotations

import re

import pytest

from taskaudit.celery.routes import Route, RouteTable, first_match, match, parse_routes
from taskaudit.core.location import Location
from taskaudit.core.values import Call, Dict, Ref, Seq, Unknown, Value

HERE = Location("config/settings.py", 40, 1)


def routes(**pairs: Value) -> Dict:
    return Dict(tuple(pairs.items()))


def table(*items: tuple[Value, Value]) -> Dict:
    return Dict(items)


def regex(pattern: str, *flags: Value) -> Call:
    return Call("re.compile", (pattern, *flags))


def winner(value: Value, name: str) -> tuple[str, str | Unknown | None] | Unknown | None:
    found = first_match(parse_routes(value, HERE), name)
    return found if found is None or isinstance(found, Unknown) else (found.pattern, found.queue)


def test_a_dict_becomes_ordered_routes() -> None:
    parsed = parse_routes(
        table(
            ("apps.sync.tasks.pull", "heavy"),
            ("apps.imports.*", Dict((("queue", "light"),))),
            (regex(r"apps\.(dq|pl)\."), Dict((("queue", "heavy"), ("priority", 5)))),
        ),
        HERE,
    )
    assert parsed == RouteTable(
        routes=(
            Route("apps.sync.tasks.pull", "exact", "heavy", Dict((("queue", "heavy"),)), 0, HERE),
            Route("apps.imports.*", "glob", "light", Dict((("queue", "light"),)), 1, HERE),
            Route(
                r"apps\.(dq|pl)\.",
                "regex",
                "heavy",
                Dict((("queue", "heavy"), ("priority", 5))),
                2,
                HERE,
            ),
        )
    )


FIRST_MATCH = [
    (table(("a.t", "x")), "a.t", ("a.t", "x")),
    (table(("a.t", Dict((("queue", "x"),)))), "a.t", ("a.t", "x")),
    (table(("a.*", "x")), "a.b.c", ("a.*", "x")),
    (table(("a.?", "x")), "a.?", ("a.?", "x")),
    # An exact name beats a glob written before it.
    (table(("*.t", "x"), ("a.t", "y")), "a.t", ("a.t", "y")),
    (table(("a.*", "x"), ("a.t", "y"), ("*", "z")), "a.t", ("a.t", "y")),
    # Among patterns, the first written wins.
    (table(("*", "z"), ("a.*", "x")), "a.b", ("*", "z")),
    (table(("a.*", "x"), ("a.*b", "y")), "a.b", ("a.*", "x")),
    (table(("a.t*", "x")), "a.t", ("a.t*", "x")),
    (table((regex(r"a\.\w+"), "x")), "a.b", (r"a\.\w+", "x")),
    (table((regex(r"A\.", Ref("re.IGNORECASE")), "x")), "a.b", (r"A\.", "x")),
    (table((regex(r"A\.", Ref("re.I")), "x")), "a.b", (r"A\.", "x")),
    # A later duplicate key replaces the value, as in a dict literal.
    (table(("a.t", "x"), ("a.t", "y")), "a.t", ("a.t", "y")),
    (table(("a.*", "x"), ("b.*", "w"), ("a.*", "y")), "a.b", ("a.*", "y")),
    # A list of routers: the first router that answers wins.
    (Seq((table(("a.*", "x")), table(("a.t", "y"))), "list"), "a.t", ("a.*", "x")),
    (Seq((table(("b.*", "x")), table(("a.t", "y"))), "list"), "a.t", ("a.t", "y")),
    # The documented list of (pattern, route) pairs, wrapped in a tuple.
    (Seq((Seq((Seq(("a.*", "x")), Seq(("a.t", "y"))), "list"),)), "a.t", ("a.t", "y")),
    (table(("a.t", Dict((("exchange", "ex"), ("routing_key", "rk"))))), "a.t", ("a.t", None)),
]


@pytest.mark.parametrize(("value", "name", "expected"), FIRST_MATCH)
def test_first_match(value: Value, name: str, expected: tuple[str, str | None]) -> None:
    assert winner(value, name) == expected


NO_MATCH = [
    (table(("a.?", "x")), "a.b"),
    (table(("a.T", "x")), "a.t"),
    (table(("a.*", "x")), "A.b"),
    (table(("a.t", "x")), "a.tt"),
    (table(("a.t", "x")), "b.a.t"),
    # re.match is anchored at the start, not at the end.
    (table((regex(r"a\.\w+"), "x")), "b.a.b"),
    (table((regex("b"), "x")), "ab"),
    (table((regex(r"A\."), "x")), "a.b"),
    (table(), "a.t"),
    (None, "a.t"),
]


@pytest.mark.parametrize(("value", "name"), NO_MATCH)
def test_no_match(value: Value, name: str) -> None:
    assert winner(value, name) is None


def test_regex_matches_at_the_start_only() -> None:
    route = parse_routes(table((regex("sync"), "x")), HERE).routes[0]
    assert [n for n in ("sync.pull", "apps.sync.pull", "syncer") if match(route, n)] == [
        "sync.pull",
        "syncer",
    ]


def test_router_functions_decide_at_run_time() -> None:
    value = Seq((table(("b.*", "x")), "proj.routers.route_task"), "list")
    parsed = parse_routes(value, HERE)
    assert [(r.pattern, r.kind, r.group) for r in parsed.routes] == [
        ("b.*", "glob", 0),
        ("proj.routers.route_task", "router", 1),
    ]
    assert parsed.routes[1].queue == Unknown("a router function decides at run time")
    assert winner(value, "b.t") == ("b.*", "x")
    assert winner(value, "a.t") == Unknown("a router function decides at run time")
    assert winner(Ref("proj.routers.TaskRouter"), "a.t") == Unknown(
        "a router function decides at run time"
    )
    # A router is never claimed to match a name by itself.
    assert match(parsed.routes[1], "a.t") is False


def test_computed_setting_key_or_route() -> None:
    # The reason names the write that decided the setting, where a reader can look.
    computed = f"task_routes computed at run time at {HERE.path}:{HERE.line}"
    assert parse_routes(Unknown("env"), HERE) == RouteTable(unknown=True, reason=computed)
    assert winner(Unknown("env"), "a.t") == Unknown(computed)
    computed_key = table((Call("os.getenv", ("ROUTE",)), "x"), ("a.t", "y"))
    assert winner(computed_key, "a.t") == Unknown("a task_routes key computed at run time")
    computed_route = table(("a.t", Ref("proj.settings.HEAVY")))
    assert winner(computed_route, "a.t") == ("a.t", Unknown("route computed at run time"))
    computed_queue = table(("a.t", Dict((("queue", Unknown("env")),))))
    assert winner(computed_queue, "a.t") == ("a.t", Unknown("queue computed at run time"))


def test_kombu_queue_as_route_target() -> None:
    value = table(("a.t", Dict((("queue", Call("kombu.Queue", ("heavy",))),))))
    assert winner(value, "a.t") == ("a.t", "heavy")


def test_shapes_celery_rejects() -> None:
    bare_pairs = Seq((Seq(("a.*", "x")), Seq(("a.t", "y"))), "list")
    parsed = parse_routes(bare_pairs, HERE)
    assert parsed.problems == (
        "task_routes is a list of (pattern, route) pairs: Celery takes each pair for a router "
        "and fails; wrap the list in a tuple: ([...],)",
    )
    assert [(r.pattern, r.queue) for r in parsed.routes] == [("a.*", "x"), ("a.t", "y")]
    broken = parse_routes(table((regex("a.(", Ref("re.I")), "x")), HERE)
    assert broken.problems == (
        "task_routes regex 'a.(' does not compile: missing ), unterminated subpattern at "
        "position 2",
    )
    assert match(broken.routes[0], "a.b") is False
    assert parse_routes(Seq((5,), "list"), HERE).problems == (
        "task_routes entry 5 is not a router",
    )
    assert broken.routes[0].flags == re.I


def test_well_formed_shapes_have_no_problems() -> None:
    wrapped = Seq((Seq((Seq(("a.*", "x")),), "list"),))
    for value in (table(("a.t", "x")), wrapped, Seq((table(("a.t", "x")),), "list")):
        assert parse_routes(value, HERE).problems == ()
