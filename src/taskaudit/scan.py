"""One scan, start to finish: catalog, facts, subjects, findings and their fate.

The order matters and is fixed: rules are evaluated over every subject,
then meta findings are added (TA000 for files that could not be read),
then the filter stage (``taskaudit.filter``) gives every finding its fate:
suppressions and per-file ignores first (so TA001 can tell a suppression
that silences nothing), then the baseline. Every command that reads a
project goes through ``read_project`` with the same ``ScanOptions``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from taskaudit import __version__
from taskaudit.config import Config
from taskaudit.core.location import Location
from taskaudit.discover import repository_prefix
from taskaudit.errors import TaskauditError
from taskaudit.facts import FileFacts
from taskaudit.filter import filter_findings
from taskaudit.link.decisions import DEFAULT_CONVENTIONS, Conventions
from taskaudit.link.project import Hints
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.meta import META_RULES
from taskaudit.pipeline import Scanned, scan_sources, scan_tree
from taskaudit.resources import default_rules
from taskaudit.results import ScanResult
from taskaudit.rules import (
    Catalog,
    Finding,
    RuleFileErrors,
    evaluate,
    load_rules,
    override_params,
    override_severity,
)
from taskaudit.rules.subjects import Subject
from taskaudit.selection import check_selectors, meta_selected, select_rules

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """What to audit (the configuration, command-line flags merged in) and how fast."""

    config: Config = field(default_factory=Config)
    # Speed only, never the result: the facts cache, worker processes, a progress bar.
    cache: bool = False
    jobs: int | None = None
    progress: bool = False


@dataclass(frozen=True, slots=True)
class Audit:
    """A finished scan: what every output reads, and the subjects the rules were run over."""

    result: ScanResult
    subjects: tuple[Subject, ...]
    paths: frozenset[str] = frozenset()  # every file the scan read, repository-relative


def load_catalog(config: Config) -> Catalog:
    """The packaged catalog, layered rule files, then config overrides and selection."""
    return select_rules(configured_catalog(config), config)


def configured_catalog(config: Config) -> Catalog:
    """Every rule with the configured params and severities, before selection."""
    try:
        catalog = load_rules([default_rules(), *config.extend_rules], SCHEMA)
    except RuleFileErrors as errors:
        raise TaskauditError(str(errors)) from None
    origin = Location(config.path or "[tool.taskaudit]", 1, 1)
    try:
        if config.params:
            catalog = override_params(catalog, config.params, origin, _places(config, "params"))
        if config.severity:
            places = _places(config, "severity")
            catalog = override_severity(catalog, config.severity, origin, places)
    except RuleFileErrors as errors:
        raise TaskauditError(str(errors)) from None
    check_selectors(catalog, config)
    return catalog


def _places(config: Config, table: str) -> dict[tuple[str, ...], Location]:
    """Where the entries of one of the configuration's tables were written."""
    return {
        key[1:]: origin.location()
        for key, origin in config.origins.items()
        if key[0] == table and len(key) > 1 and not origin.flag
    }


def read_project(root: Path, options: ScanOptions, catalog: Catalog | None = None) -> Scanned:
    """Discover, read, extract and link ``root`` as configured: every command's front half.

    Linking decides with the conventions the rules' params state (the heavy
    queue, the Make targets), read from the configured ``catalog`` before any
    ``--select``: a convention holds whichever rules run.
    """
    config = options.config
    return scan_tree(
        root,
        config.exclude,
        config.source_roots,
        config.task_decorators,
        cache=options.cache,
        jobs=options.jobs,
        progress=options.progress,
        parse_all=config.parse_all,
        conventions=conventions_of(catalog if catalog is not None else configured_catalog(config)),
        hints=Hints(config.settings, config.celery_app),
    )


def run_scan(root: Path, options: ScanOptions) -> Audit:
    config = options.config
    baselined = frozenset[str]()
    if config.baseline is not None:
        origin = config.origin("baseline")
        baselined = read_baseline(config.baseline, str(origin) if origin is not None else None)
    configured = configured_catalog(config)
    catalog = select_rules(configured, config)
    scanned = read_project(root, options, configured)
    project = scanned.project
    subjects = tuple(build_subjects(project))
    evaluation = evaluate(catalog, subjects)
    findings = [*evaluation.findings, *_unparsable(scanned.files, config)]
    reported = filter_findings(findings, scanned.files, project, catalog, config, baselined)
    result = ScanResult(
        version=__version__,
        findings=tuple(reported),
        undecided=evaluation.undecided if meta_selected("TA002", config) else (),
        project=project,
        catalog=catalog,
        # Dependency files (requirements, locks) join the count when the report
        # shows the Celery version they give; until then the summary is unchanged.
        files_scanned=sum(1 for f in scanned.files if f.role != "dependencies"),
        repo_prefix=repository_prefix(root),
    )
    return Audit(result, subjects, frozenset(f.path for f in scanned.files))


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


def read_baseline(path: Path, written: str | None = None) -> frozenset[str]:
    """The fingerprints the baseline file at ``path`` accepts.

    ``written`` is where the path was configured (``pyproject.toml:9:12``,
    ``--baseline``), named in the error when the file cannot be read.
    """
    from taskaudit.report.baseline import load_baseline

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        where = f"{written}: {path}" if written is not None else str(path)
        raise TaskauditError(f"{where}: cannot read the baseline: {exc}") from None
    return load_baseline(text, source=str(path))


def _unparsable(files: Iterable[FileFacts], config: Config) -> list[Finding]:
    if not meta_selected("TA000", config):
        return []
    meta = META_RULES["TA000"]
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
    # The rule params that shape the model (heavy queue, expected targets) apply here too.
    facts, project = scan_sources(files, conventions=conventions_of(catalog))
    findings = list(evaluate(catalog, build_subjects(project)).findings)
    reported = filter_findings(findings, facts, project, catalog, Config())
    return [r.finding for r in reported if r.status == "open"]
