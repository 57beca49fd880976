"""TA1001 expects `beat-logs` only where beat runs, `celery-heavy-logs` only with a heavy queue."""

from __future__ import annotations

from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules import FieldValue

APP = 'from celery import Celery\n\napp = Celery("app")\n'
MAKEFILE = "celery-logs:  ## logs\n\tdocker compose logs -f worker\n"
ALL = ("celery-logs", "beat-logs", "celery-heavy-logs", "celery-restart")


def _expected(files: dict[str, str]) -> FieldValue:
    _, project = scan_sources({"app/celery.py": APP, "Makefile": MAKEFILE, **files})
    [subject] = [s for s in build_subjects(project) if s.kind == "project"]
    return subject.fields["make.expected"]


def test_a_worker_alone_calls_for_the_two_worker_targets() -> None:
    procfile = "worker: celery -A app worker -l info\n"
    assert _expected({"Procfile": procfile}) == ("celery-logs", "celery-restart")


def test_a_beat_command_calls_for_beat_logs() -> None:
    procfile = "beat: celery -A app beat -l info\n"
    assert _expected({"Procfile": procfile}) == ("celery-logs", "beat-logs", "celery-restart")


def test_a_schedule_without_a_beat_command_still_calls_for_beat_logs() -> None:
    schedule = 'app.conf.beat_schedule = {"ping": {"task": "app.ping", "schedule": 60}}\n'
    found = _expected({"app/celery.py": APP + schedule})
    assert found == ("celery-logs", "beat-logs", "celery-restart")


def test_a_heavy_worker_or_route_calls_for_the_heavy_logs() -> None:
    procfile = "heavy: celery -A app worker -Q heavy -l info\n"
    heavy = ("celery-logs", "celery-heavy-logs", "celery-restart")
    assert _expected({"Procfile": procfile}) == heavy
    routed = 'app.conf.task_routes = {"app.tasks.render": {"queue": "heavy"}}\n'
    assert _expected({"app/celery.py": APP + routed}) == heavy


def test_a_queue_named_like_heavy_is_not_the_heavy_queue() -> None:
    procfile = "worker: celery -A app worker -Q heavy-ish,beats -l info\n"
    assert _expected({"Procfile": procfile}) == ("celery-logs", "celery-restart")


def test_everything_running_calls_for_all_four() -> None:
    procfile = "beat: celery -A app beat\nheavy: celery -A app worker -Q heavy\n"
    assert _expected({"Procfile": procfile}) == ALL
