"""A retry delay the team chose: `retry_kwargs` countdown, or `default_retry_delay` from anywhere.

Measured on Celery 5.5.3 and 5.7.0 (throw-away venvs, `Task.retry` intercepted
beneath the real autoretry wrapper): `retry_kwargs={"countdown": 600}` retries
after 600 s, a base class's `default_retry_delay = 420` after 420 s, and an
autoretry with neither after Celery's default 180 s.
"""

from __future__ import annotations

from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules import FieldValue, Undecidable

APP = 'from celery import Celery\n\napp = Celery("proj")\n'


def _chosen(tasks: str, app: str = APP) -> dict[str, FieldValue]:
    _, project = scan_sources({"proj/celery.py": app, "proj/tasks.py": tasks})
    return {
        str(s.fields["function"]): s.fields["retry.delay_chosen"]
        for s in build_subjects(project)
        if s.kind == "task"
    }


def test_a_countdown_in_retry_kwargs_is_chosen_and_a_cap_alone_is_not() -> None:
    tasks = """\
from celery import shared_task

@shared_task(autoretry_for=(OSError,), retry_kwargs={"countdown": 600, "max_retries": 2})
def paced():
    pass

@shared_task(autoretry_for=(OSError,), retry_kwargs={"eta": None})
def at_eta():
    pass

@shared_task(autoretry_for=(OSError,), retry_kwargs={"max_retries": 2})
def capped():
    pass

@shared_task(autoretry_for=(OSError,))
def bare():
    pass
"""
    assert _chosen(tasks) == {"paced": True, "at_eta": True, "capped": False, "bare": False}


def test_default_retry_delay_on_a_base_class_or_the_app_task_cls() -> None:
    tasks = """\
from celery import Task, shared_task

class Patient(Task):
    default_retry_delay = 7 * 60

class Plain(Task):
    max_retries = 3

@shared_task(base=Patient, autoretry_for=(OSError,))
def through_base():
    pass

@shared_task(base=Plain, autoretry_for=(OSError,))
def through_plain_base():
    pass
"""
    assert _chosen(tasks) == {"through_base": True, "through_plain_base": False}
    app = APP.replace('Celery("proj")', 'Celery("proj", task_cls="proj.tasks:Patient")')
    only = "from celery import Task, shared_task\n\nclass Patient(Task):\n"
    only += "    default_retry_delay = 60\n\n@shared_task(autoretry_for=(OSError,))\ndef f():\n"
    only += "    pass\n"
    assert _chosen(only, app) == {"f": True}


def test_computed_retry_kwargs_cannot_be_decided() -> None:
    tasks = """\
from celery import shared_task
from django.conf import settings

@shared_task(autoretry_for=(OSError,), retry_kwargs=settings.RETRY_KWARGS)
def configured():
    pass
"""
    [value] = _chosen(tasks).values()
    assert isinstance(value, Undecidable)
