from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from report.sample import PREVIOUS, result
from taskaudit.report.errors import ReportError
from taskaudit.report.history import parse_state
from taskaudit.report.markdown import render_report

GOLDEN = Path(__file__).parent / "golden" / "celery-task-drift-2026-11.md"


def _render() -> str:
    return render_report(result(), month="2026-11", previous=PREVIOUS)


def test_golden_report() -> None:
    text = _render()
    if os.environ.get("TASKAUDIT_REGEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_every_table_keeps_its_columns_when_rendered() -> None:
    html = MarkdownIt("commonmark").enable("table").render(_render())
    tables = re.findall(r"<table>(.*?)</table>", html, flags=re.S)
    shapes = []
    for table in tables:
        head, body = table.split("<tbody>")
        rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
        shapes.append(
            (len(re.findall(r"<th[ >]", head)), [len(re.findall(r"<td[ >]", row)) for row in rows])
        )
    assert shapes == [
        (2, [2, 2, 2]),  # severities
        (6, [6, 6, 6]),  # rules
        (3, [3]),  # TA301
        (3, [3]),  # TA401
        (3, [3]),  # new
        (4, [4]),  # resolved
        (5, [5]),  # still open
        (10, [10, 10, 10]),  # tasks
        (6, [6, 6]),  # beat
        (4, [4, 4]),  # queues
        (5, [5]),  # routes
        (6, [6, 6]),  # workers
        (4, [4]),  # make targets
        (3, [3, 3, 3]),  # result settings
        (3, [3, 3, 3, 3]),  # beat settings
        (3, [3]),  # decorator evidence
        (3, [3, 3]),  # heavy queue evidence
        (3, [3]),  # beat lock evidence
        (2, [2]),  # incidents
        (4, [4, 4]),  # suppressed and baselined
        (3, [3]),  # undecidable
    ]
    assert "<script>" not in html
    assert "<b>" not in html


def test_links_point_from_roadmap_backlog_to_the_line() -> None:
    html = MarkdownIt("commonmark").enable("table").render(_render())
    assert '<a href="../../apps/sync/tasks.py#L42">apps/sync/tasks.py:42</a>' in html
    assert (
        '<a href="../../roadmap/done/2026-03%20double%20invoices.md">'
        "Invoices sent twice [March]</a>" in html
    )


def test_state_records_first_seen_months_for_next_time() -> None:
    previous = parse_state(_render())
    assert previous is not None
    assert previous.month == "2026-11"
    assert {fp: f.first_seen for fp, f in previous.findings.items()} == {
        "aaa0000000000001:0": "2026-10",
        "bbb0000000000002:0": "2026-11",
    }


def test_a_user_template_renders_in_the_sandbox() -> None:
    text = render_report(
        result(),
        month="2026-11",
        previous=None,
        template_text="# {{ month }}: {{ summary.open }}\n",
    )
    assert text.startswith("# 2026-11: 2\n\n<!-- taskaudit:state ")


@pytest.mark.parametrize(
    ("template", "error"),
    [
        ("line one\n{{ nothing }}\n", "my.j2:2: 'nothing' is undefined"),
        ("{% for x in %}\n", "my.j2:1: Expected an expression, got 'end of statement block'"),
        (
            "ok\n\n{{ summary.__class__ }}\n",
            "my.j2:3: access to attribute '__class__' of 'Summary' object is unsafe.",
        ),
    ],
)
def test_template_errors_are_one_line_with_the_template_line(template: str, error: str) -> None:
    with pytest.raises(ReportError) as raised:
        render_report(
            result(),
            month="2026-11",
            previous=None,
            template_text=template,
            template_origin="my.j2",
        )
    assert str(raised.value) == error
