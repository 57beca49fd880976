"""Beat processes (TA804) are counted per deployment, and shell if/else arms are one process."""

from __future__ import annotations

from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules import FieldValue

APP = 'from celery import Celery\n\napp = Celery("app")\n'

S6_RUN = """\
#!/bin/bash
if [[ -n "${NON_ROOT}" ]]; then
    exec celery --app app beat
else
    exec setuidgid app celery --app app beat
fi
"""

UNIT = """\
[Unit]
Description=beat
[Service]
ExecStart=/srv/venv/bin/celery --app app beat
"""

COMPOSE = """\
services:
  beat:
    image: app
    command: celery -A app beat
  worker:
    image: app
    command: celery -A app worker -B
"""


def _beat(files: dict[str, str]) -> tuple[FieldValue, FieldValue]:
    _, project = scan_sources({"app/celery.py": APP, **files})
    [subject] = [s for s in build_subjects(project) if s.kind == "project"]
    return subject.fields["beat.processes"], subject.fields["beat.commands"]


def test_the_arms_of_one_if_start_one_scheduler() -> None:
    assert _beat({"docker/run.sh": S6_RUN}) == (1, ("docker/run.sh:3",))


def test_host_units_beside_containers_are_another_way_to_deploy() -> None:
    found = _beat({"docker/run.sh": S6_RUN, "deploy/app-beat.service": UNIT})
    assert found[0] == 1


def test_two_schedulers_in_one_deployment_still_count_twice() -> None:
    assert _beat({"docker-compose.yml": COMPOSE, "deploy/app-beat.service": UNIT}) == (
        2,
        ("docker-compose.yml:4", "docker-compose.yml:7"),
    )
    sequential = S6_RUN.replace("else\n", "fi\nif true; then\n")
    assert _beat({"docker/run.sh": sequential}) == (2, ("docker/run.sh:3", "docker/run.sh:6"))


def test_two_host_units_are_one_deployment() -> None:
    assert _beat({"deploy/a-beat.service": UNIT, "deploy/b-beat.service": UNIT}) == (
        2,
        ("deploy/a-beat.service:4", "deploy/b-beat.service:4"),
    )
