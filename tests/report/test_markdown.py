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
        (3, [3, 3]),  # fix first
        (3, [3, 3, 3]),  # severities, with the change
        (5, [5, 5]),  # months (the chart's numbers)
        (5, [5, 5, 5]),  # rules
        (2, [2]),  # TA301
        (2, [2]),  # TA401
        (4, [4]),  # new
        (5, [5]),  # resolved
        (3, [3]),  # still open, per rule
        (4, [4, 4]),  # queues
        (4, [4]),  # routes
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
    assert max(head for head, _ in shapes) <= 7
    assert "<script>" not in html
    assert "<b>" not in html


def test_links_point_from_roadmap_backlog_to_the_line() -> None:
    html = MarkdownIt("commonmark").enable("table").render(_render())
    assert '<a href="../../apps/sync/tasks.py#L42"><code>apps/sync/tasks.py:42</code></a>' in html
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


def _github_anchor(heading: str) -> str:
    """GitHub's heading slug: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_in_page_link_has_its_heading() -> None:
    text = _render()
    anchors = {_github_anchor(h) for h in re.findall(r"^#+ (.*)$", text, flags=re.M)}
    targets = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert targets == {"ta301-retry-policy-undeclared", "ta401-exception-swallowed"}
    assert targets <= anchors


def test_the_report_opens_with_what_to_fix_then_the_counts() -> None:
    headings = re.findall(r"^## (.*)$", _render(), flags=re.M)
    assert headings[:4] == ["Fix first", "Counts", "Findings", "Since 2026-10"]


def test_month_two_has_a_chart_of_open_findings_by_severity() -> None:
    text = _render()
    chart = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert chart.splitlines()[0] == "xychart-beta"
    assert '    x-axis ["2026-10", "2026-11"]' in chart
    assert [line.strip() for line in chart.splitlines() if "line [" in line] == [
        "line [1, 1]",
        "line [1, 1]",
        "line [0, 0]",
    ]
    first = render_report(result(), month="2026-11", previous=None)
    assert "```mermaid" not in first  # one month is not a trend
