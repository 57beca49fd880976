"""``taskaudit explain``: the place as the terminal prints it; plain answers when none is there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli.helpers import configured


def _explain(root: Path, *args: str) -> tuple[int, list[str], str]:
    done = subprocess.run(
        [sys.executable, "-m", "taskaudit", "explain", *args, "--no-cache"],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    headers = [line for line in done.stdout.splitlines() if line and not line.startswith(" ")]
    return done.returncode, headers, done.stderr


def test_path_line_and_column_pick_the_findings_there(tmp_path: Path) -> None:
    root = configured(tmp_path)
    # No Celery app in the tree: whether Sentry is set up is undecidable (TA002), no TA404.
    everything = ["TA101", "TA301"]
    for place in ("backend/app/tasks.py", "backend/app/tasks.py:5", "backend/app/tasks.py:5:1"):
        code, headers, _ = _explain(root, place)
        assert (code, [h.split()[1] for h in headers]) == (0, everything), place
    assert _explain(root, "backend/app/tasks.py:5:1:")[:2] == (0, headers)


def test_no_finding_at_that_place_says_where_the_file_has_some(tmp_path: Path) -> None:
    root = configured(tmp_path)
    assert _explain(root, "backend/app/tasks.py:5:9") == (
        1,
        [],
        "taskaudit: no finding at backend/app/tasks.py:5:9; "
        "this file has findings at 5:1 TA101, 5:1 TA301\n",
    )
    (root / "backend" / "app" / "clean.py").write_text("x = 1\n")
    assert _explain(root, "backend/app/clean.py:1") == (
        1,
        [],
        "taskaudit: no finding at backend/app/clean.py:1\n",
    )


def test_a_file_the_scan_does_not_read_is_said_to_be_unread(tmp_path: Path) -> None:
    code, headers, stderr = _explain(configured(tmp_path), "legacy/old_jobs.py:5")
    assert (code, headers) == (1, [])
    assert stderr == (
        "taskaudit: no finding in legacy/old_jobs.py: the scan does not read it "
        "(excluded, or not a kind of file taskaudit reads)\n"
    )


@pytest.mark.parametrize(
    ("place", "stderr"),
    [
        ("backend/app/gone.py:3", "taskaudit: backend/app/gone.py: no such file\n"),
        ("backend/app", "taskaudit: backend/app: is a directory, not a file\n"),
        (
            "backend/app/tasks.py:0",
            "taskaudit: 'backend/app/tasks.py:0': expected PATH, PATH:LINE or PATH:LINE:COL "
            "(counted from 1), e.g. apps/sync/tasks.py:127:9\n",
        ),
    ],
)
def test_a_file_that_is_not_there_is_exit_2_and_one_line(
    tmp_path: Path, place: str, stderr: str
) -> None:
    assert _explain(configured(tmp_path), place) == (2, [], stderr)


def test_a_path_from_the_current_folder_inside_the_project_is_taken(tmp_path: Path) -> None:
    root = configured(tmp_path)
    code, headers, _ = _explain(root / "backend", "app/tasks.py:5", "--root", "..")
    assert (code, headers[0].split()[:2]) == (0, ["backend/app/tasks.py:5:1", "TA101"])
