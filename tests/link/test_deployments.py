"""Deployments are read from the files that define them; TA804 counts beat within each."""

from __future__ import annotations

from taskaudit.link.deployments import deployments_of
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules import FieldValue

APP = 'from celery import Celery\n\napp = Celery("app")\n'
BEAT_SCRIPT = "#!/bin/sh\nset -e\nexec celery -A app beat -l info\n"
WORKER_B_SCRIPT = "#!/bin/sh\nexec celery -A app worker -B -l info\n"
PROCFILE = "web: gunicorn app.wsgi\nworker: celery -A app worker\nbeat: celery -A app beat\n"


def _deployments(files: dict[str, str]) -> list[tuple[str, list[str]]]:
    facts, _ = scan_sources({"app/celery.py": APP, **files})
    return [
        (
            d.name,
            [
                f"{p.command.location.path}:{p.command.location.line}x{p.replicas}"
                for p in d.processes
            ],
        )
        for d in deployments_of(facts)
    ]


def _beat(files: dict[str, str]) -> tuple[FieldValue, FieldValue]:
    _, project = scan_sources({"app/celery.py": APP, **files})
    [subject] = [s for s in build_subjects(project) if s.kind == "project"]
    return subject.fields["beat.processes"], subject.fields["beat.commands"]


def _compose(*services: str) -> str:
    return "services:\n" + "".join(services)


def _service(name: str, *lines: str) -> str:
    return f"  {name}:\n" + "".join(f"    {line}\n" for line in lines)


def test_a_procfile_and_two_compose_files_are_three_deployments() -> None:
    local = _compose(_service("beat", "image: app", "command: celery -A app beat"))
    production = _compose(_service("scheduler", "image: app", "command: celery -A app beat"))
    files = {"Procfile": PROCFILE, "docker-compose.yml": local, "production.yml": production}
    files["docker-compose.production.yml"] = files.pop("production.yml")
    assert _deployments(files) == [
        ("compose:.", ["docker-compose.yml:4xNone"]),
        ("compose:docker-compose.production.yml", ["docker-compose.production.yml:4xNone"]),
        ("procfile:Procfile", ["Procfile:2xNone", "Procfile:3xNone"]),
    ]
    assert _beat(files)[0] == 1


def test_an_override_replaces_the_service_it_redefines() -> None:
    base = _compose(_service("beat", "image: app", "command: celery -A app beat"))
    override = _compose(_service("beat", "command: celery -A app beat -l debug"))
    files = {"docker-compose.yml": base, "docker-compose.override.yml": override}
    assert _deployments(files) == [("compose:.", ["docker-compose.override.yml:3xNone"])]
    assert _beat(files)[0] == 1


def test_an_override_adding_a_second_scheduler_is_the_same_deployment() -> None:
    base = _compose(_service("beat", "image: app", "command: celery -A app beat"))
    override = _compose(_service("worker", "image: app", "command: celery -A app worker -B"))
    files = {"docker-compose.yml": base, "docker-compose.override.yml": override}
    assert _beat(files) == (2, ("docker-compose.override.yml:4", "docker-compose.yml:4"))


def test_a_script_belongs_to_the_service_that_runs_it_with_its_replicas() -> None:
    compose = _compose(
        _service("beat", "image: app", "command: ./docker/beat.sh", "deploy:", "  replicas: 2")
    )
    files = {"docker-compose.yml": compose, "docker/beat.sh": BEAT_SCRIPT}
    assert _deployments(files) == [("compose:.", ["docker/beat.sh:3x2"])]
    assert _beat(files) == (2, ("docker/beat.sh:3",))


def test_a_script_placed_by_the_services_dockerfile_is_followed_through_the_copy() -> None:
    dockerfile = (
        "FROM python:3.12\nCOPY ./compose/prod/beat/start.sh /start-beat\n"
        "COPY ./compose/prod/worker/start.sh /start-worker\n"
    )
    build = "build: {context: ., dockerfile: compose/prod/Dockerfile}"
    compose = _compose(
        _service("beat", build, "command: /start-beat"),
        _service("worker", build, "command: /start-worker"),
    )
    files = {
        "docker-compose.production.yml": compose,
        "compose/prod/Dockerfile": dockerfile,
        "compose/prod/beat/start.sh": BEAT_SCRIPT,
        "compose/prod/worker/start.sh": WORKER_B_SCRIPT,
        "compose/local/beat/start.sh": BEAT_SCRIPT,
    }
    assert _deployments(files) == [
        (
            "compose:docker-compose.production.yml",
            ["compose/prod/beat/start.sh:3xNone", "compose/prod/worker/start.sh:2xNone"],
        ),
        ("shell:compose/local/beat/start.sh", ["compose/local/beat/start.sh:3xNone"]),
    ]
    # The production stack starts beat and a worker -B: two schedulers in one deployment.
    assert _beat(files)[0] == 2


def test_a_service_without_a_command_runs_its_image_cmd() -> None:
    dockerfile = "FROM python:3.12\nCMD celery -A app worker -B\n"
    compose = _compose(
        _service("worker", "build: ."),
        _service("beat", "build: .", "command: celery -A app beat"),
    )
    files = {"docker-compose.yml": compose, "Dockerfile": dockerfile}
    assert _beat(files) == (2, ("Dockerfile:2", "docker-compose.yml:6"))


def test_near_misses_a_script_nobody_runs_and_a_copy_into_another_image() -> None:
    # Two scripts nobody is seen running: each its own deployment.
    files = {"docker/beat.sh": BEAT_SCRIPT, "bin/beat.sh": BEAT_SCRIPT}
    assert _beat(files)[0] == 1
    # A service built from one Dockerfile cannot run what another Dockerfile copied.
    compose = _compose(_service("beat", "build: ./a", "command: /start-beat"))
    files = {
        "docker-compose.yml": compose,
        "a/Dockerfile": "FROM python:3.12\n",
        "b/Dockerfile": "FROM python:3.12\nCOPY beat.sh /start-beat\n",
        "b/beat.sh": BEAT_SCRIPT,
    }
    assert _deployments(files) == [("shell:b/beat.sh", ["b/beat.sh:3xNone"])]


def test_systemd_and_supervisor_folders_are_separate_host_deployments() -> None:
    unit = "[Service]\nExecStart=/srv/venv/bin/celery -A app beat\n"
    program = "[program:beat]\ncommand=/srv/venv/bin/celery -A app beat\n"
    files = {"extra/systemd/beat.service": unit, "extra/supervisor/beat.conf": program}
    assert [name for name, _ in _deployments(files)] == [
        "supervisor:extra/supervisor",
        "systemd:extra/systemd",
    ]
    assert _beat(files)[0] == 1
