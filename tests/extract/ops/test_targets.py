from __future__ import annotations

import pytest

from taskaudit.core.location import Location
from taskaudit.extract.ops import MakeTarget, extract_makefile, is_celery_target


def _target(name: str, *recipe: str) -> MakeTarget:
    return MakeTarget(name, Location("Makefile", 1), recipe, None, True, ())


@pytest.mark.parametrize(
    ("name", "recipe"),
    [
        ("celery", ()),
        ("run-worker", ()),
        ("beat_dev", ()),
        ("flower", ()),
        ("start", ("poetry run celery -A p worker",)),
        ("follow", ("docker compose logs -f worker",)),
        ("follow", ("docker logs --tail 50 proj-celery-1",)),
        ("follow", ("tail -f logs/celery.log",)),
        ("follow", ("journalctl -u celery-worker -f",)),
        ("restart", ("sudo systemctl restart celery",)),
    ],
)
def test_celery_targets(name: str, recipe: tuple[str, ...]) -> None:
    assert is_celery_target(_target(name, *recipe), ()) is True


@pytest.mark.parametrize(
    ("name", "recipe"),
    [
        ("heartbeat", ()),
        ("test", ("pytest -k celery",)),
        ("deps", ("pip install celery[redis]",)),
        ("copy", ("cp celery_app.py /app/",)),
        ("say", ('echo "celery -A p worker"',)),
        ("front", ("npm run build",)),
        ("follow", ("docker compose logs -f web",)),
        ("follow", ("tail -f logs/app.log",)),
    ],
)
def test_not_celery_targets(name: str, recipe: tuple[str, ...]) -> None:
    assert is_celery_target(_target(name, *recipe), ()) is False


def test_commands_of_a_target_count_by_context() -> None:
    facts = extract_makefile("up:\n\tcelery -A p worker\ndown:\n\techo bye\n", "Makefile")
    assert [(t.name, is_celery_target(t, facts.commands)) for t in facts.targets] == [
        ("up", True),
        ("down", False),
    ]
