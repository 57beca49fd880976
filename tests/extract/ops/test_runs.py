"""What each process in an operations file runs, celery or not, and where a Dockerfile copies."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.extract.ops import extract_compose, extract_dockerfile, extract_procfile
from taskaudit.extract.ops_model import ProcessRun

COMPOSE = """\
services:
  web:
    build: .
  beat:
    build:
      context: ./backend
      dockerfile: docker/Dockerfile.prod
    command: ["/start-beat", "--loglevel", "info"]
    deploy:
      replicas: 2
  worker:
    image: registry.example.org/clinic:latest
    entrypoint: /entrypoint.sh
    command: worker
  cache:
    image: redis:7
  dynamic:
    build: ${CONTEXT}
    command: ./run.sh
"""


def test_compose_services_record_their_words_build_and_replicas() -> None:
    runs = extract_compose(COMPOSE, "deploy/docker-compose.yml").runs
    path = "deploy/docker-compose.yml"
    assert runs == (
        ProcessRun(
            Location(path, 8),
            "beat",
            ("/start-beat", "--loglevel", "info"),
            2,
            "deploy/backend/docker/Dockerfile.prod",
            "deploy/backend",
        ),
        # built from a variable: the words are kept, the build is not followed
        ProcessRun(Location(path, 19), "dynamic", ("./run.sh",), None, None, None),
        # the image's own command runs: no words, built from the folder's Dockerfile
        ProcessRun(Location(path, 3), "web", (), None, "deploy/Dockerfile", "deploy"),
        ProcessRun(Location(path, 14), "worker", ("/entrypoint.sh", "worker"), None, None, None),
    )


def test_a_build_context_outside_the_repository_is_not_followed() -> None:
    text = "services:\n  app:\n    build: ../elsewhere\n"
    assert extract_compose(text, "docker-compose.yml").runs == ()


def test_dockerfile_copies_land_under_workdir_and_folders_keep_their_slash() -> None:
    text = """\
FROM python:3.12 AS base
WORKDIR /app
COPY --chown=app:app ./compose/beat/start /start-beat
COPY requirements.txt setup.cfg ./
COPY . src
COPY --from=build /wheels /wheels
ADD https://example.org/tool.tgz /opt/
COPY $SCRIPT /run.sh
ENTRYPOINT ["/start-beat"]
"""
    facts = extract_dockerfile(text, "Dockerfile")
    assert facts.copies == (
        ("./compose/beat/start", "/start-beat"),
        ("requirements.txt", "/app/"),
        ("setup.cfg", "/app/"),
        (".", "/app/src"),
    )
    assert facts.runs == (
        ProcessRun(Location("Dockerfile", 9), "base:ENTRYPOINT", ("/start-beat",)),
    )


def test_every_procfile_process_is_a_run() -> None:
    text = "web: gunicorn config.wsgi\n# comment\nbeat: bin/run-beat.sh --quiet\n"
    assert [(r.context, r.words) for r in extract_procfile(text, "Procfile").runs] == [
        ("web", ("gunicorn", "config.wsgi")),
        ("beat", ("bin/run-beat.sh", "--quiet")),
    ]
