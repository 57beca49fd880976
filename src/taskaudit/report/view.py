"""The drift report's findings half as a view model: sorted, grouped, ready to loop over.

Sections follow the guideline's order (``SECTIONS`` in ``rules.model``);
within a section, rules in id order, each once: its title, severity, the
first sentence of why it matters and the fix in a few words, then its
findings. Each rule's heading is ``TA101 task-name-missing``, so its anchor
(``#ta101-task-name-missing``, GitHub's heading slug) is stable from month
to month and other parts of the report link to it. Values stay raw text:
the template escapes them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from taskaudit.report.inventory_view import Row
from taskaudit.report.rules_info import RuleInfo, describe
from taskaudit.report.values import href, where
from taskaudit.results import SEVERITY_ORDER, Reported, ScanResult
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
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def anchor(rule_id: str, slug: str) -> str:
    """GitHub's anchor for the heading ``{rule_id} {slug}``: lower case, spaces as hyphens."""
    return _NOT_IN_SLUG.sub("", f"{rule_id} {slug}".lower()).replace(" ", "-")


@dataclass(frozen=True, slots=True)
class RuleGroup:
    rule: RuleInfo
    rows: tuple[Row, ...]  # cells: (message, open since)

    @property
    def anchor(self) -> str:
        return anchor(self.rule.id, self.rule.slug)


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
    anchor: str


def change(now: int, before: int | None) -> str:
    """``+2``, ``-1``, ``0``; "" when there is nothing to compare with."""
    if before is None:
        return ""
    return "0" if now == before else f"{now - before:+d}"


def finding_row(reported: Reported, cells: tuple[str, ...]) -> Row:
    location = reported.finding.location
    return Row(cells, where(location.path, location.line), href(location.path, location.line))


def sections(result: ScanResult, since: Mapping[str, str]) -> tuple[SectionView, ...]:
    """Every open finding once, by section and rule; ``since`` is "new" or a first-seen month."""
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
                    finding_row(r, (r.finding.message, since.get(r.fingerprint, "new")))
                    for r in rules[rule_id]
                ),
            )
            for rule_id in sorted(rules, key=id_sort_key)
        )
        count = sum(len(g.rows) for g in groups)
        out.append(SectionView(SECTION_TITLES.get(key, key.capitalize()), count, groups))
    return tuple(out)


def rule_counts(result: ScanResult, previous: Counter[str] | None) -> tuple[CountRow, ...]:
    """Open findings per rule against last month: errors first, then the most frequent."""
    now = Counter(r.finding.rule_id for r in result.open)
    ids = set(now) | set(previous or ())
    rows = []
    for rule_id in ids:
        info = describe(result.catalog, rule_id)
        before = None if previous is None else previous[rule_id]
        rows.append(
            CountRow(
                rule_id,
                info.slug,
                info.title,
                info.severity,
                now[rule_id],
                before,
                change(now[rule_id], before),
                anchor(rule_id, info.slug),
            )
        )
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    return tuple(
        sorted(rows, key=lambda r: (rank.get(r.severity, 9), -r.now, id_sort_key(r.rule_id)))
    )


def silenced_rows(result: ScanResult) -> tuple[Row, ...]:
    return tuple(
        finding_row(
            r, (r.finding.rule_id, r.finding.slug, r.status, r.justification or "no reason given")
        )
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
