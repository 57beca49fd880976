"""Everything the drift-report template receives, assembled once.

The template's variables are documented in docs/report.md; a user template
sees exactly these names. No clock: the month is given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from taskaudit.report import decisions, inventory_view, ops_view, view
from taskaudit.report.first import fix_first, severity_rows
from taskaudit.report.history import PreviousReport, Trend, diff
from taskaudit.report.seen_view import unseen
from taskaudit.report.state import MonthCounts
from taskaudit.report.summary import Summary, summarize
from taskaudit.report.trend_view import (
    Chart,
    history,
    new_rows,
    previous_counts,
    resolved_rows,
    still_open_rows,
)
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
) -> tuple[dict[str, Any], Trend, tuple[MonthCounts, ...]]:
    """The template's variables, the trend (first-seen months) and the history (the state)."""
    trend = diff(previous, result, month=month)
    since = {s.reported.fingerprint: s.first_seen for s in trend.still_open}
    before = None
    if previous is not None:
        before = Counter(f.rule_id for f in previous.findings.values())
    project = result.project
    summary: Summary = summarize(result)
    months = history(previous, result.catalog, month, result.counts())
    new = frozenset(r.fingerprint for r in trend.new)
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
        "unseen": unseen(project),
        "fix_first": fix_first(result, new),
        "severity_counts": severity_rows(result, previous_counts(previous, result.catalog)),
        "previous_month": trend.previous_month,
        "previous_open": None if previous is None else len(previous.findings),
        "rule_counts": view.rule_counts(result, before),
        "chart": Chart(months) if len(months) > 1 else None,
        "sections": view.sections(result, since),
        "trend": {
            "new": new_rows(trend),
            "resolved": resolved_rows(trend, result),
            "still_open": still_open_rows(trend, result),
            "still_open_count": len(trend.still_open),
        },
        "tasks": inventory_view.task_table(project),
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
    return context, trend, months
