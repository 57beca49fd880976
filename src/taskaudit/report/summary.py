"""Counts every output agrees on: open findings by severity and by rule, and the rest.

Suppressed and baselined findings are counted apart from open ones; TA002
(a rule that could not decide) is counted and never makes a finding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from taskaudit.results import SEVERITY_ORDER, ScanResult
from taskaudit.rules.model import id_sort_key


@dataclass(frozen=True, slots=True)
class Summary:
    by_severity: tuple[tuple[str, int], ...]  # every severity, zero included
    by_rule: tuple[tuple[str, int], ...]  # open findings per rule id, in id order
    open: int
    suppressed: int
    baselined: int
    undecidable: int
    files: int

    def as_json(self) -> dict[str, object]:
        return {
            "by_severity": dict(self.by_severity),
            "by_rule": dict(self.by_rule),
            "open": self.open,
            "suppressed": self.suppressed,
            "baselined": self.baselined,
            "undecidable": self.undecidable,
            "files": self.files,
        }

    def sentence(self) -> str:
        """``3 open findings (1 error, 2 warnings, 0 info) in 12 files; ...``."""
        counts = dict(self.by_severity)
        parts = ", ".join(plural(counts.get(s, 0), s) for s in SEVERITY_ORDER)
        return (
            f"{plural(self.open, 'open finding')} ({parts}) in {plural(self.files, 'file')}; "
            f"{self.suppressed} suppressed, {self.baselined} baselined, "
            f"{self.undecidable} undecidable"
        )


def plural(count: int, noun: str) -> str:
    """``1 finding``, ``2 findings``; "info" is uncountable."""
    if noun == "info" or count == 1:
        return f"{count} {noun}"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return f"{count} {noun[:-1]}ies"
    return f"{count} {noun}s"


def summarize(result: ScanResult) -> Summary:
    statuses = Counter(r.status for r in result.findings)
    rules = Counter(r.finding.rule_id for r in result.open)
    return Summary(
        by_severity=tuple(result.counts().items()),
        by_rule=tuple((rule, rules[rule]) for rule in sorted(rules, key=id_sort_key)),
        open=statuses["open"],
        suppressed=statuses["suppressed"],
        baselined=statuses["baselined"],
        undecidable=len(result.undecided),
        files=result.files_scanned,
    )
