"""A small hand-built scan result, with hostile strings, shared by the report tests."""

from __future__ import annotations

from typing import Any

from taskaudit.core.location import Location
from taskaudit.report.history import PreviousFinding, PreviousReport
from taskaudit.results import Reported, ScanResult
from taskaudit.rules.evaluate import Finding, Undecided
from taskaudit.rules.model import Catalog, Rule, RuleDocs, RuleExamples
from taskaudit.rules.template import Template

HOSTILE = (
    "Task 'apps.sync.tasks.pull|all' swallows `Exception` <script>alert(1)</script>\nthen *returns*"
)


def rule(rule_id: str, slug: str, severity: str, section: str, subject: str = "task") -> Rule:
    return Rule(
        id=rule_id,
        slug=slug,
        severity=severity,
        section=section,
        subject=subject,
        message=Template("{name}", ()),
        when=None,
        require=None,
        params={},
        docs=RuleDocs(
            what=f"What {slug} flags.",
            why=f"Why {slug} matters.",
            fix=f"How to fix {slug}.",
            example="@shared_task\ndef pull(): ...",
        ),
        examples=RuleExamples(),
        location=Location("rules.yaml", 1, 1),
    )


CATALOG = Catalog(
    (
        rule("TA201", "task-decorator-style", "info", "declaration"),
        rule("TA301", "retry-policy-undeclared", "warning", "retries"),
        rule("TA401", "exception-swallowed", "error", "failures"),
        rule("TA601", "task-time-limit-missing", "warning", "queues"),
        rule("TA802", "beat-entry-undocumented", "warning", "beat", "beat_entry"),
    )
)


def finding(rule_id: str, path: str, line: int, column: int, message: str) -> Finding:
    found = CATALOG.get(rule_id)
    assert found is not None
    return Finding(
        rule_id,
        found.slug,
        found.severity,
        Location(path, line, column),
        message,
        "id",
        found.section,
    )


FINDINGS = (
    Reported(
        finding("TA201", "apps/dataquality/tasks.py", 7, 1, "Task 'x' uses @app.task"),
        "ddd0000000000004:0",
        "baselined",
        "baseline",
    ),
    Reported(
        finding(
            "TA301",
            "apps/imports/tasks.py",
            10,
            1,
            "Task 'apps.imports.tasks.load_csv' declares no retry policy",
        ),
        "bbb0000000000002:0",
    ),
    Reported(finding("TA401", "apps/sync/tasks.py", 42, 9, HOSTILE), "aaa0000000000001:0"),
    Reported(
        finding("TA802", "config/celery.py", 30, 5, "Beat entry 'nightly' has no owner comment"),
        "ccc0000000000003:0",
        "suppressed",
        "owner: data team | see *runbook*",
    ),
)

UNDECIDED = (
    Undecided(
        "TA601",
        "task-time-limit-missing",
        Location("apps/pennylane_sync/tasks.py", 5, 1),
        "apps.pennylane_sync.tasks.push",
        ("time_limit",),
        ("read from os.environ",),
    ),
)


def _task(
    name: str, path: str, line: int, decorator: str, queue: Any, **options: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "name_explicit": True,
        "module": path.removesuffix(".py").replace("/", "."),
        "function": name.rpartition(".")[2],
        "path": path,
        "line": line,
        "decorator": decorator,
        "via": None,
        "queue": queue,
        "queue_source": "route" if queue == "heavy" else "default",
        "options": options,
        "option_sources": dict.fromkeys(options, "decorator"),
        "idempotency": ["get_or_create: Invoice"] if decorator == "app.task" else [],
    }


