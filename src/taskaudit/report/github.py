"""GitHub Actions output: workflow-command annotations and a job-summary block.

Annotations are ``::error file=...,line=...,col=...,title=...::message``
("Workflow commands for GitHub Actions" in GitHub's docs): ``%``, CR and LF
are percent-encoded in the message, and ``:`` and ``,`` too in properties.
GitHub shows at most 10 error and 10 warning annotations per step, so the
summary (Markdown for ``$GITHUB_STEP_SUMMARY``, at most 1 MiB per step)
carries the full list, capped well below that size.
"""

from __future__ import annotations

from taskaudit.report.escape import md_cell, md_code, plain
from taskaudit.report.summary import summarize
from taskaudit.results import ScanResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SUMMARY_ROWS = 500


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(result: ScanResult) -> str:
    """One annotation line per open finding (suppressed and baselined ones stay quiet)."""
    lines = []
    for reported in result.open:
        finding = reported.finding
        where = finding.location
        properties = ",".join(
            (
                f"file={escape_property(plain(result.repo_path(where.path)))}",
                f"line={where.line}",
                f"col={where.column}",
                f"title={escape_property(f'{finding.rule_id} {finding.slug}')}",
            )
        )
        message = escape_data(plain(finding.message, keep_newlines=True))
        lines.append(f"::{COMMANDS.get(finding.severity, 'warning')} {properties}::{message}\n")
    return "".join(lines)


def github_summary(result: ScanResult) -> str:
    """A Markdown block: counts, then the open findings as a table."""
    summary = summarize(result)
    counts = dict(summary.by_severity)
    out = [
        "## taskaudit\n",
        "\n",
        f"{summary.sentence()}.\n",
        "\n",
        "| error | warning | info | suppressed | baselined | undecidable |\n",
        "|---:|---:|---:|---:|---:|---:|\n",
        f"| {counts.get('error', 0)} | {counts.get('warning', 0)} | {counts.get('info', 0)} "
        f"| {summary.suppressed} | {summary.baselined} | {summary.undecidable} |\n",
    ]
    findings = result.open
    if findings:
        out += ["\n", "| where | rule | severity | message |\n", "|---|---|---|---|\n"]
        for reported in findings[:SUMMARY_ROWS]:
            finding = reported.finding
            where = f"{result.repo_path(finding.location.path)}:{finding.location.line}"
            rule = f"{finding.rule_id} {finding.slug}"
            out.append(
                f"| {md_code(where)} | {md_cell(rule)} | {finding.severity} "
                f"| {md_cell(finding.message)} |\n"
            )
        if len(findings) > SUMMARY_ROWS:
            out.append(f"\n…and {len(findings) - SUMMARY_ROWS} more: see the report artifact.\n")
    return "".join(out)


def to_github(result: ScanResult, *, summary: bool = False) -> tuple[str, str | None]:
    """(annotations for stdout, summary Markdown or None) for ``--format github [--summary]``."""
    return github_annotations(result), github_summary(result) if summary else None
