"""A small hand-built scan result, with hostile strings, shared by the report tests."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.link.model import Project
from taskaudit.pipeline import scan_sources
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
        title=f"Title of {slug}",
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


# A small project whose inventory carries hostile names: a `|` in a task name,
# HTML in a beat key, a multi-line owner comment and a run-time queue.
FILES = {
    "config/settings.py": """\
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXPIRES = None
CELERY_TASK_ROUTES = {"apps.imports.*": {"queue": "heavy"}}
""",
    "config/celery.py": """\
from celery import Celery
from celery.schedules import crontab

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")

app.conf.beat_schedule = {
    "nightly": {"task": "apps.sync.tasks.pull", "schedule": crontab(minute=0, hour=3)},
    # owner: imports team
    # - call @ops
    "imports <b>hourly</b>": {"task": "apps.imports.tasks.gone", "schedule": 3600},
}
""",
    "apps/dataquality/tasks.py": """\
from config.celery import app

from apps.billing.models import Invoice


@app.task(name="apps.dataquality.tasks.check|siren")
def check(siren):
    Invoice.objects.get_or_create(siren=siren)
""",
    "apps/imports/tasks.py": """\
from celery import shared_task


@shared_task(name="apps.imports.tasks.load_csv", time_limit=600)
def load_csv(path):
    return path
""",
    "apps/sync/tasks.py": """\
import os

from celery import shared_task


@shared_task(
    name="apps.sync.tasks.pull",
    queue=os.environ["SYNC_QUEUE"],
    autoretry_for=(IOError,),
    max_retries=5,
    retry_backoff=True,
    ignore_result=True,
)
def pull():
    return None
""",
    "Procfile": """\
web: gunicorn config.wsgi
release: python manage.py migrate
worker-heavy: celery -A config worker -Q heavy | tee `log`
beat: celery -A config beat -l info
""",
    "Makefile": """\
COMPOSE = docker compose

## Run tests
test:
\tpytest

## Follow the logs of both Celery workers
celery-logs:
\t$(COMPOSE) logs -f worker-light worker-heavy
""",
    "roadmap/done/2026-03 double invoices.md": """\
# Invoices sent twice [March]

`apps.sync.tasks.pull` ran twice after a worker restart.
""",
}
PROJECT: Project = scan_sources(FILES)[1]


def result(findings: tuple[Reported, ...] = FINDINGS) -> ScanResult:
    return ScanResult(
        version="0.1.0",
        findings=findings,
        undecided=UNDECIDED,
        project=PROJECT,
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
