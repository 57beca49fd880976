"""The terminal summary after a report is written: where it went and what it holds."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from taskaudit.render.coverage import coverage_lines, nothing_audited
from taskaudit.report.escape import plain
from taskaudit.results import SEVERITY_ORDER, ScanResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_coverage(result: ScanResult, console: Console | None = None) -> None:
    """What the scan could not see, one line each on stderr (``taskaudit.render.coverage``)."""
    console = console or Console(stderr=True, highlight=False)
    for line in coverage_lines(result.project):
        console.print(f"taskaudit: {plain(line)}", markup=False, soft_wrap=True)


def print_summary(result: ScanResult, written: str | None, config: str | None) -> None:
    """A few lines on stderr, after what the scan could not see: stdout stays free for pipes."""
    console = Console(stderr=True, highlight=False)
    print_coverage(result, console)
    counts = result.counts()
    parts = [f"[{_STYLE[s]}]{counts[s]} {s}[/]" for s in SEVERITY_ORDER]
    tasks = len(result.project.tasks)
    console.print(
        f"taskaudit: {result.files_scanned} files, {tasks} tasks; "
        f"{len(result.open)} open findings ({', '.join(parts)})"
    )
    silenced = Counter(r.status for r in result.findings if r.status != "open")
    if silenced or result.undecided:
        console.print(
            f"  {silenced['suppressed']} suppressed, {silenced['baselined']} baselined, "
            f"{len(result.undecided)} undecidable (TA002)"
        )
    by_rule = Counter(r.finding.rule_id for r in result.open)
    if by_rule:
        table = Table(box=None, show_header=False, pad_edge=False)
        for rule_id, count in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])):
            rule = result.catalog.get(rule_id)
            slug = rule.slug if rule is not None else rule_id
            table.add_row(f"  {rule_id}", slug, str(count))
        console.print(table)
    if config:
        console.print(f"  configuration: {config}")
    if written is None and nothing_audited(result.project):
        console.print(
            "  nothing audited: no report written (use --write-clean to write one anyway)"
        )
    elif written is None:
        console.print("  no drift: no report written (use --write-clean to write one anyway)")
    else:
        console.print(f"  report: [bold]{written}[/]")
