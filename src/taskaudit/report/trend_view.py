"""Month over month as a view model: what changed in full, what stayed as counts, and a chart.

A report is read as a pull request, once a month: what came and went is
what a reviewer needs, so new and resolved findings are listed in full, and
findings still open are counted per rule with a link to their place in the
Findings section, never copied a second time. The chart is Mermaid's
``xychart-beta`` (GitHub renders it), one line per severity, over the
months the state carries (``taskaudit.report.state``), with the same numbers
in a table beside it for the raw diff and for readers without Mermaid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from taskaudit.report.history import PreviousReport, Trend
from taskaudit.report.inventory_view import Row
from taskaudit.report.rules_info import describe
from taskaudit.report.state import HISTORY_MONTHS, SEVERITIES, MonthCounts
from taskaudit.report.values import href
from taskaudit.report.view import anchor, finding_row
from taskaudit.results import ScanResult
from taskaudit.rules.model import Catalog, id_sort_key

_OUTCOME = {
    "gone": "fixed or removed",
    "suppressed": "now suppressed",
    "baselined": "now baselined",
}


@dataclass(frozen=True, slots=True)
class StillOpenRow:
    rule_id: str
    slug: str
    anchor: str
    count: int
    oldest: str  # the earliest first-seen month among them


@dataclass(frozen=True, slots=True)
class Chart:
    months: tuple[MonthCounts, ...]

    @property
    def mermaid(self) -> str:
        """The ``xychart-beta`` source: raw numbers and month names only, nothing scanned."""
        top = max((m.total for m in self.months), default=0)
        lines = [
            "xychart-beta",
            '    title "Open findings per month (lines: error, warning, info)"',
            "    x-axis [" + ", ".join(f'"{m.month}"' for m in self.months) + "]",
            f'    y-axis "Open findings" 0 --> {max(top, 1)}',
        ]
        for index, _ in enumerate(SEVERITIES):
            lines.append("    line [" + ", ".join(str(m.counts[index]) for m in self.months) + "]")
        return "\n".join(lines)


def new_rows(trend: Trend) -> tuple[Row, ...]:
    """cells: (severity, rule id, message)"""
    return tuple(
        finding_row(r, (r.finding.severity, r.finding.rule_id, r.finding.message))
        for r in trend.new
    )


def resolved_rows(trend: Trend, result: ScanResult) -> tuple[Row, ...]:
    """cells: (rule id, slug, outcome, first seen, what it said)"""
    now = {r.fingerprint: r for r in result.findings}
    rows = []
    for item in trend.resolved:
        current = now.get(item.fingerprint)
        reason = _OUTCOME.get(item.now, item.now)
        if current is not None and current.justification:
            reason += f": {current.justification}"
        slug = describe(result.catalog, item.previous.rule_id).slug
        said = item.previous.summary or "—"
        cells = (item.previous.rule_id, slug, reason, item.previous.first_seen, said)
        rows.append(Row(cells, item.previous.path, href(item.previous.path)))
    return tuple(rows)


def still_open_rows(trend: Trend, result: ScanResult) -> tuple[StillOpenRow, ...]:
    per_rule: dict[str, list[str]] = defaultdict(list)
    for item in trend.still_open:
        per_rule[item.reported.finding.rule_id].append(item.first_seen)
    rows = []
    for rule_id in sorted(per_rule, key=id_sort_key):
        slug = describe(result.catalog, rule_id).slug
        months = per_rule[rule_id]
        rows.append(StillOpenRow(rule_id, slug, anchor(rule_id, slug), len(months), min(months)))
    return tuple(rows)


def previous_counts(previous: PreviousReport | None, catalog: Catalog) -> Mapping[str, int] | None:
    """Last month's open findings by severity: from its history, else from its findings."""
    if previous is None:
        return None
    for entry in previous.history:
        if entry.month == previous.month:
            return dict(zip(SEVERITIES, entry.counts, strict=True))
    # A state of format 1 has no counts: its rules' severities today stand in.
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in previous.findings.values():
        severity = describe(catalog, finding.rule_id).severity
        counts[severity] = counts.get(severity, 0) + 1
    return counts


def history(
    previous: PreviousReport | None, catalog: Catalog, month: str, now: Mapping[str, int]
) -> tuple[MonthCounts, ...]:
    """Every month's counts so far, this one last, at most ``HISTORY_MONTHS``."""
    months: dict[str, MonthCounts] = {}
    if previous is not None:
        months.update((m.month, m) for m in previous.history if m.month < month)
        before = previous_counts(previous, catalog)
        if before is not None and previous.month not in months:
            months[previous.month] = _counts(previous.month, before)
    months[month] = _counts(month, now)
    return tuple(months[m] for m in sorted(months))[-HISTORY_MONTHS:]


def _counts(month: str, counts: Mapping[str, int]) -> MonthCounts:
    error, warning, info = (counts.get(s, 0) for s in SEVERITIES)
    return MonthCounts(month, (error, warning, info))
