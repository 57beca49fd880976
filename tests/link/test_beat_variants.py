"""Beat places counted per configuration: alternative settings modules are never added up."""

from __future__ import annotations

from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.resources import default_rules
from taskaudit.rules import evaluate, load_rules

CATALOG = load_rules([default_rules()], SCHEMA)
APP = (
    "from celery import Celery\n"
    'app = Celery("site")\n'
    'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
)
TASKS = """\
from celery import shared_task


@shared_task(name="site.tasks.sweep")
def sweep():
    return 1


@shared_task(name="site.tasks.digest")
def digest():
    return 2
"""
BASE = 'CELERY_BROKER_URL = "redis://"\n'


def _schedule(*keys: str) -> str:
    entries = "".join(
        f'    "{key}": {{"task": "site.tasks.sweep", "schedule": 60.0}},\n' for key in keys
    )
    return "CELERY_BEAT_SCHEDULE = {\n" + entries + "}\n"


def _flagged(files: dict[str, str]) -> list[tuple[str, int]]:
    common = {"site/__init__.py": "", "site/celery.py": APP, "site/tasks.py": TASKS}
    project = scan_sources({**common, "site/settings/base.py": BASE, **files})[1]
    result = evaluate(CATALOG, build_subjects(project))
    return [(f.location.path, f.location.line) for f in result.findings if f.rule_id == "TA803"]


def test_sibling_settings_modules_are_separate_configurations() -> None:
    files = {
        "site/settings/staging.py": "from .base import *\n" + _schedule("a", "b", "c"),
        "site/settings/live.py": "from .base import *\n" + _schedule("a", "b"),
    }
    assert _flagged(files) == []


def test_a_file_every_configuration_runs_counts_in_each() -> None:
    # celery.py is imported whatever the settings: in each configuration it is a second place.
    celery = (
        APP + 'app.conf.beat_schedule = {"tidy": {"task": "site.tasks.digest", "schedule": 9.0}}\n'
    )
    files = {
        "site/celery.py": celery,
        "site/settings/staging.py": "from .base import *\n" + _schedule("a", "b", "c"),
        "site/settings/live.py": "from .base import *\n" + _schedule("a", "b"),
    }
    assert _flagged(files) == [("site/celery.py", 4)]


def test_near_miss_a_module_that_imports_the_other_is_one_configuration() -> None:
    files = {
        "site/settings/staging.py": "from .base import *\n" + _schedule("a", "b", "c"),
        "site/settings/live.py": "from .staging import *\n" + _schedule("d", "e"),
    }
    assert _flagged(files) == [("site/settings/live.py", 3)]


def test_near_miss_a_shared_base_and_a_variant_are_two_places_of_that_variant() -> None:
    files = {
        "site/settings/base.py": BASE + _schedule("a", "b", "c"),
        "site/settings/staging.py": "from .base import *\n" + _schedule("d"),
        "site/settings/live.py": "from .base import *\n",
    }
    assert _flagged(files) == [("site/settings/staging.py", 3)]
