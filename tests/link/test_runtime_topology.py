"""Queues and routes changed at run time: rules reading them decide nothing from placeholders."""

from __future__ import annotations

from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.resources import default_rules
from taskaudit.rules import evaluate, load_rules

CATALOG = load_rules([default_rules()], SCHEMA)
APP = (
    "from celery import Celery\n"
    'app = Celery("shop")\n'
    'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
)
PLACEHOLDERS = (
    'from kombu import Queue\nCELERY_TASK_QUEUES = [Queue("mail")]\nCELERY_TASK_ROUTES = {}\n'
)
LANES = """\
from kombu import Queue
from shop.celery import app


def register(lanes):
    for lane in lanes:
        app.conf.task_queues.append(Queue(lane.name))
        app.conf.task_routes.update({lane.task: {"queue": lane.name}})
"""
TASKS = """\
from celery import shared_task


@shared_task(name="shop.tasks.invoice", queue="billing")
def invoice():
    return 1


@shared_task(name="shop.tasks.notify", queue="mail")
def notify():
    return 2


@shared_task(name="shop.tasks.tidy")
def tidy():
    return 3
"""


WORKER = "worker: celery -A shop worker -Q mail\n"


def _outcomes(files: dict[str, str], rule_id: str) -> tuple[list[int], list[tuple[int, str]]]:
    """(lines flagged, (line, reason) undecided) for one rule."""
    result = evaluate(CATALOG, build_subjects(scan_sources(files)[1]))
    flagged = [f.location.line for f in result.findings if f.rule_id == rule_id]
    undecided = [
        (u.location.line, r) for u in result.undecided if u.rule_id == rule_id for r in u.reasons
    ]
    return flagged, undecided


def _files(lanes: str = LANES, procfile: str = WORKER) -> dict[str, str]:
    return {
        "shop/__init__.py": "",
        "shop/celery.py": APP,
        "shop/settings.py": PLACEHOLDERS,
        "shop/lanes.py": lanes,
        "shop/tasks.py": TASKS,
        "Procfile": procfile,
    }


def test_a_queue_missing_from_placeholder_task_queues_is_undecidable_with_the_place() -> None:
    # `billing` may be appended at run time (what was there before is not kept apart).
    reason = "task_queues computed at run time at shop/lanes.py:7"
    assert _outcomes(_files(), "TA605") == ([], [(5, reason), (10, reason)])


def test_routes_changed_at_run_time_leave_the_routed_queue_of_unqueued_tasks_unknown() -> None:
    # `tidy` has no queue of its own: a run-time route may send it anywhere. `invoice`
    # names its queue, which no worker consumes: decided, whatever the routes say.
    flagged, undecided = _outcomes(_files(), "TA603")
    assert flagged == [5]
    assert undecided == [(15, "task_routes computed at run time at shop/lanes.py:8")]


def test_a_worker_without_queues_consumes_what_run_time_task_queues_holds() -> None:
    flagged, undecided = _outcomes(_files(procfile="worker: celery -A shop worker\n"), "TA603")
    assert flagged == []
    assert undecided == [
        (5, "task_queues computed at run time at shop/lanes.py:7"),
        (10, "task_queues computed at run time at shop/lanes.py:7"),
        (15, "task_routes computed at run time at shop/lanes.py:8"),
    ]


def test_near_miss_reading_the_settings_or_scheduling_beat_changes_no_topology() -> None:
    lanes = (
        "from shop.celery import app\n\n\n"
        "def show():\n"
        '    print(app.conf.task_queues, app.conf.task_routes.get("x"))\n'
        '    app.conf.beat_schedule.update({"tidy": {"task": "shop.tasks.tidy", "schedule": 60}})\n'
    )
    assert _outcomes(_files(lanes), "TA605") == ([5, 15], [])
    assert _outcomes(_files(lanes), "TA603") == ([5, 15], [])