INVENTORY: dict[str, Any] = {
    "tasks": [
        _task(
            "apps.dataquality.tasks.check|siren",
            "apps/dataquality/tasks.py",
            7,
            "app.task",
            "celery",
        ),
        _task(
            "apps.imports.tasks.load_csv",
            "apps/imports/tasks.py",
            10,
            "shared_task",
            "heavy",
            time_limit=600,
        ),
        _task(
            "apps.sync.tasks.pull",
            "apps/sync/tasks.py",
            40,
            "shared_task",
            {"unknown": "read from os.environ"},
            autoretry_for=["IOError"],
            max_retries=5,
            retry_backoff=True,
            ignore_result=True,
        ),
    ],
    "beat_entries": [
        {
            "key": "nightly",
            "task": "apps.sync.tasks.pull",
            "schedule": "daily at 03:00",
            "schedule_source": "crontab(minute=0, hour=3)",
            "path": "config/celery.py",
            "line": 30,
            "comment": None,
            "defined_in": "app.conf.beat_schedule",
            "task_found": True,
        },
        {
            "key": "imports <b>hourly</b>",
            "task": "apps.imports.tasks.gone",
            "schedule": "every hour",
            "schedule_source": "3600",
            "path": "config/celery.py",
            "line": 36,
            "comment": "owner: imports team\n- call @ops",
            "defined_in": "app.conf.beat_schedule",
            "task_found": False,
        },
    ],
    "routes": [
        {
            "pattern": "apps.imports.*",
            "kind": "glob",
            "queue": "heavy",
            "path": "config/settings.py",
            "line": 80,
            "matches": ["apps.imports.tasks.load_csv"],
        }
    ],
    "queues": [
        {
            "name": "celery",
            "declared": None,
            "consumers": [],
            "used_by": ["apps.dataquality.tasks.check|siren"],
        },
        {
            "name": "heavy",
            "declared": None,
            "consumers": ["Procfile:3 worker-heavy"],
            "used_by": ["apps.imports.tasks.load_csv", "route:apps.imports.*"],
        },
    ],
    "workers": [
        {
            "role": "worker",
            "context": "worker-heavy",
            "path": "Procfile",
            "line": 3,
            "app": "config",
            "queues": ["heavy"],
            "embedded_beat": False,
            "scheduler": None,
            "command": "celery -A config worker -Q heavy | tee `log`",
        },
        {
            "role": "beat",
            "context": "beat",
            "path": "Procfile",
            "line": 4,
            "app": "config",
            "queues": None,
            "embedded_beat": False,
            "scheduler": None,
            "command": "celery -A config beat -l info",
        },
    ],
    "make_targets": [
        {
            "name": "celery-logs",
            "line": 31,
            "path": "Makefile",
            "help": "Follow the logs of both Celery workers",
            "recipe": ["$(COMPOSE) logs -f worker-light worker-heavy"],
            "celery": True,
        },
        {
            "name": "test",
            "line": 20,
            "path": "Makefile",
            "help": "Run tests",
            "recipe": ["pytest"],
            "celery": False,
        },
    ],
    "config": {
        "namespace": "CELERY",
        "sources": ["config.settings"],
        "apps": ["config.celery"],
        "settings": {
            "result_backend": {"value": "django-db", "path": "config/settings.py", "line": 70},
            "result_expires": {"value": None, "path": "config/settings.py", "line": 71},
        },
    },
    "incidents": [
        {
            "path": "roadmap/done/2026-03 double invoices.md",
            "title": "Invoices sent twice [March]",
            "tasks": ["apps.sync.tasks.pull"],
        }
    ],
    "unparsable": [],
}


def result(findings: tuple[Reported, ...] = FINDINGS) -> ScanResult:
    return ScanResult(
        version="0.1.0",
        findings=findings,
        undecided=UNDECIDED,
        inventory=INVENTORY,
        catalog=CATALOG,
        files_scanned=12,
    )


# Last month: TA401 was open already, TA103 has since been fixed, TA301 is new.
PREVIOUS = PreviousReport(
    "2026-10",
    {
        "aaa0000000000001:0": PreviousFinding("TA401", "apps/sync/tasks.py", "2026-10"),
        "eee0000000000005:0": PreviousFinding("TA103", "apps/old/tasks.py", "2026-09"),
    },
)
