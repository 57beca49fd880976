"""``taskaudit scan`` at the command line: the report month against an injected clock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TASK = "from celery import shared_task\n\n\n@shared_task\ndef ping():\n    pass\n"
REPORT = Path("roadmap/backlog/celery-task-drift-{month}.md")


def _scan(root: Path, today: str, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "taskaudit", "scan", ".", "--no-cache", "--quiet", *args],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
        # TASKAUDIT_TODAY stands in for the clock: nothing here depends on the day it runs.
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "TASKAUDIT_TODAY": today},
    )
    return done.returncode, done.stderr


def _project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "tasks.py").write_text(TASK)
    return tmp_path


def test_the_default_month_is_the_clocks(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _scan(root, "2026-12-02") == (1, "")
    assert (root / str(REPORT).format(month="2026-12")).is_file()


def test_last_months_report_is_not_rewritten_from_todays_code(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _scan(root, "2026-11-30") == (1, "")
    november = root / str(REPORT).format(month="2026-11")
    written = november.read_text()
    (root / "app" / "more.py").write_text(TASK.replace("ping", "pong"))
    code, stderr = _scan(root, "2026-12-01", "--month", "2026-11")
    assert (code, stderr) == (
        2,
        f"taskaudit: {november.relative_to(root)} is the report of 2026-11, a past month, "
        "and is not rewritten "
        "from today's code; use --force to replace it\n",
    )
    assert november.read_text() == written
    assert _scan(root, "2026-12-01", "--month", "2026-11", "--force") == (1, "")
    assert november.read_text() != written


def test_a_past_month_with_no_report_yet_is_written(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _scan(root, "2026-12-01", "--month", "2026-11") == (1, "")
    assert (root / str(REPORT).format(month="2026-11")).is_file()


def test_next_month_is_accepted_and_the_one_after_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _scan(root, "2026-12-31", "--month", "2027-01") == (1, "")
    assert _scan(root, "2026-12-31", "--month", "2031-07") == (
        2,
        "taskaudit: --month 2031-07 is more than one month ahead; "
        "a report is written for this month, next month or a past one\n",
    )
    assert not (root / str(REPORT).format(month="2031-07")).exists()


APP = 'from celery import Celery\n\napp = Celery("proj")\n'
UNSEEN = [
    "taskaudit: could not see: the project uses Celery but no task declaration was recognised "
    "(set `task-decorators` in [tool.taskaudit])",
    "taskaudit: 0 tasks found in a project that uses Celery: no task was audited, "
    "so the absence of task findings is not a clean bill of health",
]


def _unseen(tmp_path: Path) -> Path:
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "__init__.py").write_text("")
    (tmp_path / "proj" / "celery.py").write_text(APP)
    return tmp_path


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taskaudit", "scan", ".", "--no-cache", *args],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "TASKAUDIT_TODAY": "2026-12-02"},
    )


def test_the_summary_starts_with_what_the_scan_could_not_see(tmp_path: Path) -> None:
    done = _run(_unseen(tmp_path), "--select", "TA1")
    lines = done.stderr.splitlines()
    assert (done.returncode, lines[:2]) == (0, UNSEEN)
    assert lines[2] == "taskaudit: 2 files, 0 tasks; 0 open findings (0 error, 0 warning, 0 info)"
    # No finding here is not "no drift".
    assert (
        lines[-1] == "  nothing audited: no report written (use --write-clean to write one anyway)"
    )


def test_the_text_format_says_it_on_stderr_and_keeps_stdout_for_findings(tmp_path: Path) -> None:
    root = _unseen(tmp_path)
    done = _run(root, "--format", "text", "--select", "TA1")
    assert (done.returncode, done.stderr.splitlines()) == (0, UNSEEN)
    assert "could not see" not in done.stdout
    assert _run(root, "--format", "text", "--select", "TA1", "--quiet").stderr == ""


def test_machine_formats_carry_coverage_in_the_json_only(tmp_path: Path) -> None:
    import json

    done = _run(_unseen(tmp_path), "--format", "json")
    assert done.stderr == ""
    assert json.loads(done.stdout)["coverage"] == {
        "apps": [
            {
                "app": "proj.celery.app",
                "config": "defaults",
                "line": 3,
                "path": "proj/celery.py",
                "sources": [],
            }
        ],
        "beat_found": False,
        "celery_used": True,
        "gaps": [
            {
                "line": None,
                "path": None,
                "reason": "the project uses Celery but no task declaration was recognised",
                "scope": "registry",
                "setting": "task-decorators",
            }
        ],
        "registry_complete": False,
        "settings_read": [],
        "unparsed": [],
        "workers_found": False,
    }


def test_a_project_that_was_seen_whole_prints_no_coverage_line(tmp_path: Path) -> None:
    root = _project(tmp_path)  # a task, no app, no settings: nothing hides a task
    (root / "app" / "__init__.py").write_text("")
    done = _run(root, "--format", "text", "--select", "TA1")
    assert [line for line in done.stderr.splitlines() if "could not see: the project" in line] == []
    assert "0 tasks found" not in done.stderr
