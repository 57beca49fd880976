"""SARIF 2.1.0 (OASIS) for GitHub code scanning and other SARIF consumers.

Field names follow the OASIS schema (``sarif-schema-2.1.0.json``, errata 01)
and GitHub's ingestion subset ("SARIF support for code scanning" in GitHub's
docs): every rule has short/full/help text, every result a message,
a repository-relative ``artifactLocation`` under ``%SRCROOT%`` and
``partialFingerprints``. No timestamps or absolute paths, so the same scan
gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from taskaudit.report.rules_info import RuleInfo, described
from taskaudit.results import Reported, ScanResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# No `informationUri` (optional in SARIF 2.1.0): taskaudit is installed from
# its repository and has no public page yet, and a link that 404s is worse
# than none. Add it with the project's public URL.
FINGERPRINT_KEY = "taskaudit/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub's `problem.severity` has no "info"; "recommendation" is its lowest.
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}


def _rule(info: RuleInfo) -> dict[str, Any]:
    help_text = f"{info.what}\n\nWhy: {info.why}\n\nFix: {info.fix}".strip()
    help_markdown = f"{info.what}\n\n**Why it matters.** {info.why}\n\n**Fix.**\n\n{info.fix_md}"
    if info.example:
        help_markdown += f"\n\n```python\n{info.example.rstrip()}\n```"
    return {
        "id": info.id,
        "name": info.slug,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.what or info.slug},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS.get(info.severity, "warning")},
        "properties": {
            "tags": ["celery", info.section],
            "problem.severity": PROBLEM_SEVERITY.get(info.severity, "warning"),
        },
    }


def _suppressions(reported: Reported) -> list[dict[str, Any]]:
    if reported.status == "open":
        return []
    kind = "inSource" if reported.status == "suppressed" else "external"
    suppression: dict[str, Any] = {"kind": kind, "status": "accepted"}
    if reported.justification:
        suppression["justification"] = reported.justification
    return [suppression]


_ROOT = "The repository root (the scanned folder when it is not in a git repository)."


def _result(reported: Reported, index: dict[str, int], prefix: str) -> dict[str, Any]:
    finding = reported.finding
    where = finding.location
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index[finding.rule_id],
        "level": LEVELS.get(finding.severity, "warning"),
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": prefix + where.path, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": where.line, "startColumn": where.column},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: reported.fingerprint},
    }
    suppressions = _suppressions(reported)
    if suppressions:
        result["suppressions"] = suppressions
    return result


def sarif_log(result: ScanResult, *, include_silenced: bool = True) -> dict[str, Any]:
    """The SARIF log as plain data; ``include_silenced=False`` drops suppressed/baselined results.

    GitHub code scanning ignores ``suppressions`` and would open alerts for
    silenced results, so an upload to GitHub is better made without them.
    """
    kept = [r for r in result.findings if include_silenced or r.status == "open"]
    rules = described(result.catalog, {r.finding.rule_id for r in kept})
    index = {info.id: position for position, info in enumerate(rules)}
    driver = {
        "name": "taskaudit",
        "version": result.version,
        "semanticVersion": result.version,
        "rules": [_rule(info) for info in rules],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": _ROOT}}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(r, index, result.repo_prefix) for r in kept],
            }
        ],
    }


def to_sarif(result: ScanResult, *, include_silenced: bool = True) -> str:
    log = sarif_log(result, include_silenced=include_silenced)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
