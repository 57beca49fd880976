"""The report's view models: fix first, what could not be seen, tasks, history, decisions."""

from __future__ import annotations

from dataclasses import replace

from report.sample import CATALOG, PREVIOUS, PROJECT, finding, result
from taskaudit.filter import fingerprints
from taskaudit.link.coverage import Coverage, Gap
from taskaudit.link.model import Project
from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.report.decisions import decisions
from taskaudit.report.first import fix_first
from taskaudit.report.history import PreviousFinding, PreviousReport
from taskaudit.report.inventory_view import task_table
from taskaudit.report.seen_view import unseen
from taskaudit.report.state import MonthCounts
from taskaudit.report.trend_view import history, previous_counts
from taskaudit.resources import default_rules
from taskaudit.results import Reported, ScanResult
from taskaudit.rules import evaluate, load_rules

WARNING = finding("TA301", "b.py", 3, 1, "task `b` declares no retry policy: costly")
ERROR = finding("TA401", "a.py", 9, 1, "an `except` swallows: costly")


def test_fix_first_puts_errors_first_then_new_findings_one_row_per_rule() -> None:
    reported = (
        Reported(replace(WARNING, short="task `b` declares no retry policy"), "w1:0"),
        Reported(replace(WARNING, location=replace(WARNING.location, line=8)), "w2:0"),
        Reported(ERROR, "e1:0"),
        Reported(replace(WARNING, location=replace(WARNING.location, line=20)), "old:0"),
    )
    first = fix_first(result(reported), frozenset({"w1:0", "w2:0"}))
    assert [(r.severity, r.rule_id, r.where, r.count, r.new) for r in first.rows] == [
        ("error", "TA401", "a.py:9", 1, False),
        ("warning", "TA301", "b.py:3", 2, True),
    ]
    assert first.rows[1].finding == "task `b` declares no retry policy"  # the short form
    assert (first.candidates, first.left_out) == (3, 0)  # an old warning is not "first"
    capped = fix_first(result(reported), frozenset({"w1:0", "w2:0"}), limit=1)
    assert (len(capped.rows), capped.left_out) == (1, 2)


def test_what_could_not_be_seen_is_one_line_per_reason_with_its_places() -> None:
    elsewhere = [
        Gap("registry", "a module found elsewhere", "source-roots", replace(ERROR.location, line=n))
        for n in (1, 2, 3, 4)
    ]
    gaps = (*elsewhere, Gap("config", "no Celery app was found", "celery-app"))
    project = replace(PROJECT, coverage=Coverage(celery_used=True, gaps=gaps))
    seen = unseen(project)
    assert not seen.no_tasks
    assert [(line.reason, [p.where for p in line.places], line.more) for line in seen.lines] == [
        (
            "a module found elsewhere (set `source-roots` in [tool.taskaudit])",
            ["a.py:1", "a.py:2", "a.py:3"],
            1,
        ),
        ("no Celery app was found (set `celery-app` in [tool.taskaudit])", [], 0),
    ]


def test_a_project_that_imports_celery_with_no_task_is_never_a_clean_bill() -> None:
    empty = replace(PROJECT, tasks=(), coverage=Coverage(celery_used=True))
    assert unseen(empty).no_tasks and bool(unseen(empty))
    # Near miss: no Celery at all, and everything seen.
    assert not unseen(replace(PROJECT, tasks=(), coverage=Coverage()))


def test_values_every_task_shares_are_said_once_above_the_table() -> None:
    table = task_table(PROJECT)
    assert table.columns == (
        "Decorator",
        "Queue",
        "Retries",
        "Time limits",
        "Result",
        "Idempotency",
    )
    one = scan_sources(
        {
            "app/tasks.py": "from celery import shared_task\n\n"
            "@shared_task(name='app.tasks.a', soft_time_limit=5)\ndef a():\n    return 1\n\n"
            "@shared_task(name='app.tasks.b', soft_time_limit=5, max_retries=2)\ndef b():\n"
            "    return 1\n"
        }
    )[1]
    shared = task_table(one)
    assert shared.columns == ("Retries",)
    assert dict(shared.common)["Decorator"] == "@shared_task"
    assert dict(shared.common)["Time limits"] == "soft 5"
    assert [(r.where, r.cells) for r in shared.rows] == [
        ("app.tasks.a", ("not declared",)),
        ("app.tasks.b", ("max_retries=2",)),
    ]


def test_history_carries_earlier_months_and_reads_a_format_1_state() -> None:
    now = {"error": 1, "warning": 0, "info": 2}
    carried = replace(
        PREVIOUS, history=(MonthCounts("2026-09", (3, 3, 3)), MonthCounts("2026-10", (2, 1, 0)))
    )
    assert history(carried, CATALOG, "2026-11", now) == (
        MonthCounts("2026-09", (3, 3, 3)),
        MonthCounts("2026-10", (2, 1, 0)),
        MonthCounts("2026-11", (1, 0, 2)),
    )
    # Format 1 has no counts: last month's findings, by their rules' severities today.
    assert previous_counts(PREVIOUS, CATALOG) == {"error": 1, "warning": 1, "info": 0}
    assert history(PREVIOUS, CATALOG, "2026-11", now)[0] == MonthCounts("2026-10", (1, 1, 0))
    assert history(None, CATALOG, "2026-11", now) == (MonthCounts("2026-11", (1, 0, 2)),)
    lone = PreviousReport("2026-10", {"x:0": PreviousFinding("TA999", "x.py", "2026-10")})
    assert previous_counts(lone, CATALOG) == {"error": 0, "warning": 1, "info": 0}


def _result(files: dict[str, str]) -> ScanResult:
    project: Project = scan_sources(files)[1]
    catalog = load_rules([default_rules()], SCHEMA)
    found = list(evaluate(catalog, build_subjects(project)).findings)
    reported = tuple(Reported(f, fp) for f, fp in zip(found, fingerprints(found), strict=True))
    return ScanResult("0", reported, (), project, catalog, len(files))


def test_the_task_or_command_decision_is_worded_with_the_guideline() -> None:
    body = "\n".join(f"    step_{n}()" for n in range(45))
    files = {
        "proj/celery.py": 'from celery import Celery\napp = Celery("proj")\n',
        "proj/tasks.py": "from celery import shared_task\n"
        "from django.core.management import call_command\n\n"
        "@shared_task(name='proj.tasks.clear')\ndef clear():\n    call_command('clearsessions')\n\n"
        f"@shared_task(name='proj.tasks.big')\ndef big():\n{body}\n",
        "proj/management/commands/kick.py": "from proj.tasks import clear\n\n\n"
        "def handle():\n    clear.delay()\n",
    }
    decision = next(d for d in decisions(_result(files)) if d.title == "Task or command")
    assert decision.answer == (
        "Management commands: 1; tasks that run one with `call_command`: 1 (1 doing nothing "
        "else); management commands that send tasks: 1; task bodies over TA202's limit of 40 "
        "statements (business logic in the task, not in a service function it calls): 1."
    )
    assert [row.cells for row in decision.evidence] == [
        ("proj.tasks.clear", "runs `call_command`, nothing else"),
        ("proj/management/commands/kick.py", "sends `proj.tasks.clear`"),
        ("proj.tasks.big", "45 statements in the task body"),
    ]
    assert decision.guideline.startswith("Tasks are triggered by views or beat")
