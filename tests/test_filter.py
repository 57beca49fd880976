"""The filter stage: suppressions, TA001, per-file ignores, the baseline, selection."""

from __future__ import annotations

from taskaudit.config import Config
from taskaudit.core.location import Location
from taskaudit.filter import filter_findings, fingerprints
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules import Catalog, Finding, RuleText, evaluate, load_rules

RULES = RuleText(
    "test-rules.yaml",
    """\
version: 1
rules:
  - id: TA101
    slug: task-name-missing
    severity: warning
    section: naming
    subject: task
    require: {name.explicit: true}
    message: "task {function} has no name"
    docs: {what: w, why: y, fix: f}
""",
)


def _catalog() -> Catalog:
    return load_rules([RULES], SCHEMA, require_examples=False)


def _fates(
    files: dict[str, str], config: Config | None = None, baselined: frozenset[str] = frozenset()
) -> list[tuple[str, str, int, str, str | None]]:
    facts, project = scan_sources(files)
    catalog = _catalog()
    findings = evaluate(catalog, build_subjects(project)).findings
    return [
        (r.finding.rule_id, r.finding.location.path, r.finding.location.line, r.status,
         r.justification)
        for r in filter_findings(findings, facts, project, catalog, config or Config(), baselined)
    ]  # fmt: skip


TASKS = """\
from celery import shared_task

@shared_task  # taskaudit: ignore[TA101] -- named by the plugin registry
def on_decorator():
    pass

@shared_task
def on_def():  # taskaudit: ignore[TA101]
    pass

@shared_task
def not_suppressed():
    pass

X = 1  # taskaudit: ignore[TA101]
Y = 2  # taskaudit: ignore[TA999]
"""


def test_suppressions_on_the_def_or_a_decorator_line_and_unused_ones() -> None:
    assert _fates({"app/tasks.py": TASKS}, Config(require_reason=False)) == [
        ("TA101", "app/tasks.py", 4, "suppressed", "named by the plugin registry"),
        ("TA101", "app/tasks.py", 8, "suppressed", None),
        ("TA101", "app/tasks.py", 12, "open", None),
        ("TA001", "app/tasks.py", 15, "open", None),
        ("TA001", "app/tasks.py", 16, "open", None),
    ]


def _messages(files: dict[str, str], config: Config) -> list[tuple[int, str, str]]:
    facts, project = scan_sources(files)
    catalog = _catalog()
    findings = evaluate(catalog, build_subjects(project)).findings
    return [
        (r.finding.location.line, r.finding.rule_id, r.finding.message)
        for r in filter_findings(findings, facts, project, catalog, config)
        if r.finding.rule_id == "TA001"
    ]


def test_require_reason_reports_a_working_suppression_that_gives_no_reason() -> None:
    assert _messages({"app/tasks.py": TASKS}, Config()) == [
        (
            8,
            "TA001",
            "ignore[TA101] gives no reason: write it after ' -- ', e.g. ignore[TA101] -- why",
        ),
        # Unused: deleting it is the fix, so its missing reason is not reported as well.
        (15, "TA001", "ignore[TA101] silences nothing on this line"),
        (16, "TA001", "TA999 is not a rule taskaudit knows"),
    ]


def test_require_reason_off_accepts_a_suppression_without_a_reason() -> None:
    assert [
        line for line, _, _ in _messages({"app/tasks.py": TASKS}, Config(require_reason=False))
    ] == [15, 16]


def test_an_empty_reason_is_no_reason() -> None:
    text = (
        "from celery import shared_task\n\n"
        "@shared_task\ndef ping():  # taskaudit: ignore[TA101] --\n    pass\n"
    )
    assert [line for line, _, _ in _messages({"app/tasks.py": text}, Config())] == [4]


def test_a_suppression_does_not_reach_the_next_task() -> None:
    text = (
        "from celery import shared_task\n"
        "X = 1  # taskaudit: ignore[TA101]\n"
        "@shared_task\n"
        "def task():\n"
        "    pass\n"
    )
    assert _fates({"app/tasks.py": text}) == [
        ("TA001", "app/tasks.py", 2, "open", None),
        ("TA101", "app/tasks.py", 4, "open", None),
    ]


def test_a_suppression_above_a_stacked_decorator_covers_the_task() -> None:
    # The project decorator sits above Celery's: the task starts at the first decorator.
    text = (
        "from celery import shared_task\n"
        "from app.audit import audited\n"
        "\n"
        "@audited  # taskaudit: ignore[TA101] -- the audit layer names it\n"
        "@shared_task\n"
        "def stacked():\n"
        "    pass\n"
        "\n"
        "@audited\n"
        "@shared_task  # taskaudit: ignore[TA101]\n"
        "def on_celerys_line():\n"
        "    pass\n"
        "\n"
        "@audited\n"
        "@shared_task\n"
        "def open_one():\n"
        "    pass\n"
    )
    # Not about reasons: the bare suppression on line 10 would be a TA001 of its own.
    assert _fates({"app/tasks.py": text}, Config(require_reason=False)) == [
        ("TA101", "app/tasks.py", 6, "suppressed", "the audit layer names it"),
        ("TA101", "app/tasks.py", 11, "suppressed", None),
        ("TA101", "app/tasks.py", 16, "open", None),
    ]


