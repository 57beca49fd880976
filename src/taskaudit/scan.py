"""One scan, start to finish: catalog, facts, subjects, findings and their fate.

The order matters and is fixed: rules are evaluated over every subject,
then meta findings are added (TA000 for files that could not be read),
then suppressions and per-file ignores are applied (so TA001 can tell a
suppression that silences nothing), then the baseline. Nothing is dropped:
a silenced finding keeps its place in the result with its status.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskaudit import __version__
from taskaudit.core.location import Location
from taskaudit.discover import repository_prefix
from taskaudit.errors import TaskauditError
from taskaudit.extract.comments import Suppression
from taskaudit.facts import FileFacts
from taskaudit.link.decisions import DEFAULT_CONVENTIONS, Conventions
from taskaudit.link.model import Project
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.meta import META_RULES
from taskaudit.pipeline import scan_sources, scan_tree
from taskaudit.resources import default_rules
from taskaudit.results import Reported, ScanResult
from taskaudit.rules import (
    Catalog,
    Finding,
    RuleFileErrors,
    evaluate,
    load_rules,
    override_params,
    override_severity,
)

if TYPE_CHECKING:
    import pathspec

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


@dataclass(frozen=True, slots=True)
class ScanOptions:
    select: tuple[str, ...] = ()  # ids, id prefixes or slugs; empty = all
    ignore: tuple[str, ...] = ()
    rule_files: tuple[Path, ...] = ()
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    severity: Mapping[str, str] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    task_decorators: tuple[str, ...] = ()
    source_roots: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    config_origin: str = "[tool.taskaudit]"
    baseline: frozenset[str] = frozenset()
    # Also parse files that cannot hold Celery facts, to report any broken one (TA000).
    parse_all: bool = False
    # Speed only, never the result: the facts cache, worker processes, a progress bar.
    cache: bool = False
    jobs: int | None = None
    progress: bool = False


def load_catalog(options: ScanOptions) -> Catalog:
    """The packaged catalog, layered rule files, then config overrides and selection."""
    try:
        catalog = load_rules([default_rules(), *options.rule_files], SCHEMA)
    except RuleFileErrors as errors:
        raise TaskauditError(str(errors)) from None
    origin = Location(options.config_origin, 1, 1)
    try:
        if options.params:
            catalog = override_params(catalog, options.params, origin)
        if options.severity:
            catalog = override_severity(catalog, options.severity, origin)
    except RuleFileErrors as errors:
        raise TaskauditError(str(errors)) from None
    known = {"ALL", *catalog.ids, *(r.slug for r in catalog.rules), *META_RULES}
    for selector in (*options.select, *options.ignore):
        if not any(k.startswith(selector) or k == selector for k in known):
            raise TaskauditError(f"unknown rule selector {selector!r} in --select/--ignore")
    kept = tuple(
        rule
        for rule in catalog.rules
        if selected(rule.id, rule.slug, options.select, options.ignore)
    )
    return Catalog(kept, catalog.schema)


def selected(rule_id: str, slug: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    def hit(selectors: Sequence[str]) -> bool:
        return any(s == "ALL" or rule_id.startswith(s) or slug == s for s in selectors)

    return (not select or hit(select)) and not hit(ignore)


def run_scan(root: Path, options: ScanOptions) -> tuple[ScanResult, Project]:
    catalog = load_catalog(options)
    scanned = scan_tree(
        root,
        options.exclude,
        options.source_roots,
        options.task_decorators,
        cache=options.cache,
        jobs=options.jobs,
        progress=options.progress,
        parse_all=options.parse_all,
        conventions=conventions_of(catalog),
    )
    project = scanned.project
    evaluation = evaluate(catalog, build_subjects(project))
    findings = [*evaluation.findings, *_unparsable(scanned.files, options)]
    reported = _settle(findings, scanned.files, project, options, catalog)
    result = ScanResult(
        version=__version__,
        findings=tuple(reported),
        undecided=evaluation.undecided if _wanted("TA002", options) else (),
        project=project,
        catalog=catalog,
        # Dependency files (requirements, locks) join the count when the report
        # shows the Celery version they give; until then the summary is unchanged.
        files_scanned=sum(1 for f in scanned.files if f.role != "dependencies"),
        repo_prefix=repository_prefix(root),
    )
    return result, project


def conventions_of(catalog: Catalog) -> Conventions:
    """The team's conventions that rule params state: the heavy queue, the Make targets."""
    heavy = catalog.get("TA602")
    queue = heavy.params.get("heavy_queue") if heavy is not None else None
    make = catalog.get("TA1001")
    targets = make.params.get("expected") if make is not None else None
    return Conventions(
        heavy_queue=queue if isinstance(queue, str) else DEFAULT_CONVENTIONS.heavy_queue,
        make_targets=targets if isinstance(targets, tuple) else DEFAULT_CONVENTIONS.make_targets,
    )


