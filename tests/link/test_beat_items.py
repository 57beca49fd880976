"""Beat entries joined to the tasks they fire, with their schedules in words."""

from __future__ import annotations

from taskaudit.link.beat import beat_items
from taskaudit.link.model import BeatItem
from taskaudit.link.names import Names
from taskaudit.pipeline import scan_sources

PACKAGE = "from .celery import app as celery_app\n"
APP = """\
from celery import Celery
from celery.schedules import crontab

from apps.sync.tasks import pull, push
from apps.sync import helpers

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.on_after_configure.connect
def setup_periodic_tasks(sender, **kwargs):
    # owner: data team
    sender.add_periodic_task(crontab(minute=15, hour=5, day_of_week=1), pull.s(), name="weekly")
    sender.add_periodic_task(30.0, push.s("x"))
    sender.add_periodic_task(crontab(hour=7), helpers.tidy.s(), name="tidy")
"""
SETTINGS = """\
from datetime import timedelta

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    # Doctolib sync, see the runbook
    "doctolib-nightly": {"task": "sync.doctolib", "schedule": crontab(minute=0, hour=3)},
    "imports": {"task": "apps.imports.tasks.load", "schedule": timedelta(minutes=15)},
    "by-import-path": {"task": "apps.sync.tasks.pull", "schedule": 300},
    "ghost": {"task": "apps.gone.tasks.old", "schedule": 3600},
    "not-an-entry": {"task": "apps.imports.tasks.load"},
    "also-not": {"schedule": 60},
}
CELERY_BEAT_SCHEDULE["dq"] = {"task": "apps.dq.tasks.check", "schedule": crontab(hour=7)}
"""
SYNC = """\
from celery import shared_task


@shared_task(name="sync.doctolib")
def pull(): ...


@shared_task
def push(x): ...
"""
HELPERS = "def tidy(): ...\n"
IMPORTS = "from celery import shared_task\n\n\n@shared_task\ndef load(): ...\n"
DQ = "from config import celery_app\n\n\n@celery_app.task\ndef check(): ...\n"
FILES = {
    "config/__init__.py": PACKAGE,
    "config/celery.py": APP,
    "config/settings.py": SETTINGS,
    "apps/sync/tasks.py": SYNC,
    "apps/sync/helpers.py": HELPERS,
    "apps/imports/tasks.py": IMPORTS,
    "apps/dq/tasks.py": DQ,
}


def items(files: dict[str, str]) -> tuple[BeatItem, ...]:
    facts, project = scan_sources(files)
    modules = {f.python.module: f.python for f in facts if f.python is not None}
    by_object = {f"{t.module}.{t.function}": t for t in project.tasks}
    by_name = {t.name: t for t in project.tasks if t.name_known}
    return beat_items(modules, Names(modules), by_object, by_name)


def summary(found: tuple[BeatItem, ...]) -> list[tuple[str, str | None, str | None, str, str]]:
    """(key, task name, the declared function it reached or None, schedule in words, where)."""
    return [
        (
            b.key,
            b.task_name,
            f"{b.task.module}.{b.task.function}" if b.task else None,
            b.schedule_words,
            f"{b.entry.location.path}:{b.entry.location.line}",
        )
        for b in found
    ]


def test_every_entry_with_its_task_and_schedule_in_words() -> None:
    assert summary(items(FILES)) == [
        (
            "weekly",
            "sync.doctolib",
            "apps.sync.tasks.pull",
            "Mondays at 05:15",
            "config/celery.py:14",
        ),
        (
            "<unnamed: apps.sync.tasks.push>",
            "apps.sync.tasks.push",
            "apps.sync.tasks.push",
            "every 30 seconds",
            "config/celery.py:15",
        ),
        (
            "tidy",
            "apps.sync.helpers.tidy",
            None,
            "every minute from 07:00 to 07:59",
            "config/celery.py:16",
        ),
        (
            "doctolib-nightly",
            "sync.doctolib",
            "apps.sync.tasks.pull",
            "daily at 03:00",
            "config/settings.py:7",
        ),
        (
            "imports",
            "apps.imports.tasks.load",
            "apps.imports.tasks.load",
            "every 15 minutes",
            "config/settings.py:8",
        ),
        # Celery looks a dict entry up by registered name, not import path.
        ("by-import-path", "apps.sync.tasks.pull", None, "every 5 minutes", "config/settings.py:9"),
        ("ghost", "apps.gone.tasks.old", None, "every hour", "config/settings.py:10"),
        (
            "dq",
            "apps.dq.tasks.check",
            "apps.dq.tasks.check",
            "every minute from 07:00 to 07:59",
            "config/settings.py:14",
        ),
    ]


