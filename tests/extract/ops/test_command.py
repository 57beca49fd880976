from __future__ import annotations

import pytest

from taskaudit.core.values import Unknown
from taskaudit.extract.ops import CeleryCommandParts, parse_celery_commands

HIDDEN = Unknown("options come from a run-time value")


def test_modern_worker_with_queues() -> None:
    line = "celery -A proj worker -l info -Q default,emails"
    assert parse_celery_commands(line) == (
        CeleryCommandParts(
            raw=line, role="worker", subcommand="worker", app="proj", queues=("default", "emails")
        ),
    )


def test_long_options_with_equals_and_quoted_list() -> None:
    line = 'celery --app=proj.celery:app worker --queues="a, b" -X c -P gevent -c4 -n w1@%h'
    assert parse_celery_commands(line) == (
        CeleryCommandParts(
            raw=line,
            role="worker",
            subcommand="worker",
            app="proj.celery:app",
            queues=("a", "b"),
            exclude_queues=("c",),
            pool="gevent",
            concurrency=4,
            node="w1@%h",
        ),
    )


def test_old_style_app_after_subcommand_is_flagged() -> None:
    [parts] = parse_celery_commands("celery worker -A proj -B")
    assert (parts.app, parts.embedded_beat, parts.legacy_app_option) == ("proj", True, True)


def test_worker_capital_s_is_statedb_not_scheduler() -> None:
    [parts] = parse_celery_commands("celery -A p worker -S /tmp/state --scheduler x.Y")
    assert parts.scheduler == "x.Y"
    [near] = parse_celery_commands("celery -A p worker -S /tmp/state")
    assert near.scheduler is None


def test_beat_short_scheduler() -> None:
    [parts] = parse_celery_commands(
        "celery -A proj beat -l info -S django_celery_beat.schedulers:DatabaseScheduler"
    )
    assert (parts.role, parts.scheduler, parts.embedded_beat) == (
        "beat",
        "django_celery_beat.schedulers:DatabaseScheduler",
        False,
    )


def test_env_variable_values_are_unknown() -> None:
    [parts] = parse_celery_commands("celery -A $APP worker -Q ${QUEUES:-default} -c $(nproc)")
    assert (parts.app, parts.queues, parts.concurrency) == (
        Unknown("set at run time: $APP"),
        Unknown("set at run time: ${QUEUES:-default}"),
        Unknown("set at run time: $(nproc)"),
    )


def test_passed_through_arguments_hide_options() -> None:
    [parts] = parse_celery_commands('exec celery -A proj worker "$@"')
    assert (parts.app, parts.queues, parts.pool, parts.wrapped_by) == (
        "proj",
        HIDDEN,
        HIDDEN,
        ("exec",),
    )


def test_chains_pipes_and_nested_shell() -> None:
    line = (
        "python manage.py migrate && sh -c 'celery -A proj beat & "
        "celery -A proj worker -Q a' 2>&1 | tee log"
    )
    assert [(p.role, p.queues, p.raw) for p in parse_celery_commands(line)] == [
        ("beat", None, line),
        ("worker", ("a",), line),
    ]


@pytest.mark.parametrize(
    ("line", "wrappers"),
    [
        ("FOO=1 BAR=2 celery -A p worker", ()),
        ("exec gosu app celery -A p worker", ("exec", "gosu")),
        ("exec su-exec app:app single-beat celery -A p worker", ("exec", "su-exec", "single-beat")),
        (
            "watchmedo auto-restart --directory=./ --pattern=*.py -R -- celery worker -A p",
            ("watchmedo",),
        ),
        ("newrelic-admin run-program celery -A p worker", ("newrelic-admin",)),
        ("ddtrace-run celery -A p worker", ("ddtrace-run",)),
        ("python -m celery -A p worker", ()),
        ("python3.11 -u -m celery -A p worker", ()),
        ("poetry run celery -A p worker", ("poetry",)),
        ("uv run --with redis celery -A p worker", ("uv",)),
        ("pipenv run celery -A p worker", ("pipenv",)),
        ("/app/.venv/bin/celery -A p worker", ()),
        ("docker compose run --rm -e X=1 web celery -A p worker", ("docker compose run",)),
        ("python manage.py celery worker", ("manage.py",)),
    ],
)
def test_wrappers_in_front_of_celery(line: str, wrappers: tuple[str, ...]) -> None:
    assert [(p.role, p.wrapped_by) for p in parse_celery_commands(line)] == [("worker", wrappers)]


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("celery -A p flower --port=5555", "flower"),
        ("celery -A p inspect ping -d w1@host", "inspect"),
        ("celery -A p control shutdown", "control"),
        ("celery -A p purge -f -Q a", "purge"),
        ("celery -A p events", "events"),
        ("celery -A p shell", "shell"),
        ("celery -A p status", "other"),
        ("celery --version", "other"),
        ("celeryd -A p -Q a", "worker"),
        ("celerybeat -A p", "beat"),
    ],
)
def test_roles(line: str, role: str) -> None:
    assert [p.role for p in parse_celery_commands(line)] == [role]


@pytest.mark.parametrize(
    "line",
    [
        "echo celery -A x worker",
        'echo "run celery -A x worker"',
        "# celery -A x worker",
        "npm run worker",
        "cp celery_app.py /app/celery_app.py",
        "pytest -k celery",
        "pip install celery[redis]",
        "docker compose up -d celery worker",
        "docker compose logs -f celery",
        "tail -f logs/celery.log",
        "pkill -f 'celery worker'",
        "python manage.py runserver",
        "sh ./start-celery.sh",
        "$CELERY_CMD worker",
    ],
)
def test_near_misses_are_not_invocations(line: str) -> None:
    assert parse_celery_commands(line) == ()


def test_purge_short_f_is_a_flag() -> None:
    [parts] = parse_celery_commands("celery -A p purge -f -Q a,b")
    assert parts.queues == ("a", "b")


def test_unbalanced_quote_does_not_raise() -> None:
    [parts] = parse_celery_commands("celery -A 'proj worker -Q a")
    assert (parts.app, parts.role) == ("proj worker -Q a", "other")
