"""The scan's second half: suppressions, TA001, fingerprints and exit codes."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.link.project import build_project
from taskaudit.link.schema import SCHEMA
from taskaudit.results import Reported, ScanResult
from taskaudit.rules import Catalog, Finding, RuleText, load_rules
from taskaudit.scan import exit_code, fingerprints, scan_files, selected

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


def _lines(files: dict[str, str]) -> list[tuple[str, int, str]]:
    return [(f.rule_id, f.location.line, f.message) for f in scan_files(files, _catalog())]


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
    assert _lines({"app/tasks.py": TASKS}) == [
        ("TA101", 12, "task not_suppressed has no name"),
        ("TA001", 15, "ignore[TA101] silences nothing on this line"),
        ("TA001", 16, "TA999 is not a rule taskaudit knows"),
    ]


def test_a_suppression_does_not_reach_the_next_task() -> None:
    text = (
        "from celery import shared_task\n"
        "X = 1  # taskaudit: ignore[TA101]\n"
        "@shared_task\n"
        "def task():\n"
        "    pass\n"
    )
    assert [(r, line) for r, line, _ in _lines({"app/tasks.py": text})] == [
        ("TA001", 2),
        ("TA101", 4),
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


def test_selection_by_id_prefix_or_slug() -> None:
    assert selected("TA401", "exception-swallowed", ("TA4",), ())
    assert selected("TA401", "exception-swallowed", ("exception-swallowed",), ())
    assert not selected("TA401", "exception-swallowed", ("TA5",), ())
    assert not selected("TA401", "exception-swallowed", (), ("TA40",))
    assert selected("TA1001", "make-target-missing", ("ALL",), ("TA1002",))


def _result(*severities: str, status: str = "open") -> ScanResult:
    found = tuple(
        Reported(
            Finding("TA1", "s", sev, Location("a.py", 1, 1), "m", "i", "naming"),
            "f",
            "open" if status == "open" else "suppressed",
        )
        for sev in severities
    )
    return ScanResult("0", found, (), build_project(()), Catalog(()), 1)


def test_exit_code_follows_the_threshold() -> None:
    assert exit_code(_result("info"), "warning") == 0
    assert exit_code(_result("info", "warning"), "warning") == 1
    assert exit_code(_result("warning"), "error") == 0
    assert exit_code(_result("info"), "info") == 1
    assert exit_code(_result("error"), "never") == 0
    assert exit_code(_result("error", status="suppressed"), "info") == 0


def test_make_targets_expected_by_the_team_are_checked_too() -> None:
    from taskaudit.resources import default_rules
    from taskaudit.rules import override_params

    catalog = load_rules([default_rules()], SCHEMA).only("TA1001")
    catalog = override_params(
        catalog, {"TA1001": {"expected": ["celery-logs", "flower-logs"]}}, Location("x", 1, 1)
    )
    files = {
        "Makefile": "%-logs:  ## any service's logs\n\tdocker compose logs -f $*\n",
        "config/celery.py": "from celery import Celery\napp = Celery('config')\n",
    }
    # The pattern rule answers the conventional celery-logs, not the team's own name.
    assert [f.message.split("`")[1] for f in scan_files(files, catalog)] == ["flower-logs"]
