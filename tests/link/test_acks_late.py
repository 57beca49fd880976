"""A global `task_acks_late` reaches every task that does not set its own (TA502's `acks_late`)."""

from __future__ import annotations

from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules import FieldValue

APP = """\
from celery import Celery

app = Celery("proj")
app.config_from_object("django.conf:settings", namespace="CELERY")
"""

TASKS = """\
from celery import Task, shared_task
from django.core.mail import EmailMultiAlternatives

from proj.celery import app


class EarlyAck(Task):
    acks_late = False


@app.task(queue="web", time_limit=30)
def send_notice(recipient, subject, body):
    EmailMultiAlternatives(subject, body, None, [recipient]).send()


@shared_task(acks_late=False)
def send_digest(recipient):
    EmailMultiAlternatives("digest", "...", None, [recipient]).send()


@shared_task(base=EarlyAck)
def send_reminder(recipient):
    EmailMultiAlternatives("reminder", "...", None, [recipient]).send()
"""


def _acks(settings: str) -> dict[str, tuple[FieldValue, FieldValue]]:
    files = {"proj/celery.py": APP, "proj/tasks.py": TASKS, "proj/settings.py": settings}
    _, project = scan_sources(files)
    return {
        str(s.fields["function"]): (s.fields["acks_late"], s.fields["acks_late.source"])
        for s in build_subjects(project)
        if s.kind == "task"
    }


def test_a_module_level_setting_makes_every_other_task_ack_late() -> None:
    assert _acks("CELERY_TASK_ACKS_LATE = True\n") == {
        "send_notice": (True, "setting:task_acks_late"),
        "send_digest": (False, "decorator"),
        "send_reminder": (False, "base:proj.tasks.EarlyAck"),
    }


def test_a_false_setting_leaves_acks_early_and_says_where_that_comes_from() -> None:
    found = _acks("CELERY_TASK_ACKS_LATE = False\n")["send_notice"]
    assert found == (False, "setting:task_acks_late")
