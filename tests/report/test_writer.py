from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.report.errors import ReportError
from taskaudit.report.state import embed_state
from taskaudit.report.writer import (
    WriteOutcome,
    check_month,
    is_past,
    is_taskaudit_report,
    write_report,
)

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


@pytest.mark.parametrize(
    ("month", "current", "past"),
    [
        ("2026-11", "2026-12", True),
        ("1999-01", "2026-12", True),
        ("2026-12", "2026-12", False),
        ("2027-01", "2026-12", False),
        ("2026-12", "2027-01", True),  # across a year
    ],
)
def test_a_month_before_the_current_one_is_past(month: str, current: str, past: bool) -> None:
    assert is_past(month, current) is past
    check_month(month, current)  # this month, next month or a past one: accepted


@pytest.mark.parametrize(("month", "current"), [("2027-02", "2026-12"), ("2031-07", "2026-12")])
def test_a_month_more_than_one_ahead_is_refused(month: str, current: str) -> None:
    with pytest.raises(ReportError) as raised:
        check_month(month, current)
    assert str(raised.value) == (
        f"--month {month} is more than one month ahead; "
        "a report is written for this month, next month or a past one"
    )


def test_a_past_months_report_is_not_rewritten_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "celery-task-drift-2026-11.md"
    write_report(target, REPORT, force=False)
    with pytest.raises(ReportError) as raised:
        write_report(target, NEXT, force=False, past="2026-11")
    assert str(raised.value) == (
        f"{target} is the report of 2026-11, a past month, and is not rewritten "
        "from today's code; use --force to replace it"
    )
    assert target.read_text() == REPORT
    assert write_report(target, REPORT, force=False, past="2026-11").action == "unchanged"
    assert write_report(target, NEXT, force=True, past="2026-11").action == "forced"
    assert target.read_text() == NEXT


def test_a_missing_past_months_report_may_still_be_written(tmp_path: Path) -> None:
    target = tmp_path / "celery-task-drift-2026-11.md"
    assert write_report(target, REPORT, force=False, past="2026-11").action == "created"
