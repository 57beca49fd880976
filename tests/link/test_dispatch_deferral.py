"""TA901's advice names `*_on_commit` only on a Celery that has it.

Measured in throw-away virtualenvs (``bench/celery_measure.py``, every 5.x
release): the task class of an app under Django has ``delay_on_commit`` and
``apply_async_on_commit`` from 5.4.0 on; 5.3.6 has neither.
"""

from __future__ import annotations

from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.resources import default_rules
from taskaudit.rules import evaluate, load_rules

CATALOG = load_rules([default_rules()], SCHEMA)
FILES = {
    "config/celery.py": 'from celery import Celery\n\napp = Celery("config")\n',
    "app/tasks.py": (
        "from celery import shared_task\n\n\n"
        '@shared_task(name="app.tasks.sync")\ndef sync(pk):\n    return pk\n'
    ),
    "app/views.py": (
        "from django.db import transaction\n\n"
        "from app.tasks import sync\nfrom config.celery import app\n\n\n"
        "def save(row):\n    with transaction.atomic():\n        row.save()\n"
        "        sync.delay(row.pk)\n"
        '        app.send_task("app.tasks.sync", args=[row.pk])\n'
    ),
}


def advice(requirements: str | None) -> list[str]:
    files = dict(FILES)
    if requirements is not None:
        files["requirements.txt"] = requirements
    result = evaluate(CATALOG, build_subjects(scan_sources(files)[1]))
    return [
        f.message.partition("rolls back); ")[2] for f in result.findings if f.rule_id == "TA901"
    ]


def test_from_5_4_0_the_on_commit_method_is_offered() -> None:
    assert advice("celery==5.4.0\n") == [
        "send it from `transaction.on_commit(...)` or use `delay_on_commit`",
        "send it from `transaction.on_commit(...)`",  # send_task has no *_on_commit
    ]


def test_before_5_4_0_it_is_not() -> None:
    assert advice("celery==5.3.6\n")[0] == (
        "send it from `transaction.on_commit(...)` (`delay_on_commit` arrives in Celery 5.4.0; "
        "the project runs 5.3.6 (declared in requirements.txt))"
    )


def test_unknown_or_spanning_releases_say_from_which_release() -> None:
    expected = (
        "send it from `transaction.on_commit(...)`, "
        "or on Celery 5.4.0 and later use `delay_on_commit`"
    )
    assert advice(None)[0] == expected
    assert advice("celery>=5.3,<5.5\n")[0] == expected
