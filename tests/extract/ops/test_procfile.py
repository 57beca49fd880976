from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown
from taskaudit.extract.ops import CeleryCommand, extract_procfile

PROCFILE = """\
web: gunicorn proj.wsgi
# beat: celery -A proj beat
worker: celery -A proj worker -Q $QUEUE --concurrency=${CONCURRENCY:-4}
release: python manage.py migrate && echo celery
  indented_beat:   newrelic-admin run-program celery -A proj beat
not a process line celery -A p worker
"""


def test_procfile_process_types() -> None:
    facts = extract_procfile(PROCFILE, "Procfile")
    assert facts.commands == (
        CeleryCommand(
            location=Location("Procfile", 3),
            source="procfile",
            context="worker",
            raw="celery -A proj worker -Q $QUEUE --concurrency=${CONCURRENCY:-4}",
            role="worker",
            app="proj",
            queues=Unknown("set at run time: $QUEUE"),
            exclude_queues=None,
            embedded_beat=False,
            scheduler=None,
            pool=None,
            replicas=None,
            wrapped_by=(),
            subcommand="worker",
            concurrency=Unknown("set at run time: ${CONCURRENCY:-4}"),
        ),
        CeleryCommand(
            location=Location("Procfile", 5),
            source="procfile",
            context="indented_beat",
            raw="newrelic-admin run-program celery -A proj beat",
            role="beat",
            app="proj",
            queues=None,
            exclude_queues=None,
            embedded_beat=False,
            scheduler=None,
            pool=None,
            replicas=None,
            wrapped_by=("newrelic-admin",),
            subcommand="beat",
        ),
    )
    assert facts.problems == ()
