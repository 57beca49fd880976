"""``--format text``: one line per open finding, the way ruff and flake8 print them.

A finding line is ``path:line:col: CODE message``: one colon after the
column, one space, the rule id, one space, the message's short form
(``taskaudit.rules.short``; JSON, SARIF and the report keep the whole
message). Editors and CI problem matchers read it with
``^(.+):(\\d+):(\\d+): (\\w+) (.+)$``. As in ruff's ``concise`` output the
line carries no severity; colour shows it at a terminal, and the trailing
summary lists it: per rule and severity, errors first, the count, id,
severity and title (ruff's ``--statistics``), then one total line.
``statistics=True`` prints that summary alone.
"""

from __future__ import annotations

from collections import Counter

from taskaudit.report.escape import plain
from taskaudit.report.rules_info import describe
from taskaudit.report.summary import summarize
from taskaudit.results import SEVERITY_ORDER, Reported, ScanResult
from taskaudit.rules.model import id_sort_key

_COLORS = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and code else text


def finding_line(reported: Reported, paint: _Paint) -> str:
    finding = reported.finding
    where = f"{plain(finding.location.path)}:{finding.location.line}:{finding.location.column}"
    code = paint(finding.rule_id, _COLORS.get(finding.severity, ""))
    return f"{paint(where, _BOLD)}: {code} {plain(finding.short or finding.message)}\n"


def statistics_lines(result: ScanResult, paint: _Paint) -> list[str]:
    """Open findings per (severity, rule): errors first, then the most frequent."""
    counts = Counter((r.finding.severity, r.finding.rule_id) for r in result.open)
    rank = {severity: index for index, severity in enumerate(SEVERITY_ORDER)}
    rows = sorted(
        counts.items(),
        key=lambda item: (rank.get(item[0][0], len(rank)), -item[1], id_sort_key(item[0][1])),
    )
    if not rows:
        return []
    count_width = max(len(str(count)) for _, count in rows)
    code_width = max(len(rule_id) for (_, rule_id), _ in rows)
    severity_width = max(len(severity) for (severity, _), _ in rows)
    lines = []
    for (severity, rule_id), count in rows:
        title = plain(describe(result.catalog, rule_id).title)
        label = paint(severity.ljust(severity_width), _COLORS.get(severity, ""))
        lines.append(
            f"{str(count).rjust(count_width)}  {rule_id.ljust(code_width)}  {label}  {title}\n"
        )
    return lines


def to_text(result: ScanResult, *, color: bool = False, statistics: bool = False) -> str:
    """Open findings one per line (unless ``statistics``), the per-rule counts, a total."""
    paint = _Paint(color)
    findings = [] if statistics else [finding_line(r, paint) for r in result.open]
    counts = statistics_lines(result, paint)
    total = summarize(result).sentence() + ".\n"
    return "".join([*findings, *(["\n"] if findings else []), *counts, total])
