"""Section 5: scanned strings cannot break a table, inject HTML or forge a workflow command.

Hypothesis feeds arbitrary text as a finding's path and message and as a
task's name through every renderer; each property is checked on the output
a user's tool would parse (markdown-it for GFM, line-wise for GitHub).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from report.sample import CATALOG, PROJECT, finding
from taskaudit.core.location import Location
from taskaudit.link.coverage import Coverage, Gap
from taskaudit.report.formats import to_gitlab, to_json, to_text
from taskaudit.report.github import github_annotations, github_summary
from taskaudit.report.history import PreviousFinding, PreviousReport
from taskaudit.report.markdown import render_report
from taskaudit.report.sarif import to_sarif
from taskaudit.results import Reported, ScanResult

TRICKY = st.sampled_from(
    ["|", "\n", "\r", "\r\n", "`", "``", "<", ">", "<script>", "</td>", "<!--", "-->", "::",
     "::error::", "%0A", "\\", "\\|", "&lt;", "[x](javascript:1)", "\u2028", "\u202e", "\x1b[31m",
     "\x00", "- ", "1. ", "# ", "***", "~~~", "<br>"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=8), TRICKY), max_size=8).map("".join)
ANNOTATION = re.compile(
    r"::(error|warning|notice) file=[^,:\r\n]*,line=\d+,col=\d+,title=[^,:\r\n]*::[^\r\n]*"
)
GFM = MarkdownIt("commonmark").enable("table")


def hostile_result(path: str, message: str, task_name: str) -> ScanResult:
    # The text also reaches the "could not see" block, as a gap's reason and place.
    gap = Gap("config", message, "settings", Location(path or "x.py", 2, 1))
    project = replace(
        PROJECT,
        tasks=(replace(PROJECT.tasks[0], name=task_name),),
        coverage=Coverage(celery_used=True, gaps=(gap,)),
    )
    reported = (
        Reported(finding("TA401", path or "x.py", 3, 1, message), "aaa0000000000001:0"),
        Reported(finding("TA301", "z/tasks.py", 9, 1, message), "bbb0000000000002:0"),
    )
    return ScanResult("0.1.0", reported, (), project, CATALOG, 2)


def hostile_previous(path: str, message: str, task_name: str) -> PreviousReport:
    """Last month's state, as a hand could have edited it: every value hostile."""
    gone = PreviousFinding(task_name or "TA1", path or "x.py", "2025-12", message)
    return PreviousReport("2025-12", {"zzz0000000000009:0": gone})


def table_shapes(markdown: str) -> list[list[int]]:
    """For each table, the cell count of every row (header first)."""
    shapes: list[list[int]] = []
    cells = 0
    for token in GFM.parse(markdown):
        if token.type == "table_open":
            shapes.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            shapes[-1].append(cells)
    return shapes


def raw_html(markdown: str) -> list[str]:
    found = []
    for token in GFM.parse(markdown):
        if token.type == "html_block":
            state = token.content.startswith("<!-- taskaudit:state ")
            found.append("<!-- taskaudit:state" if state else token.content)
        for child in token.children or ():
            if child.type == "html_inline":
                found.append(child.content)
    return sorted(set(found))


def test_the_checks_themselves_see_a_broken_table_and_raw_html() -> None:
    assert table_shapes("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n") == [[2, 2]]
    assert raw_html("x <b>y</b>\n\n<script>\n") == ["</b>", "<b>", "<script>\n"]
    assert not ANNOTATION.fullmatch("::error file=a,line=1,col=1,title=T::m\n::error::x")


@settings(max_examples=150, deadline=None)
@given(path=TEXT, message=TEXT, task_name=TEXT)
def test_markdown_tables_keep_their_columns_and_no_html_gets_in(
    path: str, message: str, task_name: str
) -> None:
    result = hostile_result(path, message, task_name)
    previous = hostile_previous(path, message, task_name)
    report = render_report(result, month="2026-01", previous=previous)
    benign = hostile_result("x.py", "m", "t")
    baseline = render_report(benign, month="2026-01", previous=hostile_previous("x.py", "m", "t"))
    assert [set(shape) for shape in table_shapes(report)] == [
        set(shape) for shape in table_shapes(baseline)
    ]
    assert all(len(set(shape)) == 1 for shape in table_shapes(report))
    assert set(raw_html(report)) <= {"<br>", "<!-- taskaudit:state"}
    summary = github_summary(result)
    assert [len(set(shape)) for shape in table_shapes(summary)] == [1, 1]
    assert set(raw_html(summary)) <= {"<br>"}


@settings(max_examples=300, deadline=None)
@given(path=TEXT, message=TEXT)
def test_github_annotations_are_one_command_per_finding(path: str, message: str) -> None:
    lines = github_annotations(hostile_result(path, message, "t")).split("\n")
    assert lines[-1] == ""
    assert len(lines[:-1]) == 2
    assert all(ANNOTATION.fullmatch(line) for line in lines[:-1]), lines


@settings(max_examples=200, deadline=None)
@given(path=TEXT, message=TEXT, task_name=TEXT)
def test_machine_formats_carry_the_text_exactly(path: str, message: str, task_name: str) -> None:
    result = hostile_result(path, message, task_name)
    data = json.loads(to_json(result))
    assert [f["message"] for f in data["findings"]] == [message, message]
    assert data["inventory"]["tasks"][0]["name"] == task_name
    sarif = json.loads(to_sarif(result))
    assert [r["message"]["text"] for r in sarif["runs"][0]["results"]] == [message, message]
    assert [i["description"].endswith(message) for i in json.loads(to_gitlab(result))] == [
        True,
        True,
    ]


@settings(max_examples=200, deadline=None)
@given(path=TEXT, message=TEXT)
def test_text_output_obeys_no_terminal_control(path: str, message: str) -> None:
    text = to_text(hostile_result(path, message, "t"), color=False)
    assert not any(c in text for c in "\x1b\r\x00\u202e\u2028")
