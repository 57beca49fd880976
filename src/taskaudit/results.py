"""What a scan hands to every output: findings with their fate, and the inventory.

The report, JSON, SARIF, GitHub and GitLab renderers all read a
``ScanResult``; none of them scans, evaluates or touches the file system.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from taskaudit.link.model import Project
from taskaudit.rules.evaluate import Finding, Undecided
from taskaudit.rules.model import Catalog

Status = Literal["open", "suppressed", "baselined"]
SEVERITY_ORDER = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Reported:
    """One finding and what became of it.

    ``fingerprint`` ignores line numbers (rule, path, subject identity and
    occurrence), so a finding keeps it when lines are added above it.
    ``justification`` is the suppression's ``-- reason`` (or the baseline's).
    """

    finding: Finding
    fingerprint: str
    status: Status = "open"
    justification: str | None = None


@dataclass(frozen=True, slots=True)
class ScanResult:
    version: str  # taskaudit's version
    findings: tuple[Reported, ...]  # sorted by path, line, column, rule id, message
    undecided: tuple[Undecided, ...]  # TA002 outcomes, counted and never failing a build
    project: Project  # what was scanned, linked and decided: the inventories come from it
    catalog: Catalog  # the rules in effect, for their docs
    files_scanned: int
    # The scanned folder inside its git repository ("backend/"; "" at the top or outside
    # git). Code-hosting formats (SARIF, GitHub, GitLab) want repository-relative paths.
    repo_prefix: str = ""

    def repo_path(self, path: str) -> str:
        """``path`` (relative to the scanned folder) relative to the repository root."""
        return self.repo_prefix + path

    @property
    def open(self) -> tuple[Reported, ...]:
        return tuple(r for r in self.findings if r.status == "open")

    def with_severities(self, severities: Collection[str]) -> ScanResult:
        """Only the findings of these severities; TA002 outcomes count as info."""
        return dataclasses.replace(
            self,
            findings=tuple(r for r in self.findings if r.finding.severity in severities),
            undecided=self.undecided if "info" in severities else (),
        )

    def counts(self) -> dict[str, int]:
        """Open findings per severity, every severity present (zero included)."""
        counts = dict.fromkeys(SEVERITY_ORDER, 0)
        for reported in self.open:
            counts[reported.finding.severity] += 1
        return counts