def test_schedule_text_partial_fields_and_comments() -> None:
    found = {b.key: b for b in items(FILES)}
    assert [
        (key, found[key].schedule_text, found[key].partial, found[key].entry.comment)
        for key in ("weekly", "doctolib-nightly", "dq", "tidy")
    ] == [
        ("weekly", "crontab(minute=15, hour=5, day_of_week=1)", (), "owner: data team"),
        ("doctolib-nightly", "crontab(minute=0, hour=3)", (), "Doctolib sync, see the runbook"),
        ("dq", "crontab(hour=7)", ("minute",), None),
        ("tidy", "crontab(hour=7)", ("minute",), None),
    ]


def test_signature_through_a_reexport_reaches_the_task() -> None:
    app = """\
from celery import Celery

from apps.sync import pull

app = Celery("config")


@app.on_after_finalize.connect
def schedule(sender, **kwargs):
    sender.add_periodic_task(60, pull.si(), name="pull every minute")
"""
    files = {
        "config/celery.py": app,
        "apps/sync/__init__.py": "from .tasks import pull\n",
        "apps/sync/tasks.py": SYNC,
    }
    assert summary(items(files)) == [
        (
            "pull every minute",
            "sync.doctolib",
            "apps.sync.tasks.pull",
            "every minute",
            "config/celery.py:10",
        )
    ]


def test_computed_keys_tasks_and_schedules() -> None:
    settings = """\
import os

KEY = os.environ["BEAT_KEY"]
CELERY_BEAT_SCHEDULE = {
    KEY: {"task": "apps.imports.tasks.load", "schedule": 60},
    "env-task": {"task": os.environ["TASK"], "schedule": 60},
    "env-every": {"task": "apps.imports.tasks.load", "schedule": float(os.environ["EVERY"])},
}
"""
    found = items({"config/settings.py": settings, "apps/imports/tasks.py": IMPORTS})
    assert [(b.key, b.task_name, b.task is None, b.schedule_words) for b in found] == [
        ("?", "apps.imports.tasks.load", False, "every minute"),
        ("env-task", None, True, "every minute"),
        ("env-every", "apps.imports.tasks.load", False, "schedule computed at run time"),
    ]


def test_no_entries_without_both_task_and_schedule() -> None:
    settings = """\
CELERY_BEAT_SCHEDULE = {}
NOT_BEAT = {"x": {"task": "a.b"}}
SCHEDULES = {"y": {"schedule": 60}}
OPTIONS = {"z": {"task": "a.b", "options": {"queue": "light"}}}
"""
    assert items({"config/settings.py": settings}) == ()


def test_a_dict_entry_names_a_task_by_a_literal_or_a_task_objects_name() -> None:
    from taskaudit.link.subjects import build_subjects
    from taskaudit.rules import Undecidable

    tasks = "from celery import shared_task\n\n@shared_task\ndef pull():\n    pass\n"
    schedule = """\
from celery import Celery

from apps.sync.tasks import pull
from apps.sync.registry import REPORT_TASK, plugin

app = Celery("config")
app.conf.beat_schedule = {
    "by-object-name": {"task": pull.name, "schedule": 60},
    "by-constant": {"task": REPORT_TASK, "schedule": 60},
    "by-attribute": {"task": plugin.dotted_path, "schedule": 60},
}
"""
    _, project = scan_sources({"apps/sync/tasks.py": tasks, "config/celery.py": schedule})
    assert [(b.key, b.task_name) for b in project.beat] == [
        ("by-object-name", "apps.sync.tasks.pull"),
        ("by-constant", None),
        ("by-attribute", None),
    ]
    subjects = [s for s in build_subjects(project) if s.kind == "beat_entry"]
    known = [s.fields["task.known"] for s in subjects]
    assert known[0] is True
    assert all(isinstance(k, Undecidable) for k in known[1:])
    # Entries named at run time are templates: their comment cannot be judged either.
    assert [isinstance(s.fields["comment"], Undecidable) for s in subjects] == [False, True, True]
