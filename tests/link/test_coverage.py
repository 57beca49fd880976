"""Coverage: what the model could not see, and the findings that must not rest on it."""

from __future__ import annotations

from taskaudit.link.coverage import Gap
from taskaudit.link.model import Project
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.resources import default_rules
from taskaudit.rules import evaluate, load_rules

CATALOG = load_rules([default_rules()], SCHEMA)
APP = 'from celery import Celery\n\napp = Celery("config")\n'
DJANGO_APP = APP + 'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
TASK = (
    "from celery import shared_task\n\n\n"
    '@shared_task(name="app.tasks.pull")\ndef pull():\n    return 1\n'
)


def _project(files: dict[str, str]) -> Project:
    return scan_sources(files)[1]


def _gaps(files: dict[str, str]) -> list[tuple[str, str, str | None]]:
    return [(g.scope, g.reason, g.setting) for g in _project(files).coverage.gaps]


def _outcomes(files: dict[str, str], rule_id: str) -> tuple[list[int], list[str]]:
    """(lines flagged, reasons undecided) for one rule."""
    result = evaluate(CATALOG, build_subjects(_project(files)))
    flagged = [f.location.line for f in result.findings if f.rule_id == rule_id]
    undecided = [r for u in result.undecided if u.rule_id == rule_id for r in u.reasons]
    return flagged, undecided


def test_an_app_that_is_seen_and_read_leaves_no_gap_and_the_rule_decides() -> None:
    files = {"config/celery.py": APP, "config/settings.py": "X = 1\n", "app/tasks.py": TASK}
    assert _gaps(files) == []
    assert [a.config for a in _project(files).coverage.apps] == ["defaults"]
    assert _outcomes(files, "TA601") == ([5], [])


def test_no_app_in_sight_makes_config_rules_undecidable_with_the_setting_to_fix() -> None:
    files = {"app/tasks.py": TASK}
    reason = "no Celery app (`Celery(...)`) was found, so its configuration is unknown"
    assert _gaps(files) == [("config", reason, "celery-app")]
    assert _outcomes(files, "TA601") == ([], [f"{reason} (set `celery-app` in [tool.taskaudit])"])
    assert _outcomes(files, "TA701")[0] == []


def test_what_the_task_says_itself_is_still_decided_without_the_config() -> None:
    task = TASK.replace('name="app.tasks.pull"', 'name="app.tasks.pull", time_limit=60')
    assert _outcomes({"app/tasks.py": task}, "TA601") == ([], [])


def test_a_computed_config_object_is_opaque() -> None:
    app = APP + 'import os\napp.config_from_object(os.environ["CELERY_CONFIG"])\n'
    files = {"config/celery.py": app, "app/tasks.py": TASK}
    project = _project(files)
    assert [a.config for a in project.coverage.apps] == ["opaque"]
    assert [g.setting for g in project.coverage.of("config")] == ["settings"]
    assert _outcomes(files, "TA601")[0] == []


def test_a_computed_conf_update_is_a_gap_at_its_line() -> None:
    app = APP + "app.conf.update(**load_settings())\n"
    gaps = _project({"config/celery.py": app, "app/tasks.py": TASK}).coverage.gaps
    assert [(g.scope, g.location.line if g.location else None) for g in gaps] == [("config", 4)]


def test_a_settings_module_named_but_not_in_the_tree_is_a_gap() -> None:
    app = (
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.prod")\n'
        + DJANGO_APP
    )
    files = {"config/celery.py": app, "config/settings.py": "CELERY_X = 1\n", "app/tasks.py": TASK}
    reason = "DJANGO_SETTINGS_MODULE names `proj.settings.prod`, which is not in the scanned tree"
    # Not in the repository (generated at deploy time): `settings` names the one to read.
    assert ("config", reason, "settings") in _gaps(files)
    # Under a longer module path: the import root is misread.
    moved = {**files, "src/proj/settings/prod.py": "CELERY_Y = 2\n"}
    assert ("config", reason, "source-roots") in _gaps(moved)


def test_a_task_decorator_of_an_app_under_another_import_root_is_a_registry_gap() -> None:
    files = {
        "backend/proj/celery_app.py": APP,
        "backend/core/tasks.py": (
            "from proj.celery_app import app\n\n\n@app.task\ndef pull():\n    return 1\n"
        ),
        "backend/core/beat.py": "CELERY_BEAT_SCHEDULE = {'p': {'task': 'core.tasks.pull'}}\n",
    }
    gaps = _project(files).coverage.of("registry")
    assert [(g.setting, g.location.line if g.location else None) for g in gaps] == [
        ("source-roots", 5),
        ("task-decorators", None),
    ]


