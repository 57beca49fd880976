from __future__ import annotations

from taskaudit.extract.ops import extract_dockerfile

DOCKERFILE = """\
# syntax=docker/dockerfile:1
FROM python:3.11 AS base
RUN pip install celery && celery --version
COPY start-celery /start-celeryworker
CMD ["gunicorn", "proj.wsgi"]

FROM base AS worker
ENTRYPOINT ["celery", "-A", "proj"]
CMD ["worker", "-Q", "default", \\
     "-l", "info"]

FROM base
cmd celery -A proj beat --scheduler django_celery_beat.schedulers:DatabaseScheduler
ENTRYPOINT exec gosu app celery -A proj flower
"""


def _summary(text: str) -> list[tuple[object, ...]]:
    facts = extract_dockerfile(text, "Dockerfile")
    return [
        (c.location.line, c.context, c.role, c.queues, c.scheduler, c.raw) for c in facts.commands
    ]


def test_cmd_and_entrypoint_in_both_forms() -> None:
    assert _summary(DOCKERFILE) == [
        (9, "worker:CMD", "worker", ("default",), None, "celery -A proj worker -Q default -l info"),
        (
            13,
            "CMD",
            "beat",
            None,
            "django_celery_beat.schedulers:DatabaseScheduler",
            "celery -A proj beat --scheduler django_celery_beat.schedulers:DatabaseScheduler",
        ),
        (14, "ENTRYPOINT", "flower", None, None, "exec gosu app celery -A proj flower"),
    ]


def test_escape_directive_and_broken_json() -> None:
    text = '# escape=`\nFROM x\nCMD celery -A p `\n    worker\nCMD ["celery", \n'
    assert _summary(text) == [(3, "CMD", "worker", None, None, "celery -A p worker")]


def test_near_misses() -> None:
    text = (
        "FROM python\n"
        "# CMD celery -A p worker\n"
        "RUN celery -A p inspect ping\n"
        'CMD ["npm", "run", "worker"]\n'
        'CMD echo "celery -A p worker"\n'
        "LABEL role=celery-worker\n"
    )
    assert _summary(text) == []
