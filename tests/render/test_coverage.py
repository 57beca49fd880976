"""What the scan could not see, as the lines the summary and the inventory start with."""

from __future__ import annotations

import dataclasses

from taskaudit.core.location import Location
from taskaudit.link.coverage import Coverage, Gap
from taskaudit.pipeline import scan_sources
from taskaudit.render.coverage import coverage_lines, nothing_audited

APP = 'from celery import Celery\n\napp = Celery("proj")\n'
TASK = "from celery import shared_task\n\n\n@shared_task(name='proj.jobs.ping')\ndef ping(): ...\n"


def test_a_celery_project_with_no_task_says_nothing_was_audited() -> None:
    _, project = scan_sources({"proj/celery.py": APP})
    assert nothing_audited(project)
    assert coverage_lines(project) == [
        "could not see: the project uses Celery but no task declaration was recognised "
        "(set `task-decorators` in [tool.taskaudit])",
        "0 tasks found in a project that uses Celery: no task was audited, "
        "so the absence of task findings is not a clean bill of health",
    ]


def test_a_project_that_sees_its_tasks_has_nothing_to_say() -> None:
    _, project = scan_sources({"proj/celery.py": APP, "proj/jobs.py": TASK})
    assert (nothing_audited(project), coverage_lines(project)) == (False, [])


def test_a_project_without_celery_is_not_a_gap() -> None:
    _, project = scan_sources({"proj/views.py": "def index():\n    return 1\n"})
    assert (nothing_audited(project), coverage_lines(project)) == (False, [])


def _with(*gaps: Gap) -> list[str]:
    _, project = scan_sources({"proj/celery.py": APP, "proj/jobs.py": TASK})
    return coverage_lines(dataclasses.replace(project, coverage=Coverage(gaps=gaps)))


def test_identical_gaps_at_several_places_are_one_line() -> None:
    reason = "the configuration `proj.conf` is not in the scanned tree"
    gaps = [Gap("config", reason, "source-roots", Location(f"app{i}.py", i)) for i in range(1, 6)]
    assert _with(*gaps) == [
        "could not see: the configuration `proj.conf` is not in the scanned tree "
        "(set `source-roots` in [tool.taskaudit]); at app1.py:1, app2.py:2, app3.py:3 and 2 more"
    ]


def test_gaps_that_differ_in_reason_or_setting_keep_their_own_lines() -> None:
    where = Location("proj/celery.py", 4)
    assert _with(
        Gap("config", "`conf.update(**x)` is computed", None, where),
        Gap("config", "`conf.update(**x)` is computed", "settings", where),
        Gap("registry", "1 Celery-shaped file(s) could not be parsed: `proj/broken.py`"),
    ) == [
        "could not see: `conf.update(**x)` is computed; at proj/celery.py:4",
        "could not see: `conf.update(**x)` is computed (set `settings` in [tool.taskaudit]); "
        "at proj/celery.py:4",
        "could not see: 1 Celery-shaped file(s) could not be parsed: `proj/broken.py`",
    ]
