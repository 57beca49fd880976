"""A minimal Django + Celery project to vary one file of: the app, its settings, one task."""

from __future__ import annotations

from taskaudit.link.model import Project
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.resources import default_rules
from taskaudit.rules import evaluate, load_rules

CATALOG = load_rules([default_rules()], SCHEMA)
APP = (
    'from celery import Celery\n\napp = Celery("config")\n'
    'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
)
TASK = (
    "from celery import shared_task\n\n\n"
    '@shared_task(name="app.tasks.pull")\ndef pull():\n    return 1\n'
)


def project(settings: str, more: dict[str, str] | None = None) -> Project:
    """The project with ``settings`` as ``config/settings.py``, and ``more`` files."""
    files = {"config/celery.py": APP, "config/settings.py": settings, "app/tasks.py": TASK}
    return scan_sources({**files, **(more or {})})[1]


def findings(p: Project, *rules: str) -> list[tuple[str, int, str]]:
    """(rule, line, message) of the default catalog's findings of ``rules``."""
    result = evaluate(CATALOG, build_subjects(p))
    return [(f.rule_id, f.location.line, f.message) for f in result.findings if f.rule_id in rules]
