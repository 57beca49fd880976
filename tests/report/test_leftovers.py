from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from taskaudit.report.leftovers import ABANDONED_SECONDS, GRACE_SECONDS, remove_leftovers
from taskaudit.report.state import embed_state
from taskaudit.report.writer import write_report

REPORT = embed_state("# Drift\n", "2026-11", [])


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    code = "import os; print(os.getpid())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout)


def _leftover(folder: Path, name: str, age: float) -> Path:
    path = folder / name
    path.write_text("half a report", encoding="utf-8")
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


KILLED_WRITE = """
import os, pathlib, sys
from taskaudit.report.writer import write_report
pathlib.Path.replace = lambda self, target: os._exit(9)  # dies between write and rename
write_report(pathlib.Path(sys.argv[1]), "# Drift\\n", force=False)
"""


def test_a_killed_writes_leftover_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "celery-task-drift-2026-12.md"
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(target)], check=False)
    assert killed.returncode == 9
    (leftover,) = tmp_path.iterdir()
    assert leftover.name.startswith(".celery-task-drift-2026-12.md.taskaudit-")
    assert leftover.read_text(encoding="utf-8") == "# Drift\n"
    stamp = time.time() - GRACE_SECONDS * 2
    os.utime(leftover, (stamp, stamp))
    write_report(target, REPORT, force=False)
    assert [p.name for p in tmp_path.iterdir()] == ["celery-task-drift-2026-12.md"]
    assert target.read_text(encoding="utf-8") == REPORT


def test_only_taskaudits_own_abandoned_temporary_files_go(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getpid()
    kept = [
        # being written: young, whatever its pid says
        _leftover(tmp_path, f".report.md.taskaudit-{dead}.fresh1.tmp", GRACE_SECONDS / 2),
        # its writer still runs
        _leftover(tmp_path, f".report.md.taskaudit-{alive}.live01.tmp", 600),
        # not taskaudit's pattern: an editor's swap file, an older mkstemp name, a report
        _leftover(tmp_path, ".report.md.a8f3k2.tmp", ABANDONED_SECONDS * 2),
        _leftover(tmp_path, f".report.md.taskaudit-{dead}.swp", ABANDONED_SECONDS * 2),
        _leftover(tmp_path, f"report.md.taskaudit-{dead}.nodot1.tmp", ABANDONED_SECONDS * 2),
        _leftover(tmp_path, "celery-task-drift-2026-11.md", ABANDONED_SECONDS * 2),
    ]
    gone = [
        _leftover(tmp_path, f".report.md.taskaudit-{dead}.dead01.tmp", GRACE_SECONDS * 2),
        # a pid alive again after an hour has been reused: no write lasts that long
        _leftover(tmp_path, f".report.md.taskaudit-{alive}.old001.tmp", ABANDONED_SECONDS + 1),
    ]
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    far = _leftover(elsewhere, f".report.md.taskaudit-{dead}.far001.tmp", ABANDONED_SECONDS * 2)
    assert remove_leftovers(tmp_path) == sorted(gone)
    assert [p.exists() for p in kept] == [True] * len(kept)
    assert far.exists()


def test_a_folder_that_does_not_exist_has_nothing_to_remove(tmp_path: Path) -> None:
    assert remove_leftovers(tmp_path / "missing") == []
