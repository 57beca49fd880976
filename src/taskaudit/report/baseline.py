"""The baseline file (``.taskaudit-baseline.json``): findings accepted as they are today.

It lists fingerprints, which ignore line numbers (rule, path, subject
identity, occurrence), so editing around a baselined finding keeps it
baselined. Rule, path and message sit beside each fingerprint for the people
reviewing the file; only the fingerprints are read back.
"""

from __future__ import annotations

import json
from typing import Any

from taskaudit.report.errors import ReportError
from taskaudit.results import ScanResult

FORMAT = 1


def baseline_text(result: ScanResult) -> str:
    """Every open or already-baselined finding; inline suppressions stay where they are."""
    rows = sorted(
        (
            {
                "fingerprint": r.fingerprint,
                "rule_id": r.finding.rule_id,
                "path": r.finding.location.path,
                "message": r.finding.message,
            }
            for r in result.findings
            if r.status in {"open", "baselined"}
        ),
        key=lambda row: (row["path"], row["rule_id"], row["fingerprint"]),
    )
    data = {"tool": "taskaudit", "version": FORMAT, "fingerprints": rows}
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _fingerprint(row: Any, position: int, source: str) -> str:
    if isinstance(row, str):
        return row
    if isinstance(row, dict) and isinstance(row.get("fingerprint"), str):
        return str(row["fingerprint"])
    raise ReportError(f"{source}: fingerprints[{position}] has no 'fingerprint' string")


def load_baseline(text: str, *, source: str = ".taskaudit-baseline.json") -> frozenset[str]:
    """The fingerprints a baseline accepts; ``ReportError`` (one line) when it is malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReportError(f"{source}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("fingerprints"), list):
        raise ReportError(f"{source}: not a taskaudit baseline (no 'fingerprints' list)")
    if data.get("version") != FORMAT:
        raise ReportError(
            f"{source}: baseline format {data.get('version')!r} is not supported"
            f" (expected {FORMAT})"
        )
    rows = data["fingerprints"]
    return frozenset(_fingerprint(row, i, source) for i, row in enumerate(rows))
