from __future__ import annotations

from taskaudit.core.values import Unknown
from taskaudit.extract.ops import extract_supervisor, extract_systemd

HIDDEN = Unknown("options come from a run-time value")

SERVICE = """\
[Unit]
Description=Celery Service
ExecStart=/usr/bin/celery -A wrong-section worker

[Service]
Type=forking
Environment="CELERY_BIN=/opt/venv/bin/celery" "CELERY_APP=proj"
Environment=CELERYD_NODES="w1 w2"
ExecStart=/bin/sh -c '${CELERY_BIN} -A $CELERY_APP multi start $CELERYD_NODES \\
    --logfile=/var/log/celery/%n%I.log $CELERYD_OPTS'
ExecStop=/bin/sh -c '${CELERY_BIN} multi stopwait $CELERYD_NODES'
# ExecStart=celery -A proj beat
"""


def test_systemd_exec_start_with_environment() -> None:
    facts = extract_systemd(SERVICE, "deploy/celery.service")
    assert [
        (c.location.line, c.context, c.role, c.node, c.app, c.queues) for c in facts.commands
    ] == [
        (9, "celery.service", "multi", "w1", "proj", HIDDEN),
        (9, "celery.service", "multi", "w2", "proj", HIDDEN),
    ]


def test_systemd_prefixes_and_other_sections() -> None:
    text = (
        "[Service]\nExecStart=-/srv/bin/celery -A p beat\n[Install]\nExecStart=celery -A p worker\n"
    )
    facts = extract_systemd(text, "celerybeat.service")
    assert [(c.location.line, c.context, c.role) for c in facts.commands] == [
        (2, "celerybeat.service", "beat")
    ]


SUPERVISOR = """\
; supervisord.conf
[program:celery-worker]
command=/app/.venv/bin/celery -A proj worker
    -Q default,%(ENV_EXTRA_QUEUE)s ; per-environment queue
numprocs=2
process_name=%(program_name)s_%(process_num)02d

[program:beat]
command = single-beat celery -A proj beat

[program:web]
command=gunicorn proj.wsgi

[eventlistener:celery]
command=celery -A proj events
"""


def test_supervisor_programs() -> None:
    facts = extract_supervisor(SUPERVISOR, "deploy/supervisord.conf")
    summary = [
        (c.location.line, c.context, c.role, c.queues, c.replicas, c.wrapped_by, c.raw)
        for c in facts.commands
    ]
    assert summary == [
        (
            3,
            "celery-worker",
            "worker",
            Unknown("set at run time: default,%(ENV_EXTRA_QUEUE)s"),
            2,
            (),
            "/app/.venv/bin/celery -A proj worker -Q default,%(ENV_EXTRA_QUEUE)s",
        ),
        (9, "beat", "beat", None, None, ("single-beat",), "single-beat celery -A proj beat"),
    ]
