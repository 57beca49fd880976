from __future__ import annotations

from pathlib import Path

from report.sample import FINDINGS, PREVIOUS, result
from taskaudit.report.history import (
    PreviousFinding,
    PreviousReport,
    diff,
    find_previous,
    months_open,
    parse_state,
)
from taskaudit.report.state import StateEntry, embed_state


def test_months_are_counted_inclusively() -> None:
    assert months_open("2026-10", "2026-11") == 2
    assert months_open("2026-11", "2026-11") == 1
    assert months_open("2025-12", "2026-01") == 2
    assert months_open("2025-11", "2026-11") == 13


def test_month_over_month_one_new_one_resolved_the_rest_two_months_old() -> None:
    trend = diff(PREVIOUS, result(), month="2026-11")
    assert trend.previous_month == "2026-10"
    assert [r.fingerprint for r in trend.new] == ["bbb0000000000002:0"]
    assert [(r.fingerprint, r.now) for r in trend.resolved] == [("eee0000000000005:0", "gone")]
    assert [(s.reported.fingerprint, s.first_seen, s.months_open) for s in trend.still_open] == [
        ("aaa0000000000001:0", "2026-10", 2)
    ]
    assert trend.first_seen("2026-11") == {
        "aaa0000000000001:0": "2026-10",
        "bbb0000000000002:0": "2026-11",
    }


def test_a_finding_suppressed_since_counts_as_resolved_with_its_new_status() -> None:
    previous = PreviousReport(
        "2026-10", {"ccc0000000000003:0": PreviousFinding("TA802", "config/celery.py", "2026-08")}
    )
    trend = diff(previous, result(), month="2026-11")
    assert [(r.fingerprint, r.now) for r in trend.resolved] == [
        ("ccc0000000000003:0", "suppressed")
    ]
    assert [r.fingerprint for r in trend.new] == ["bbb0000000000002:0", "aaa0000000000001:0"]


def test_without_a_previous_report_everything_open_is_new() -> None:
    trend = diff(None, result(), month="2026-11")
    assert trend.previous_month is None
    assert [r.fingerprint for r in trend.new] == [
        r.fingerprint for r in FINDINGS if r.status == "open"
    ]
    assert trend.resolved == ()
    assert trend.still_open == ()


def _report(month: str, first_seen: str = "2026-09") -> str:
    return embed_state("# report\n", month, [StateEntry("f:0", "TA401", "a.py", first_seen)])


def test_parse_state_reads_what_a_report_embeds() -> None:
    assert parse_state(_report("2026-10")) == PreviousReport(
        "2026-10", {"f:0": PreviousFinding("TA401", "a.py", "2026-09")}
    )


def test_parse_state_rejects_text_without_a_valid_state() -> None:
    assert parse_state("# a hand-written note\n") is None
    assert parse_state(_report("2026-13")) is None
    assert parse_state(_report("2026-10", first_seen="last month")) is None
    assert parse_state("<!-- taskaudit:state {not json} -->\n") is None


def test_find_previous_takes_the_newest_report_strictly_before_the_month(tmp_path: Path) -> None:
    (tmp_path / "celery-task-drift-2026-09.md").write_text(_report("2026-09"))
    (tmp_path / "celery-task-drift-2026-10.md").write_text(_report("2026-10"))
    (tmp_path / "celery-task-drift-2026-11.md").write_text(_report("2026-11"))
    # Near misses: a hand-written note, another name pattern, a later month.
    (tmp_path / "celery-task-drift-2026-10-notes.md").write_text(_report("2026-10"))
    (tmp_path / "celery-task-drift-2026-12.md").write_text(_report("2026-12"))
    found = find_previous(tmp_path, "2026-11")
    assert found is not None
    assert found.month == "2026-10"


def test_find_previous_skips_files_without_state(tmp_path: Path) -> None:
    (tmp_path / "celery-task-drift-2026-08.md").write_text(_report("2026-08"))
    (tmp_path / "celery-task-drift-2026-10.md").write_text("# written by hand\n")
    found = find_previous(tmp_path, "2026-11")
    assert found is not None
    assert found.month == "2026-08"
    assert find_previous(tmp_path, "2026-08") is None
    assert find_previous(tmp_path / "missing", "2026-11") is None
