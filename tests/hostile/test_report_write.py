"""Section 5: a report write that fails midway, or races another, never loses a report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.helpers import SAFE_ENV, write_tree
from taskaudit.report.errors import ReportError
from taskaudit.report.state import embed_state
from taskaudit.report.writer import write_report

OLD = embed_state("# Drift, last run\n", "2026-01", [])
NEW = embed_state("# Drift, this run\n" + "row\n" * 50_000, "2026-01", [])


def boom(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("step", ["fchmod", "fsync", "replace"])
def test_an_interrupted_write_keeps_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "celery-task-drift-2026-01.md"
    write_report(target, OLD, force=False)
    monkeypatch.setattr(os, step, boom)
    with pytest.raises(ReportError) as raised:
        write_report(target, NEW, force=False)
    monkeypatch.undo()
    assert str(raised.value) == f"cannot write {target}: No space left on device"
    assert (target.read_text(), sorted(p.name for p in tmp_path.iterdir())) == (
        OLD,
        ["celery-task-drift-2026-01.md"],
    )


def test_a_killed_writer_leaves_the_previous_report_and_at_most_a_hidden_temp(
    tmp_path: Path,
) -> None:
    target = tmp_path / "celery-task-drift-2026-01.md"
    write_report(target, OLD, force=False)
    # The child dies (SIGKILL, no cleanup) right between writing the temp file and the rename.
    script = (
        "import os, signal, sys\nfrom pathlib import Path\n"
        "from taskaudit.report.writer import write_report\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "write_report(Path(sys.argv[1]), sys.stdin.read(), force=False)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(target)], input=NEW, text=True, env=SAFE_ENV
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert (done.returncode, target.read_text(), names[1]) == (
        -9,
        OLD,
        "celery-task-drift-2026-01.md",
    )
    assert names[0].startswith(".celery-task-drift-2026-01.md.") and names[0].endswith(".tmp")


def test_two_scans_writing_one_report_leave_one_complete_report(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "app/py2.py": 'import celery\nprint "x"\n',
        "app/ok.py": "x = 1\n",
    }
    root = write_tree(tmp_path / "proj", files)
    command = [
        sys.executable, "-m", "taskaudit", "scan", str(root), "--month", "2026-01",
        "--select", "TA000",
    ]  # fmt: skip
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=SAFE_ENV)
        for _ in range(4)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read() if p.stderr else b"") for p in runs]
    for p in runs:
        for stream in (p.stdout, p.stderr):
            if stream is not None:
                stream.close()
    alone = subprocess.run(
        [*command, "--output", "-"], capture_output=True, env=SAFE_ENV, check=False
    )
    folder = root / "roadmap" / "backlog"
    assert [code for code, _ in outcomes] == [1, 1, 1, 1], outcomes
    assert sorted(p.name for p in folder.iterdir()) == ["celery-task-drift-2026-01.md"]
    assert (folder / "celery-task-drift-2026-01.md").read_bytes() == alone.stdout
