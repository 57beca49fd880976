"""TA404 when the settings module, where Django projects call ``sentry_sdk.init``, is unread."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.resources import default_rules
from taskaudit.rules import evaluate, load_rules

CATALOG = load_rules([default_rules()], SCHEMA)
TASKS = """\
from celery import shared_task


@shared_task(name="hub.tasks.ping")
def ping():
    return 1
"""


def _app(settings_module: str) -> str:
    return (
        "import os\n"
        "from celery import Celery\n"
        f'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{settings_module}")\n'
        'app = Celery("hub")\n'
        'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
    )


def _outcomes(files: dict[str, str]) -> tuple[list[int], list[str]]:
    result = evaluate(CATALOG, build_subjects(scan_sources(files)[1]))
    flagged = [f.location.line for f in result.findings if f.rule_id == "TA404"]
    undecided = [r for u in result.undecided if u.rule_id == "TA404" for r in u.reasons]
    return flagged, undecided


def test_a_missing_deployment_settings_module_makes_a_never_called_init_undecidable() -> None:
    files = {
        "hub/celery.py": _app("hub.settings"),
        "hub/settings_common.py": 'CELERY_BROKER_URL = "redis://"\n',
        "hub/tasks.py": TASKS,
    }
    reason = (
        "DJANGO_SETTINGS_MODULE names `hub.settings`, which is not in the scanned tree "
        "at hub/celery.py:5 (set `settings` in [tool.taskaudit])"
    )
    assert _outcomes(files) == ([], [reason])


def test_near_miss_with_the_settings_read_no_call_is_a_finding() -> None:
    files = {
        "hub/celery.py": _app("hub.settings"),
        "hub/settings.py": 'CELERY_BROKER_URL = "redis://"\n',
        "hub/tasks.py": TASKS,
    }
    assert _outcomes(files) == ([4], [])


def test_near_miss_settings_filled_through_globals_hide_values_not_a_call() -> None:
    settings = 'CELERY_BROKER_URL = "redis://"\napply_overrides(globals())\n'
    files = {
        "hub/celery.py": _app("hub.settings"),
        "hub/settings.py": settings,
        "hub/tasks.py": TASKS,
    }
    gaps = scan_sources(files)[1].coverage.gaps
    assert [(g.scope, g.setting, g.location) for g in gaps] == [
        ("config", None, Location("hub/settings.py", 2, 1))
    ]
    assert _outcomes(files) == ([4], [])