def test_another_librarys_task_decorator_and_an_invoke_wrapper_are_no_gap() -> None:
    files = {
        "config/celery.py": APP,
        "app/tasks.py": TASK,
        "jobs/queue.py": "import huey\n\n\n@huey.task()\ndef crunch():\n    return 1\n",
        "tasks/__init__.py": "def task(f):\n    return f\n\n\n@task\ndef deploy(c):\n    pass\n",
    }
    assert _project(files).coverage.of("registry") == ()


def test_an_unparsable_task_module_makes_unknown_task_names_undecidable() -> None:
    beat = "CELERY_BEAT_SCHEDULE = {'nightly': {'task': 'reports.send', 'schedule': 60}}\n"
    files = {
        "config/celery.py": DJANGO_APP,
        "config/settings.py": beat,
        "app/tasks.py": TASK,
        "reports/tasks.py": "from celery import shared_task\n\n@shared_task(\ndef send(:\n",
    }
    flagged, undecided = _outcomes(files, "TA801")
    assert flagged == []
    assert undecided == ["`reports/tasks.py` could not be parsed and mentions `send`"]
    without = {k: v for k, v in files.items() if k != "reports/tasks.py"}
    assert _outcomes(without, "TA801") == ([1], [])


BROKEN = """from celery import shared_task

@shared_task(name="reports.weekly")
def weekly(:
    pass

class Digest(Task):
    name = "reports.digest"  # its own name
"""


def _with_broken(settings: str, broken: str = BROKEN, views: str = "") -> dict[str, str]:
    files = {
        "config/celery.py": DJANGO_APP,
        "config/settings.py": settings,
        "app/tasks.py": TASK,
        "reports/tasks.py": broken,
    }
    if views:
        files["app/views.py"] = views
    return files


def test_an_unparsable_file_hides_only_the_names_it_could_declare() -> None:
    beat = """CELERY_BEAT_SCHEDULE = {
    "by-literal": {"task": "reports.weekly", "schedule": 60},
    "by-class-name": {"task": "reports.digest", "schedule": 60},
    "by-function": {"task": "reports.tasks.weekly", "schedule": 60},
    "elsewhere": {"task": "billing.close", "schedule": 60},
}
"""
    flagged, undecided = _outcomes(_with_broken(beat), "TA801")
    assert flagged == [5]  # no file could register `billing.close`
    assert undecided == [
        "`reports/tasks.py` could not be parsed and mentions `reports.weekly`",
        "`reports/tasks.py` could not be parsed and mentions `reports.digest`",
        "`reports/tasks.py` could not be parsed and mentions `reports.tasks.weekly`",
    ]


def test_send_task_and_routes_are_decided_for_names_the_file_cannot_declare() -> None:
    views = (
        "from config.celery import app\n\n\ndef run():\n"
        '    app.send_task("reports.weekly")\n    app.send_task("billing.close")\n'
    )
    routes = "CELERY_TASK_ROUTES = {'reports.*': {'queue': 'r'}, 'billing.*': {'queue': 'b'}}\n"
    files = _with_broken(routes, views=views)
    assert _outcomes(files, "TA903") == (
        [6],
        ["`reports/tasks.py` could not be parsed and mentions `reports.weekly`"],
    )
    assert _outcomes(files, "TA604") == (
        [1],
        ["`reports/tasks.py` could not be parsed and mentions `reports.digest`"],
    )


def test_a_name_computed_in_an_unparsable_file_may_be_any_name() -> None:
    broken = BROKEN.replace('name="reports.weekly"', 'name=PREFIX + ".weekly"')
    beat = "CELERY_BEAT_SCHEDULE = {'x': {'task': 'billing.close', 'schedule': 60}}\n"
    reason = (
        "`reports/tasks.py` could not be parsed and names a task by a value computed at run time"
    )
    assert _outcomes(_with_broken(beat, broken), "TA801") == ([], [reason])


def test_a_broken_test_module_is_not_a_gap() -> None:
    files = {
        "config/celery.py": APP,
        "app/tasks.py": TASK,
        "app/tests/test_tasks.py": "from celery import shared_task\n\ndef broken(:\n",
    }
    assert _project(files).coverage.gaps == ()


def test_a_gap_says_its_fix_in_one_clause() -> None:
    gap = Gap("registry", "3 files could not be parsed")
    assert gap.because() == "3 files could not be parsed"
    fixed = Gap("config", "no settings module was found", "settings")
    assert fixed.because() == "no settings module was found (set `settings` in [tool.taskaudit])"
