"""A time limit is declared by passing it, whatever the value; ``None`` passes none.

Celery 5.5.3 (``celery/worker/request.py``, ``Request.execute_using_pool``)
hands the pool ``timeout=time_limit or task.time_limit``, and billiard 4.2
(``pool.py``, ``_on_timeout`` set-up) replaces a job's ``None`` limit with the
pool's own, the worker's ``task_time_limit``: a task or base class saying
``time_limit = None`` runs under the global limit. ``Task.bind`` fills the
other ``from_config`` options (``acks_late``, ``ignore_result``...) from the
configuration when the class leaves them ``None``.
"""

from __future__ import annotations

from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules.subjects import FieldValue, Undecidable

APP = (
    'from celery import Celery\n\napp = Celery("depot")\n'
    'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
)
SETTINGS = (
    'import os\nCELERY_BROKER_URL = "redis://"\nEXPORT_LIMIT = int(os.environ.get("L", 90))\n'
)


def _declared(tasks: str, settings: str = SETTINGS) -> list[tuple[int, FieldValue]]:
    """(line, `time_limit.declared`) of each task."""
    files = {"depot/celery.py": APP, "depot/settings.py": settings, "depot/tasks.py": tasks}
    subjects = build_subjects(scan_sources(files)[1])
    return [
        (s.location.line, s.fields["time_limit.declared"]) for s in subjects if s.kind == "task"
    ]


def test_limits_given_by_reference_or_by_a_dict_of_literal_keys_are_declared() -> None:
    tasks = """\
from celery import shared_task
from django.conf import settings

from depot.limits import compute

STEP = compute()
_BOUNDS = {"soft_time_limit": settings.EXPORT_LIMIT, "time_limit": STEP}


@shared_task(soft_time_limit=settings.EXPORT_LIMIT)
def export():
    return 1


@shared_task(time_limit=STEP * 2)
def rebuild():
    return 2


@shared_task(**_BOUNDS)
def purge():
    return 3
"""
    assert _declared(tasks) == [(11, True), (16, True), (21, True)]


def test_near_misses_a_literal_none_or_zero_sets_no_limit() -> None:
    tasks = """\
from celery import shared_task


@shared_task(time_limit=None)
def export():
    return 1


@shared_task(soft_time_limit=0)
def rebuild():
    return 2
"""
    assert _declared(tasks) == [(5, False), (10, False)]


BASE_NONE = """\
from celery import Task, shared_task


class Sized(Task):
    time_limit = None
    soft_time_limit = None


@shared_task(base=Sized)
def build():
    return 1
"""


def test_a_base_class_none_inherits_the_global_limit() -> None:
    settings = SETTINGS + "CELERY_TASK_TIME_LIMIT = 3600\n"
    files = {"depot/celery.py": APP, "depot/settings.py": settings, "depot/tasks.py": BASE_NONE}
    task = scan_sources(files)[1].tasks[0]
    assert (task.options["time_limit"], task.option_sources["time_limit"]) == (
        3600,
        "setting:task_time_limit",
    )
    assert _declared(BASE_NONE, settings) == [(10, True)]


def test_near_miss_a_base_class_none_without_a_global_has_no_limit() -> None:
    assert _declared(BASE_NONE) == [(10, False)]


def test_a_global_limit_from_an_environment_lookup_without_default_stays_undecidable() -> None:
    settings = SETTINGS + 'CELERY_TASK_TIME_LIMIT = os.environ.get("LIMIT")\n'
    tasks = "from celery import shared_task\n\n\n@shared_task\ndef build():\n    return 1\n"
    [(line, value)] = _declared(tasks, settings)
    assert line == 5 and isinstance(value, Undecidable)
