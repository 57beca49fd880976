"""Month over month: last report's open findings against this scan's.

The previous report is the newest ``celery-task-drift-YYYY-MM.md`` in the
same folder whose month is strictly earlier; its hidden state (``state``)
says which findings were open and since when, and how many were open by
severity in each month so far. Findings are matched by
fingerprint, which ignores line numbers, so moved code is not "new".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from taskaudit.report.state import MonthCounts, read_state
from taskaudit.results import Reported, ScanResult

REPORT_NAME = re.compile(r"^celery-task-drift-(\d{4}-(?:0[1-9]|1[0-2]))\.md$")
MONTH = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class PreviousFinding:
    rule_id: str
    path: str
    first_seen: str
    summary: str = ""  # its short message, when the state carries it (format 2)


@dataclass(frozen=True, slots=True)
class PreviousReport:
    month: str
    findings: Mapping[str, PreviousFinding]  # by fingerprint
    history: tuple[MonthCounts, ...] = ()  # empty for a state of format 1


@dataclass(frozen=True, slots=True)
class Resolved:
    fingerprint: str
    previous: PreviousFinding
    now: str  # "gone", "suppressed" or "baselined"


@dataclass(frozen=True, slots=True)
class StillOpen:
    reported: Reported
    first_seen: str
    months_open: int


@dataclass(frozen=True, slots=True)
class Trend:
    previous_month: str | None
    new: tuple[Reported, ...]
    resolved: tuple[Resolved, ...]
    still_open: tuple[StillOpen, ...]

    def first_seen(self, month: str) -> dict[str, str]:
        """The month each open finding was first seen, by fingerprint."""
        seen = {r.fingerprint: month for r in self.new}
        seen.update((s.reported.fingerprint, s.first_seen) for s in self.still_open)
        return seen


def months_open(first_seen: str, month: str) -> int:
    """Months counted inclusively: first seen 2026-10, reported 2026-11 -> 2."""
    year, number = (int(part) for part in first_seen.split("-"))
    now_year, now_number = (int(part) for part in month.split("-"))
    return (now_year - year) * 12 + now_number - number + 1


def parse_state(text: str) -> PreviousReport | None:
    """The state a taskaudit report carries, or None for any other text."""
    state = read_state(text)
    if state is None or not MONTH.match(state.month):
        return None
    if not all(MONTH.match(e.first_seen) for e in state.entries):
        return None
    if not all(MONTH.match(h.month) and h.month <= state.month for h in state.history):
        return None
    findings = {
        e.fingerprint: PreviousFinding(e.rule_id, e.path, e.first_seen, e.summary)
        for e in state.entries
    }
    return PreviousReport(state.month, findings, state.history)


def find_previous(folder: Path, month: str) -> PreviousReport | None:
    """The newest report in ``folder`` strictly before ``month`` that carries a state."""
    if not folder.is_dir():
        return None
    earlier = sorted(
        (match.group(1), entry)
        for entry in folder.iterdir()
        if (match := REPORT_NAME.match(entry.name)) and match.group(1) < month
    )
    for _, path in reversed(earlier):
        previous = parse_state(path.read_text(encoding="utf-8", errors="replace"))
        if previous is not None:
            return previous
    return None


def diff(previous: PreviousReport | None, result: ScanResult, *, month: str) -> Trend:
    """New, resolved and still-open findings of ``result`` against ``previous``."""
    before = previous.findings if previous is not None else {}
    new: list[Reported] = []
    still: list[StillOpen] = []
    for reported in result.open:
        earlier = before.get(reported.fingerprint)
        if earlier is None:
            new.append(reported)
        else:
            age = months_open(earlier.first_seen, month)
            still.append(StillOpen(reported, earlier.first_seen, age))
    status = {r.fingerprint: r.status for r in result.findings}
    resolved = tuple(
        Resolved(fingerprint, finding, status.get(fingerprint, "gone"))
        for fingerprint, finding in sorted(
            before.items(), key=lambda i: (i[1].path, i[1].rule_id, i[0])
        )
        if status.get(fingerprint) != "open"
    )
    return Trend(previous.month if previous else None, tuple(new), resolved, tuple(still))
