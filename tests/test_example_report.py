"""The monthly report of the bundled example: a golden file, and two months in a row.

The golden report is read by people: regenerate it only on purpose, with
``TASKAUDIT_REGEN=1 pytest tests/test_example_report.py``, and read the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from taskaudit.cli.output import write_drift_report
from taskaudit.report.history import diff, find_previous
from taskaudit.report.markdown import render_report
from taskaudit.scan import ScanOptions, run_scan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "clinic"
GOLDEN = ROOT / "tests" / "golden" / "clinic-celery-task-drift-2026-11.md"


def test_golden_report_of_the_example() -> None:
    result = run_scan(EXAMPLE, ScanOptions()).result
    text = render_report(result, month="2026-11", previous=None)
    if os.environ.get("TASKAUDIT_REGEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "clinic"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("backlog"))
    return root


def test_month_over_month_one_resolved_one_new_the_rest_aged(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    october = run_scan(root, ScanOptions()).result
    written = write_drift_report(
        october,
        root,
        month="2026-10",
        output=None,
        template=None,
        force=False,
        write_clean=False,
        current="2026-10",
    )
    assert written == "roadmap/backlog/celery-task-drift-2026-10.md"

    # One fix (TA101: the task gets its name) and one new problem (a task without one).
    tasks = root / "apps" / "imports" / "tasks.py"
    text = tasks.read_text(encoding="utf-8")
    text = text.replace(
        "    soft_time_limit=60,\n)\ndef validate_upload_headers(",
        '    soft_time_limit=60,\n    name="apps.imports.tasks.validate_upload_headers",\n)\n'
        "def validate_upload_headers(",
    )
    text += (
        "\n\n@shared_task(bind=True, max_retries=0, soft_time_limit=30, ignore_result=True)\n"
        "def ping(self):\n    return None\n"
    )
    tasks.write_text(text, encoding="utf-8")

    november = run_scan(root, ScanOptions()).result
    previous = find_previous(root / "roadmap" / "backlog", "2026-11")
    assert previous is not None and previous.month == "2026-10"
    trend = diff(previous, november, month="2026-11")
    assert [(r.previous.rule_id, r.now) for r in trend.resolved] == [("TA101", "gone")]
    assert [(r.finding.rule_id, r.finding.message.split("`")[1]) for r in trend.new] == [
        ("TA101", "ping")
    ]
    assert {s.months_open for s in trend.still_open} == {2}
    assert len(trend.still_open) == len(november.open) - 1

    # The November report says so, and replaces nothing it should not.
    written = write_drift_report(
        november,
        root,
        month="2026-11",
        output=None,
        template=None,
        force=False,
        write_clean=False,
        current="2026-11",
    )
    report = (root / str(written)).read_text(encoding="utf-8")
    assert "**Resolved (1)**" in report
    assert "**New (1)**" in report
    assert f"**Still open ({len(november.open) - 1})**" in report


def test_every_table_row_of_the_golden_has_its_header_s_columns() -> None:
    import re

    cells = re.compile(r"(?<!\\)\|")
    header = 0
    for number, line in enumerate(GOLDEN.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.startswith("|"):
            header = 0
            continue
        count = len(cells.findall(line))
        if header == 0:
            header = count
        assert count == header, f"line {number}: {count} cells, header has {header}"


def test_every_link_of_the_golden_points_at_an_existing_line() -> None:
    import re

    folder = EXAMPLE / "roadmap" / "backlog"  # where the report is written
    links = re.findall(r"\]\((\.\./\.\./[^)#]+)(?:#L(\d+))?\)", GOLDEN.read_text("utf-8"))
    assert len(links) > 100
    for target, line in links:
        path = (folder / target).resolve()
        assert path.is_file(), target
        if line:
            lines = path.read_bytes().count(b"\n") + 1
            assert 1 <= int(line) <= lines, f"{target}#L{line}"
