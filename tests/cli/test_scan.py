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