def test_unused_suppressions_are_not_reported_when_ta001_is_ignored() -> None:
    fates = _fates({"app/tasks.py": TASKS}, Config(ignore=("TA001",)))
    assert [(rule, line) for rule, _, line, _, _ in fates] == [
        ("TA101", 4),
        ("TA101", 8),
        ("TA101", 12),
    ]


UNNAMED = "from celery import shared_task\n\n@shared_task\ndef ping():\n    pass\n"


def test_per_file_ignores_match_paths_and_name_rules_by_prefix_or_slug() -> None:
    files = {"app/tasks.py": UNNAMED, "legacy/tasks.py": UNNAMED, "other/tasks.py": UNNAMED}
    config = Config(per_file_ignores={"legacy/**": ("TA1",), "other/*.py": ("task-name-missing",)})
    assert _fates(files, config) == [
        ("TA101", "app/tasks.py", 4, "open", None),
        ("TA101", "legacy/tasks.py", 4, "suppressed", "per-file-ignores"),
        ("TA101", "other/tasks.py", 4, "suppressed", "per-file-ignores"),
    ]


def test_per_file_ignores_for_another_rule_or_path_leave_the_finding_open() -> None:
    config = Config(per_file_ignores={"app/tasks.py": ("TA2",), "legacy/**": ("TA101",)})
    assert _fates({"app/tasks.py": UNNAMED}, config) == [("TA101", "app/tasks.py", 4, "open", None)]


def test_the_baseline_accepts_findings_by_fingerprint_only() -> None:
    files = {"app/tasks.py": UNNAMED, "app/other.py": UNNAMED}
    _, project = scan_sources(files)
    findings = evaluate(_catalog(), build_subjects(project)).findings
    accepted = frozenset(fingerprints(findings)[:1])  # the first one: app/other.py
    assert _fates(files, baselined=accepted) == [
        ("TA101", "app/other.py", 4, "baselined", "baseline"),
        ("TA101", "app/tasks.py", 4, "open", None),
    ]
    assert _fates(files, baselined=frozenset({"0000000000000000:0"})) == [
        ("TA101", "app/other.py", 4, "open", None),
        ("TA101", "app/tasks.py", 4, "open", None),
    ]


def _finding(line: int, identity: str = "task:a") -> Finding:
    return Finding(
        "TA101", "task-name-missing", "warning", Location("a.py", line, 1), "m", identity, "naming"
    )


def test_fingerprints_ignore_lines_and_count_repeats() -> None:
    before = fingerprints([_finding(3), _finding(9, "task:b")])
    after = fingerprints([_finding(30), _finding(90, "task:b")])
    assert before == after
    twice = fingerprints([_finding(3), _finding(4)])
    assert twice[0] != twice[1]
    assert twice[0].rsplit(":", 1)[0] == twice[1].rsplit(":", 1)[0]


STALE = """\
X = 1  # taskaudit: ignore[TA101] -- was a task once
Y = 2  # taskaudit: ignore[TA101] -- so was this one
"""


def _ta001(files: dict[str, str], baselined: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    facts, project = scan_sources(files)
    catalog = _catalog()
    return [
        (r.finding.location.line, r.status)
        for r in filter_findings([], facts, project, catalog, Config(), baselined)
    ]


def _accepted(files: dict[str, str]) -> frozenset[str]:
    facts, project = scan_sources(files)
    return frozenset(
        r.fingerprint for r in filter_findings([], facts, project, _catalog(), Config())
    )


def test_the_baseline_covers_unused_suppressions_too() -> None:
    accepted = _accepted({"app/jobs.py": STALE})
    assert _ta001({"app/jobs.py": STALE}, accepted) == [(1, "baselined"), (2, "baselined")]
    assert _ta001({"app/jobs.py": STALE}) == [(1, "open"), (2, "open")]


def test_a_suppression_added_after_the_baseline_is_new_and_a_removed_one_is_gone() -> None:
    accepted = _accepted({"app/jobs.py": STALE})
    added = STALE + "Z = 3  # taskaudit: ignore[TA101] -- stale as well\n"
    assert _ta001({"app/jobs.py": added}, accepted) == [
        (1, "baselined"),
        (2, "baselined"),
        (3, "open"),
    ]
    removed = STALE.splitlines(keepends=True)[1]
    assert _ta001({"app/jobs.py": removed}, accepted) == [(1, "baselined")]
    # Another file's stale suppression is not the one the baseline accepted.
    assert _ta001({"app/other.py": STALE}, accepted) == [(1, "open"), (2, "open")]


def test_per_file_ignores_can_silence_unused_suppressions() -> None:
    facts, project = scan_sources({"app/jobs.py": STALE, "tests/test_jobs.py": STALE})
    config = Config(per_file_ignores={"tests/**": ("TA001",)})
    fates = filter_findings([], facts, project, _catalog(), config)
    assert [(r.finding.location.path, r.status) for r in fates] == [
        ("app/jobs.py", "open"),
        ("app/jobs.py", "open"),
        ("tests/test_jobs.py", "suppressed"),
        ("tests/test_jobs.py", "suppressed"),
    ]
