from __future__ import annotations

from taskaudit.core.values import Unknown
from taskaudit.extract.ops import parse_celery_commands


def _nodes(line: str) -> list[tuple[object, ...]]:
    return [
        (p.role, p.node, p.app, p.queues, p.concurrency, p.embedded_beat)
        for p in parse_celery_commands(line)
    ]


def test_named_nodes_with_node_specific_queues() -> None:
    line = "celery multi start w1 w2 -A proj -Q:w1 heavy -Q:w2 light -c 3"
    assert _nodes(line) == [
        ("multi", "w1", "proj", ("heavy",), 3, False),
        ("multi", "w2", "proj", ("light",), 3, False),
    ]


def test_numbered_nodes_and_index_selectors_override_defaults() -> None:
    line = "celery -A proj multi restart 3 -Q:1-2 images,video -Q default -c:3 8 -B:3"
    assert _nodes(line) == [
        ("multi", "celery1", "proj", ("images", "video"), None, False),
        ("multi", "celery2", "proj", ("images", "video"), None, False),
        ("multi", "celery3", "proj", ("default",), 8, True),
    ]


def test_selector_by_name_before_at_sign() -> None:
    assert _nodes("celery multi start w1@%h w2@%h -Q:w2 b") == [
        ("multi", "w1@%h", None, None, None, False),
        ("multi", "w2@%h", None, ("b",), None, False),
    ]


def test_nodes_from_environment_are_one_unknown_node() -> None:
    line = "celery -A proj multi start $CELERYD_NODES $CELERYD_OPTS"
    hidden = Unknown("options come from a run-time value")
    assert _nodes(line) == [
        (
            "multi",
            Unknown("set at run time: $CELERYD_NODES $CELERYD_OPTS"),
            "proj",
            hidden,
            hidden,
            False,
        )
    ]


def test_stop_is_not_a_process_start() -> None:
    assert _nodes("celery multi stopwait w1 w2 -A proj") == [
        ("other", None, "proj", None, None, False)
    ]
