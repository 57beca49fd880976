"""Outputs of a scan: the monthly drift report in Markdown and the CI formats.

Everything here reads a finished ``ScanResult`` (``taskaudit.results``); the
only I/O is ``writer.write_report``, ``history.find_previous`` and reading the
packaged template. docs/report.md describes the outputs.
"""

from __future__ import annotations

from taskaudit.report.baseline import load_baseline, write_baseline
from taskaudit.report.errors import ReportError
from taskaudit.report.formats import (
    github_annotations,
    github_summary,
    to_github,
    to_gitlab,
    to_json,
    to_sarif,
    to_text,
)
from taskaudit.report.history import PreviousReport, Trend, diff, find_previous, parse_state
from taskaudit.report.markdown import render_report
from taskaudit.report.writer import WriteOutcome, is_taskaudit_report, write_report

__all__ = [
    "PreviousReport",
    "ReportError",
    "Trend",
    "WriteOutcome",
    "diff",
    "find_previous",
    "github_annotations",
    "github_summary",
    "is_taskaudit_report",
    "load_baseline",
    "parse_state",
    "render_report",
    "to_github",
    "to_gitlab",
    "to_json",
    "to_sarif",
    "to_text",
    "write_baseline",
    "write_report",
]
