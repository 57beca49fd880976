"""The filter stage: which rules run, and what becomes of each finding.

Rules never know about suppression. After evaluation every finding gets a
line-free fingerprint and a fate, in this order: an inline
``# taskaudit: ignore[ID]`` on its line (or, for a task, on a decorator line
above its ``def``) suppresses it, then ``per-file-ignores`` in
``[tool.taskaudit]``, then the baseline. A suppression that silences nothing,
names an unknown rule or (with ``require-reason``, the default) gives no
reason becomes a TA001 finding of its own, which per-file ignores and the
baseline treat like any other. Nothing is dropped: a silenced finding keeps
its place with its status. ``--select`` and ``--ignore`` (and the file's
``select``/``ignore``) are applied before evaluation instead, to the catalog,
so unselected rules cost nothing (``taskaudit.selection``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from taskaudit.config import Config
from taskaudit.core.location import Location
from taskaudit.extract.comments import Suppression
from taskaudit.facts import FileFacts
from taskaudit.link.model import Project
from taskaudit.meta import META_RULES
from taskaudit.results import Reported
from taskaudit.rules import Catalog, Finding
from taskaudit.selection import meta_selected

if TYPE_CHECKING:
    import pathspec


def filter_findings(
    findings: Sequence[Finding],
    files: Sequence[FileFacts],
    project: Project,
    catalog: Catalog,
    config: Config,
    baselined: frozenset[str] = frozenset(),
) -> list[Reported]:
    """Fingerprint every finding and apply suppressions, per-file ignores and the baseline."""
    suppressions = {f.path: f.python.comments.suppressions for f in files if f.python is not None}
    # A task-level finding points at the `def`; its decorators carry suppressions too.
    spans = {(t.location.path, t.location.line): t.first_line for t in project.tasks}
    per_file = _per_file_specs(config.per_file_ignores)
    used: set[tuple[str, int, str]] = set()
    out: list[Reported] = []
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        where = finding.location
        first = spans.get((where.path, where.line), where.line)
        directive = _suppressing(suppressions.get(where.path, ()), first, where.line, finding)
        if directive is not None:
            used.add((where.path, directive.line, finding.rule_id))
            out.append(Reported(finding, fingerprint, "suppressed", directive.reason))
        else:
            out.append(_configured_fate(finding, fingerprint, per_file, baselined))
    # A TA001 finding is configuration's to silence too (per-file-ignores, the baseline);
    # an inline suppression cannot silence the suppression it sits in.
    unused = _unused_suppressions(suppressions, used, catalog, config)
    out += [
        _configured_fate(f, fp, per_file, baselined)
        for f, fp in zip(unused, fingerprints(unused), strict=True)
    ]
    return sorted(out, key=lambda r: r.finding.sort_key())


def _configured_fate(
    finding: Finding,
    fingerprint: str,
    per_file: Sequence[tuple[pathspec.GitIgnoreSpec, tuple[str, ...]]],
    baselined: frozenset[str],
) -> Reported:
    """Suppressed by ``per-file-ignores``, else baselined, else open."""
    path = finding.location.path
    if any(spec.match_file(path) and _names(ids, finding) for spec, ids in per_file):
        return Reported(finding, fingerprint, "suppressed", "per-file-ignores")
    if fingerprint in baselined:
        return Reported(finding, fingerprint, "baselined", "baseline")
    return Reported(finding, fingerprint)


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """Line-free fingerprints: rule, path and subject identity, plus an occurrence index."""
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        key = "\0".join((finding.rule_id, finding.location.path, finding.identity))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        out.append(f"{digest}:{seen[digest]}")
        seen[digest] += 1
    return out


def _names(ids: Iterable[str], finding: Finding) -> bool:
    return any(finding.rule_id.startswith(i) or i == finding.slug for i in ids)


def _suppressing(
    directives: Sequence[Suppression], first: int, line: int, finding: Finding
) -> Suppression | None:
    for directive in directives:
        if first <= directive.line <= line and finding.rule_id in directive.codes:
            return directive
    return None


def _per_file_specs(
    patterns: Mapping[str, tuple[str, ...]],
) -> list[tuple[pathspec.GitIgnoreSpec, tuple[str, ...]]]:
    if not patterns:
        return []
    import pathspec  # loaded only when per-file-ignores are configured

    return [(pathspec.GitIgnoreSpec.from_lines([p]), ids) for p, ids in sorted(patterns.items())]


# `require-reason`: a reviewer reads why a finding is accepted where it is silenced.
_NO_REASON = "ignore[{codes}] gives no reason: write it after ' -- ', e.g. ignore[{codes}] -- why"


def _unused_suppressions(
    suppressions: Mapping[str, Sequence[Suppression]],
    used: set[tuple[str, int, str]],
    catalog: Catalog,
    config: Config,
) -> list[Finding]:
    if not meta_selected("TA001", config):
        return []
    meta = META_RULES["TA001"]
    known = {*catalog.ids, *META_RULES}
    found: list[Finding] = []
    for path, directives in sorted(suppressions.items()):
        for d in directives:
            where = Location(path, d.line, d.column)
            problems = [d.malformed] if d.malformed else []
            for code in d.codes:
                if code not in known:
                    problems.append(f"{code} is not a rule taskaudit knows")
                elif (path, d.line, code) not in used and code in catalog.ids:
                    problems.append(f"ignore[{code}] silences nothing on this line")
            if config.require_reason and not problems and d.reason is None:
                problems.append(_NO_REASON.format(codes=", ".join(d.codes)))
            for problem in problems:
                found.append(
                    Finding(
                        meta.id,
                        meta.slug,
                        meta.severity,
                        where,
                        problem,
                        f"suppression:{path}:{problem}",
                        "meta",
                    )
                )
    return found
