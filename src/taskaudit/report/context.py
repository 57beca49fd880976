"""Everything the drift-report template receives, assembled once.

The template's variables are documented in docs/report.md; a user template
sees exactly these names. No clock: the month is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from taskaudit.link.subjects import CONVENTIONAL_MAKE_TARGETS
from taskaudit.report import decisions, inventory_view, ops_view, view
from taskaudit.report.history import PreviousReport, Trend, diff
from taskaudit.report.summary import Summary, summarize
from taskaudit.results import ScanResult

# The guideline's targets, as the link layer knows them (a pattern rule can answer them).
DEFAULT_MAKE_TARGETS = CONVENTIONAL_MAKE_TARGETS


@dataclass(frozen=True, slots=True)
class Totals:
    """Counts the summary paragraph states (raw numbers, no scanned text)."""

    tasks: int
    beat_entries: int
    queues: int
    incidents: int


def _heavy_queue(result: ScanResult) -> str:
    rule = result.catalog.get("heavy-task-on-light-queue")
    value = rule.params.get("heavy_queue") if rule is not None else None
    return value if isinstance(value, str) else "heavy"


def _expected_targets(result: ScanResult, given: Sequence[str]) -> Sequence[str]:
    if given:
        return given
    rule = result.catalog.get("make-target-missing")
    value = rule.params.get("expected") if rule is not None else None
    return value if isinstance(value, tuple) else DEFAULT_MAKE_TARGETS


def report_context(
    result: ScanResult,
    *,
    month: str,
    previous: PreviousReport | None,
    expected_make_targets: Sequence[str] = (),
) -> tuple[dict[str, Any], Trend]:
    """The template's variables, and the trend (whose first-seen months go into the state)."""
    trend = diff(previous, result, month=month)
    ages = {s.reported.fingerprint: s.months_open for s in trend.still_open}
    before = None
    if previous is not None:
        before = Counter(f.rule_id for f in previous.findings.values())
    inventory = result.inventory
    summary: Summary = summarize(result)
    context: dict[str, Any] = {
        "month": month,
        "version": result.version,
        "summary": summary,
        "severities": summary.by_severity,
        "totals": Totals(
            len(inventory.get("tasks", [])),
            len(inventory.get("beat_entries", [])),
            len(inventory.get("queues", [])),
            len(inventory.get("incidents", [])),
        ),
        "previous_month": trend.previous_month,
        "previous_open": None if previous is None else len(previous.findings),
        "rule_counts": view.rule_counts(result, before),
        "sections": view.sections(result, ages),
        "trend": view.trend_rows(trend, result),
        "tasks": inventory_view.task_rows(inventory),
        "beat": inventory_view.beat_rows(inventory),
        "queues": ops_view.queue_rows(inventory),
        "routes": ops_view.route_rows(inventory),
        "workers": ops_view.worker_rows(inventory),
        "make_targets": ops_view.make_rows(inventory),
        "missing_make_targets": ops_view.missing_targets(
            inventory, _expected_targets(result, expected_make_targets)
        ),
        "result_settings": inventory_view.settings_rows(inventory, inventory_view.RESULT_SETTINGS),
        "beat_settings": inventory_view.settings_rows(inventory, inventory_view.BEAT_SETTINGS),
        "config": {
            "namespace": inventory.get("config", {}).get("namespace"),
            "sources": list(inventory.get("config", {}).get("sources", [])),
        },
        "decisions": decisions.decisions(result, _heavy_queue(result)),
        "incidents": ops_view.incident_rows(inventory),
        "silenced": view.silenced_rows(result),
        "undecided": view.undecided_rows(result),
    }
    return context, trend
