"""Machine formats: ``json``, ``gitlab`` (and ``sarif``, ``github``, ``text`` re-exported).

``json`` is taskaudit's own contract (DESIGN.md, "Contracts users build
on"). ``gitlab`` is GitLab's Code Quality report: a JSON array of issues
with ``description``, ``check_name``, ``fingerprint``, ``severity`` (info,
minor, major, critical, blocker) and ``location.path`` /
``location.lines.begin`` ("Code Quality report format" in GitLab's docs).
Every JSON output has 2-space indents, UTF-8 text and a trailing newline.
"""

from __future__ import annotations

import json
from typing import Any

from taskaudit.inventory import coverage_data, inventory_data
from taskaudit.report.github import github_annotations, github_summary, to_github
from taskaudit.report.sarif import to_sarif
from taskaudit.report.summary import summarize
from taskaudit.report.text import to_text
from taskaudit.results import Reported, ScanResult

__all__ = [
    "github_annotations",
    "github_summary",
    "to_github",
    "to_gitlab",
    "to_json",
    "to_sarif",
    "to_text",
]

GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def _dump(data: Any, *, sort_keys: bool = True) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n"


def _finding(reported: Reported) -> dict[str, Any]:
    finding = reported.finding
    data: dict[str, Any] = {
        "rule_id": finding.rule_id,
        "slug": finding.slug,
        "severity": finding.severity,
        "path": finding.location.path,
        "line": finding.location.line,
        "column": finding.location.column,
        "message": finding.message,
        "fingerprint": reported.fingerprint,
        "status": reported.status,
    }
    if reported.justification is not None:
        data["justification"] = reported.justification
    return data


def to_json(result: ScanResult) -> str:
    """The full result: findings of every status, TA002 outcomes, inventory and summary."""
    undecided = [
        {
            "rule_id": u.rule_id,
            "slug": u.slug,
            "path": u.location.path,
            "line": u.location.line,
            "column": u.location.column,
            "identity": u.identity,
            "fields": list(u.fields),
            "reasons": list(u.reasons),
            "message": u.message,
        }
        for u in result.undecided
    ]
    # Lists keep the scan's order (path, line, column, rule); only mapping keys are sorted.
    return _dump(
        {
            "version": result.version,
            "findings": [_finding(r) for r in result.findings],
            "undecided": undecided,
            "inventory": inventory_data(result.project),
            "coverage": coverage_data(result.project.coverage),
            "summary": summarize(result).as_json(),
        }
    )


def to_gitlab(result: ScanResult) -> str:
    """Open findings as a GitLab Code Quality report."""
    issues = [
        {
            # GitLab's widget shows the description only, so it names the rule.
            "description": f"{r.finding.rule_id} ({r.finding.slug}): {r.finding.message}",
            "check_name": r.finding.rule_id,
            "fingerprint": r.fingerprint,
            "severity": GITLAB_SEVERITY.get(r.finding.severity, "minor"),
            "location": {
                "path": result.repo_path(r.finding.location.path),
                "lines": {"begin": r.finding.location.line},
            },
        }
        for r in result.open
    ]
    return _dump(issues)