def _wanted(meta_id: str, options: ScanOptions) -> bool:
    meta = META_RULES[meta_id]
    return selected(meta.id, meta.slug, options.select, options.ignore)


def _unparsable(files: Iterable[FileFacts], options: ScanOptions) -> list[Finding]:
    meta = META_RULES["TA000"]
    if not selected(meta.id, meta.slug, options.select, options.ignore):
        return []
    return [
        Finding(
            meta.id,
            meta.slug,
            meta.severity,
            Location(f.path, f.failure.line or 1, f.failure.column or 1),
            f"cannot read this file: {f.failure.reason}; its tasks and settings are not audited",
            f"file:{f.path}",
            "meta",
        )
        for f in files
        if f.failure is not None
    ]


def _settle(
    findings: list[Finding],
    files: Sequence[FileFacts],
    project: Project,
    options: ScanOptions,
    catalog: Catalog,
) -> list[Reported]:
    """Fingerprint every finding and apply suppressions, per-file ignores and the baseline."""
    suppressions = {f.path: f.python.comments.suppressions for f in files if f.python is not None}
    # A task-level finding points at the `def`; its decorators carry suppressions too.
    spans = {(t.location.path, t.location.line): t.first_line for t in project.tasks}
    per_file = _per_file_specs(options.per_file_ignores)
    used: set[tuple[str, int, str]] = set()
    out: list[Reported] = []
    for finding, fingerprint in zip(findings, fingerprints(findings), strict=True):
        where = finding.location
        first = spans.get((where.path, where.line), where.line)
        directive = _matching(suppressions.get(where.path, ()), first, where.line, finding)
        if directive is not None:
            used.add((where.path, directive.line, finding.rule_id))
            out.append(Reported(finding, fingerprint, "suppressed", directive.reason))
        elif any(spec.match_file(where.path) and _names(ids, finding) for spec, ids in per_file):
            out.append(Reported(finding, fingerprint, "suppressed", "per-file-ignores"))
        elif fingerprint in options.baseline:
            out.append(Reported(finding, fingerprint, "baselined", "baseline"))
        else:
            out.append(Reported(finding, fingerprint))
    unused = _unused_suppressions(suppressions, used, catalog, options)
    out += [Reported(f, fp) for f, fp in zip(unused, fingerprints(unused), strict=True)]
    return sorted(out, key=lambda r: r.finding.sort_key())


def _names(ids: Iterable[str], finding: Finding) -> bool:
    return any(finding.rule_id.startswith(i) or i == finding.slug for i in ids)


def _matching(
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


def _unused_suppressions(
    suppressions: Mapping[str, Sequence[Suppression]],
    used: set[tuple[str, int, str]],
    catalog: Catalog,
    options: ScanOptions,
) -> list[Finding]:
    meta = META_RULES["TA001"]
    if not selected(meta.id, meta.slug, options.select, options.ignore):
        return []
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


def exit_code(result: ScanResult, fail_on: str) -> int:
    """1 when an open finding is at or above ``fail_on`` (TA002 never counts), else 0."""
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return int(any(SEVERITY_RANK[r.finding.severity] >= threshold for r in result.open))


def scan_files(files: dict[str, str], catalog: Catalog, rule_id: str = "") -> list[Finding]:
    """Evaluate ``catalog`` over in-memory files: how rule examples are checked.

    Suppressions apply as in a real scan, so an example can show one at work.
    """
    facts, project = scan_sources(files)
    findings = list(evaluate(catalog, build_subjects(project)).findings)
    reported = _settle(findings, facts, project, ScanOptions(), catalog)
    return [r.finding for r in reported if r.status == "open"]
