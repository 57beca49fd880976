"""The drift report's findings half as a view model: sorted, grouped, ready to loop over.

Sections follow the guideline's order (``SECTIONS`` in ``rules.model``);
within a section, rules in id order, each with its docs once and its
findings. Values stay raw text: the template escapes them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from taskaudit.report.history import Trend
from taskaudit.report.inventory_view import Row
from taskaudit.report.rules_info import RuleInfo, describe
from taskaudit.report.values import href, where
from taskaudit.results import Reported, ScanResult
from taskaudit.rules.model import SECTIONS, id_sort_key

SECTION_TITLES = {
    "naming": "Naming",
    "declaration": "Declaration style",
    "retries": "Retry and backoff",
    "failures": "Failure surfacing",
    "idempotency": "Idempotency",
    "queues": "Time limits, queues and routing",
    "results": "Results",
    "beat": "Beat",
    "dispatch": "Dispatch",
    "operations": "Operations (Makefile and process files)",
    "configuration": "Configuration",
    "meta": "Files taskaudit could not read, and stale suppressions",
}


@dataclass(frozen=True, slots=True)
class RuleGroup:
    rule: RuleInfo
    rows: tuple[Row, ...]  # cells: (message, months open)


@dataclass(frozen=True, slots=True)
class SectionView:
    title: str
    count: int
    rules: tuple[RuleGroup, ...]


@dataclass(frozen=True, slots=True)
class CountRow:
    rule_id: str
    slug: str
    title: str
    severity: str
    now: int
    previous: int | None
    change: str


def _row(reported: Reported, cells: tuple[str, ...]) -> Row:
    location = reported.finding.location
    return Row(cells, where(location.path, location.line), href(location.path, location.line))


def sections(result: ScanResult, ages: dict[str, int]) -> tuple[SectionView, ...]:
    grouped: dict[str, dict[str, list[Reported]]] = defaultdict(lambda: defaultdict(list))
    for reported in result.open:
        grouped[reported.finding.section][reported.finding.rule_id].append(reported)
    order = [*SECTIONS, *sorted(set(grouped) - set(SECTIONS))]
    out = []
    for key in order:
        rules = grouped.get(key)
        if not rules:
            continue
        groups = tuple(
            RuleGroup(
                describe(result.catalog, rule_id),
                tuple(
                    _row(r, (r.finding.message, str(ages.get(r.fingerprint, 1))))
                    for r in rules[rule_id]
                ),
            )
            for rule_id in sorted(rules, key=id_sort_key)
        )
        count = sum(len(g.rows) for g in groups)
        out.append(SectionView(SECTION_TITLES.get(key, key.capitalize()), count, groups))
    return tuple(out)


def rule_counts(result: ScanResult, previous: Counter[str] | None) -> tuple[CountRow, ...]:
    now = Counter(r.finding.rule_id for r in result.open)
    ids = set(now) | set(previous or ())
    rows = []
    for rule_id in sorted(ids, key=id_sort_key):
        info = describe(result.catalog, rule_id)
        before = None if previous is None else previous[rule_id]
        change = "" if before is None else f"{now[rule_id] - before:+d}".replace("+0", "0")
        rows.append(
            CountRow(rule_id, info.slug, info.title, info.severity, now[rule_id], before, change)
        )
    return tuple(rows)


def trend_rows(trend: Trend, catalog_result: ScanResult) -> dict[str, tuple[Row, ...]]:
    """New, still-open and resolved findings, each as (rule, message, first seen, months) rows."""
    month_now = {r.fingerprint: r for r in catalog_result.findings}
    new = tuple(_row(r, (r.finding.rule_id, r.finding.message)) for r in trend.new)
    still = tuple(
        _row(
            s.reported,
            (
                s.reported.finding.rule_id,
                s.reported.finding.message,
                s.first_seen,
                str(s.months_open),
            ),
        )
        for s in sorted(
            trend.still_open, key=lambda s: (-s.months_open, s.reported.finding.sort_key())
        )
    )
    outcome = {
        "gone": "fixed or removed",
        "suppressed": "now suppressed",
        "baselined": "now baselined",
    }
    resolved = []
    for item in trend.resolved:
        current = month_now.get(item.fingerprint)
        reason = outcome.get(item.now, item.now)
        if current is not None and current.justification:
            reason += f": {current.justification}"
        info = describe(catalog_result.catalog, item.previous.rule_id)
        cells = (item.previous.rule_id, info.slug, reason, item.previous.first_seen)
        resolved.append(Row(cells, item.previous.path, href(item.previous.path)))
    return {"new": new, "still_open": still, "resolved": tuple(resolved)}


def silenced_rows(result: ScanResult) -> tuple[Row, ...]:
    return tuple(
        _row(r, (r.finding.rule_id, r.finding.slug, r.status, r.justification or "no reason given"))
        for r in result.findings
        if r.status != "open"
    )


def undecided_rows(result: ScanResult) -> tuple[Row, ...]:
    """TA002 outcomes per rule, with the reasons that kept each rule from deciding."""
    per_rule: dict[str, list[str]] = defaultdict(list)
    for undecided in result.undecided:
        per_rule[undecided.rule_id].extend(undecided.reasons)
    rows = []
    for rule_id in sorted(per_rule, key=id_sort_key):
        count = sum(1 for u in result.undecided if u.rule_id == rule_id)
        reasons = Counter(per_rule[rule_id])
        text = "; ".join(f"{reason} ({n})" for reason, n in sorted(reasons.items()))
        rows.append(Row((rule_id, describe(result.catalog, rule_id).slug, str(count), text)))
    return tuple(rows)
