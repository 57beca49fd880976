"""``taskaudit inventory`` reads the project with the configuration ``scan`` reads."""

from __future__ import annotations

import json
from pathlib import Path

from cli.helpers import configured, invoke


def _names(*args: str) -> list[str]:
    done = invoke("inventory", *args, "--format", "json")
    assert done.exit_code == 0, done.output
    return [task["name"] for task in json.loads(done.stdout)["tasks"]]


def test_exclude_and_source_roots_of_the_project_change_what_is_listed(tmp_path: Path) -> None:
    assert _names(str(configured(tmp_path))) == ["app.tasks.ping"]


def test_without_the_configuration_everything_is_listed_by_its_own_path(tmp_path: Path) -> None:
    root = configured(tmp_path)
    assert _names(str(root), "--isolated") == ["tasks.ping", "old_jobs.old"]
    other = tmp_path / "other.toml"
    other.write_text('[tool.taskaudit]\nexclude = ["backend/"]\n')
    assert _names(str(root), "--config", str(other)) == ["old_jobs.old"]


def _inventory(root: Path, *args: str) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "taskaudit", "inventory", ".", "--no-cache", *args],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


def _app_only(root: Path) -> Path:
    (root / "proj").mkdir()
    (root / "proj" / "__init__.py").write_text("")
    (root / "proj" / "celery.py").write_text('from celery import Celery\n\napp = Celery("proj")\n')
    return root


def test_the_table_starts_with_what_the_scan_could_not_see(tmp_path: Path) -> None:
    lines = _inventory(_app_only(tmp_path)).splitlines()
    assert lines[:7] == [
        "could not see: the project uses Celery but no task declaration was recognised "
        "(set `task-decorators` in [tool.taskaudit])",
        "0 tasks found in a project that uses Celery: no task was audited, "
        "so the absence of task findings is not a clean bill of health",
        "",
        "Celery apps (1)",
        "app              where             configuration  read from",
        "proj.celery.app  proj/celery.py:3  defaults       -",
        "",
    ]


def test_a_project_seen_whole_starts_with_its_tables(tmp_path: Path) -> None:
    root = _app_only(tmp_path)
    (root / "proj" / "jobs.py").write_text(
        "from proj.celery import app\n\n\n@app.task(name='proj.jobs.ping')\ndef ping(): ...\n"
    )
    assert _inventory(root).splitlines()[:3] == [
        "Celery apps (1)",
        "app              where             configuration  read from",
        "proj.celery.app  proj/celery.py:3  defaults       -",
    ]


def test_the_json_carries_the_coverage_object(tmp_path: Path) -> None:
    data = json.loads(_inventory(_app_only(tmp_path), "--format", "json"))
    assert list(data["coverage"]) == sorted(data["coverage"])
    assert [g["setting"] for g in data["coverage"]["gaps"]] == ["task-decorators"]
    assert data["coverage"]["apps"][0]["config"] == "defaults"
