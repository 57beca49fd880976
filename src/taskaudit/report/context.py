"""Everything the drift-report template receives, assembled once.

The template's variables are documented in docs/report.md; a user template
sees exactly these names. No clock: the month is given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from taskaudit.report import decisions, inventory_view, ops_view, view
from taskaudit.report.history import PreviousReport, Trend, diff
from taskaudit.report.summary import Summary, summarize
from taskaudit.results import ScanResult


@dataclass(frozen=True, slots=True)
class Totals:
    """Counts the summary paragraph states (raw numbers, no scanned text)."""

    tasks: int
    beat_entries: int
    queues: int
    incidents: int


def report_context(
    result: ScanResult,
    *,
    month: str,
    previous: PreviousReport | None,
) -> tuple[dict[str, Any], Trend]:
    """The template's variables, and the trend (whose first-seen months go into the state)."""
    trend = diff(previous, result, month=month)
    ages = {s.reported.fingerprint: s.months_open for s in trend.still_open}
    before = None
    if previous is not None:
        before = Counter(f.rule_id for f in previous.findings.values())
    project = result.project
    summary: Summary = summarize(result)
    context: dict[str, Any] = {
        "month": month,
        "version": result.version,
        "summary": summary,
        "severities": summary.by_severity,
        "totals": Totals(
            len(project.tasks),
            len(project.beat),
            len(project.queues),
            len(project.incidents),
        ),
        "previous_month": trend.previous_month,
        "previous_open": None if previous is None else len(previous.findings),
        "rule_counts": view.rule_counts(result, before),
        "sections": view.sections(result, ages),
        "trend": view.trend_rows(trend, result),
        "tasks": inventory_view.task_rows(project),
        "beat": inventory_view.beat_rows(project),
        "queues": ops_view.queue_rows(project),
        "routes": ops_view.route_rows(project),
        "workers": ops_view.worker_rows(project),
        "make_targets": ops_view.make_rows(project),
        "missing_make_targets": ops_view.missing_targets(project),
        "result_settings": inventory_view.settings_rows(project, inventory_view.RESULT_SETTINGS),
        "beat_settings": inventory_view.settings_rows(project, inventory_view.BEAT_SETTINGS),
        "config": {"namespace": project.config_namespace, "sources": list(project.config_sources)},
        # The Celery releases the configuration was judged on, and where they were read.
        "celery_version": project.celery_version.shown,
        "decisions": decisions.decisions(result),
        "incidents": ops_view.incident_rows(project),
        "silenced": view.silenced_rows(result),
        "undecided": view.undecided_rows(result),
    }
    return context, trend
