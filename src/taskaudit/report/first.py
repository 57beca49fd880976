"""The top of the report: what to fix first, and the counts by severity against last month.

A lead reads the first screen and decides. So the report opens with a short
ranked table: errors first (the new ones before the old), then what is new
this month; each row says where, what (the message's short form) and the
fix in a few words. Findings of one rule share a row, at the first place,
with how many there are: ten rows of one rule would hide the other nine
things to fix. Every finding is still listed once, in full, below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from taskaudit.report.rules_info import describe
from taskaudit.report.values import href, where
from taskaudit.report.view import anchor, change
from taskaudit.results import SEVERITY_ORDER, Reported, ScanResult
from taskaudit.rules.model import id_sort_key

FIX_FIRST_ROWS = 10


@dataclass(frozen=True, slots=True)
class FirstRow:
    severity: str
    rule_id: str
    anchor: str
    where: str
    href: str
    finding: str  # the message's short form
    fix: str  # the fix in a few words (Markdown from the rule: code spans)
    new: bool
    count: int  # findings of this rule (and newness) the row stands for


@dataclass(frozen=True, slots=True)
class FixFirst:
    rows: tuple[FirstRow, ...]
    left_out: int  # errors and new findings that did not fit
    candidates: int  # errors and new findings in all


@dataclass(frozen=True, slots=True)
class SeverityRow:
    severity: str
    now: int
    previous: int | None
    change: str


def _rank(reported: Reported, new: bool) -> tuple[int, int, tuple[str, int], str, int]:
    finding = reported.finding
    where = finding.location
    order = SEVERITY_ORDER.index(finding.severity) if finding.severity in SEVERITY_ORDER else 9
    return (order, 0 if new else 1, id_sort_key(finding.rule_id), where.path, where.line)


def fix_first(result: ScanResult, new: frozenset[str], limit: int = FIX_FIRST_ROWS) -> FixFirst:
    """Errors, then new findings (``new``: their fingerprints), one row per rule, ranked."""
    chosen = [r for r in result.open if r.finding.severity == "error" or r.fingerprint in new]
    chosen.sort(key=lambda r: _rank(r, r.fingerprint in new))
    groups: dict[tuple[str, str, bool], list[Reported]] = {}
    for reported in chosen:
        finding = reported.finding
        key = (finding.severity, finding.rule_id, reported.fingerprint in new)
        groups.setdefault(key, []).append(reported)
    rows = []
    for (severity, rule_id, is_new), members in list(groups.items())[:limit]:
        finding = members[0].finding
        info = describe(result.catalog, rule_id)
        at = finding.location
        rows.append(
            FirstRow(
                severity,
                rule_id,
                anchor(rule_id, info.slug),
                where(at.path, at.line),
                href(at.path, at.line),
                finding.short or finding.message,
                info.fix_short,
                is_new,
                len(members),
            )
        )
    shown = sum(row.count for row in rows)
    return FixFirst(tuple(rows), len(chosen) - shown, len(chosen))


def severity_rows(
    result: ScanResult, previous: Mapping[str, int] | None
) -> tuple[SeverityRow, ...]:
    counts = result.counts()
    rows = []
    for severity in SEVERITY_ORDER:
        before = None if previous is None else previous.get(severity, 0)
        rows.append(
            SeverityRow(severity, counts[severity], before, change(counts[severity], before))
        )
    return tuple(rows)
