from __future__ import annotations

import dataclasses
import re

from report.sample import FINDINGS, result
from taskaudit.report.text import to_text
from taskaudit.results import Reported

# The problem matcher editors and CI use for ruff and flake8 output.
MATCHER = re.compile(r"^(.+):(\d+):(\d+): (\w+) (.+)$")


def _with(*extra: Reported) -> tuple[Reported, ...]:
    """The sample findings, TA301 with a short form, plus ``extra``, in scan order."""
    first = FINDINGS[1].finding
    short = dataclasses.replace(first, short="task `load_csv` declares no retry policy")
    findings = (FINDINGS[0], dataclasses.replace(FINDINGS[1], finding=short), *FINDINGS[2:])
    return tuple(sorted((*findings, *extra), key=lambda r: r.finding.sort_key()))


def _open(rule_id: str, path: str, line: int, severity: str) -> Reported:
    finding = dataclasses.replace(
        FINDINGS[2].finding,
        rule_id=rule_id,
        severity=severity,
        location=dataclasses.replace(FINDINGS[2].finding.location, path=path, line=line),
        message=f"{rule_id} message",
    )
    return Reported(finding, f"{path}:{line}")


TEXT = (
    "apps/imports/tasks.py:10:1: TA301 task `load_csv` declares no retry policy\n"
    "apps/sync/tasks.py:42:9: TA401 Task 'apps.sync.tasks.pull|all' swallows `Exception` "
    "<script>alert(1)</script>\\x0athen *returns*\n"
    "\n"
    "1  TA401  error    Title of exception-swallowed\n"
    "1  TA301  warning  Title of retry-policy-undeclared\n"
    "2 open findings (1 error, 1 warning, 0 info) in 12 files; "
    "1 suppressed, 1 baselined, 1 undecidable.\n"
)


def test_one_line_per_open_finding_in_ruffs_shape_then_counts_and_a_total() -> None:
    assert to_text(result(_with())) == TEXT


def test_every_finding_line_parses_with_the_problem_matcher_and_nothing_else_does() -> None:
    lines = to_text(result(_with())).splitlines()
    parsed = [m.groups() for m in map(MATCHER.match, lines) if m]
    assert parsed == [
        ("apps/imports/tasks.py", "10", "1", "TA301", "task `load_csv` declares no retry policy"),
        (
            "apps/sync/tasks.py",
            "42",
            "9",
            "TA401",
            "Task 'apps.sync.tasks.pull|all' swallows `Exception` <script>alert(1)</script>"
            "\\x0athen *returns*",
        ),
    ]


def test_statistics_alone_put_errors_first_then_the_most_frequent() -> None:
    extra = (
        _open("TA301", "apps/a.py", 3, "warning"),
        _open("TA301", "apps/b.py", 4, "warning"),
        _open("TA201", "apps/c.py", 5, "info"),
        _open("TA301", "apps/d.py", 6, "error"),  # an escalated finding counts apart
    )
    assert to_text(result(_with(*extra)), statistics=True) == (
        "1  TA301  error    Title of retry-policy-undeclared\n"
        "1  TA401  error    Title of exception-swallowed\n"
        "3  TA301  warning  Title of retry-policy-undeclared\n"
        "1  TA201  info     Title of task-decorator-style\n"
        "6 open findings (2 errors, 3 warnings, 1 info) in 12 files; "
        "1 suppressed, 1 baselined, 1 undecidable.\n"
    )


def test_in_color_the_location_is_bold_and_the_code_has_its_severitys_color() -> None:
    lines = to_text(result(_with()), color=True).splitlines()
    assert lines[0] == (
        "\x1b[1mapps/imports/tasks.py:10:1\x1b[0m: \x1b[33mTA301\x1b[0m "
        "task `load_csv` declares no retry policy"
    )
    assert lines[3] == "1  TA401  \x1b[1;31merror  \x1b[0m  Title of exception-swallowed"


def test_with_nothing_open_only_the_total_is_printed() -> None:
    silenced = tuple(r for r in FINDINGS if r.status != "open")
    expected = (
        "0 open findings (0 errors, 0 warnings, 0 info) in 12 files; "
        "1 suppressed, 1 baselined, 1 undecidable.\n"
    )
    assert to_text(result(silenced)) == expected
    assert to_text(result(silenced), statistics=True) == expected
