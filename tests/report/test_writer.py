from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.report.errors import ReportError
from taskaudit.report.state import embed_state
from taskaudit.report.writer import WriteOutcome, is_taskaudit_report, write_report

REPORT = embed_state("# Drift\n", "2026-11", [])
NEXT = embed_state("# Drift, updated\n", "2026-11", [])


def test_creates_parent_folders_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "roadmap" / "backlog" / "celery-task-drift-2026-11.md"
    assert write_report(target, REPORT, force=False) == WriteOutcome(target, "created")
    assert target.read_text() == REPORT
    assert sorted(p.name for p in target.parent.iterdir()) == ["celery-task-drift-2026-11.md"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_replaces_its_own_untouched_report(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_report(target, REPORT, force=False)
    assert write_report(target, NEXT, force=False) == WriteOutcome(target, "replaced")
    assert target.read_text() == NEXT
    assert write_report(target, NEXT, force=False) == WriteOutcome(target, "unchanged")


def test_refuses_a_file_taskaudit_did_not_write(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("# Notes written by a person\n")
    with pytest.raises(ReportError, match=r"report\.md was not written by taskaudit; use --force"):
        write_report(target, REPORT, force=False)
    assert target.read_text() == "# Notes written by a person\n"


def test_refuses_a_report_edited_by_hand(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_report(target, REPORT, force=False)
    target.write_text(REPORT.replace("# Drift", "# Drift (triaged by Ana)"))
    with pytest.raises(ReportError, match="edited by hand since taskaudit wrote it"):
        write_report(target, NEXT, force=False)


def test_force_overwrites_anyway(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("# Notes\n")
    target.chmod(0o600)
    assert write_report(target, REPORT, force=True) == WriteOutcome(target, "forced")
    assert target.read_text() == REPORT
    assert target.stat().st_mode & 0o777 == 0o600


def test_is_taskaudit_report() -> None:
    assert is_taskaudit_report(REPORT)
    assert not is_taskaudit_report("# Drift\n")
    assert not is_taskaudit_report("<!-- taskaudit:state oops -->\n")
