"""The working directory a celery command states, as a folder of the tree."""

from __future__ import annotations

from taskaudit.extract.ops import (
    extract_compose,
    extract_dockerfile,
    extract_makefile,
    extract_procfile,
    extract_shell,
    extract_supervisor,
    extract_systemd,
)
from taskaudit.roots.tree import Tree
from taskaudit.roots.workdir import working_directory

TREE = Tree(["backend/shop/__init__.py", "srv/backend/api/__init__.py", "ops/run.py"])
EXTRACT = {
    "Makefile": lambda t, p: extract_makefile(t, p).commands,
    "Procfile": lambda t, p: extract_procfile(t, p).commands,
    "compose.yaml": lambda t, p: extract_compose(t, p).commands,
    "Dockerfile": lambda t, p: extract_dockerfile(t, p).commands,
    "ops/start.sh": lambda t, p: extract_shell(t, p).commands,
    "ops/worker.service": lambda t, p: extract_systemd(t, p).commands,
    "ops/supervisor.conf": lambda t, p: extract_supervisor(t, p).commands,
}


def _workdirs(path: str, text: str) -> list[str | None]:
    commands = EXTRACT[path](text, path)
    assert commands, "the fixture must hold a celery command"
    return [working_directory(c, {path: text}.get, TREE) for c in commands]


def test_cd_before_the_command_on_its_line() -> None:
    assert _workdirs("Procfile", "worker: cd backend && celery -A shop worker\n") == ["backend"]
    assert _workdirs("ops/start.sh", "#!/bin/sh\ncd ../backend; celery -A shop worker\n") == [
        "backend"
    ]


def test_cd_inside_a_make_variable_the_recipe_expands() -> None:
    make = "CELERY = cd backend/ && celery -A shop worker\n\nworker:\n\t$(CELERY)\n"
    assert _workdirs("Makefile", make) == ["backend"]


def test_container_paths_match_the_deepest_folder_they_end_with() -> None:
    docker = "FROM python\nWORKDIR /app\nWORKDIR /home/srv/backend\nCMD celery -A api worker\n"
    assert _workdirs("Dockerfile", docker) == ["srv/backend"]
    compose = (
        "services:\n  worker:\n    build: .\n    working_dir: /code/backend\n"
        "    command: celery -A shop worker\n"
    )
    assert _workdirs("compose.yaml", compose) == ["backend"]


def test_unit_files_state_their_directory() -> None:
    unit = "[Service]\nWorkingDirectory=/opt/backend\nExecStart=celery -A shop worker\n"
    assert _workdirs("ops/worker.service", unit) == ["backend"]
    supervisor = "[program:worker]\ndirectory=/opt/backend\ncommand=celery -A shop worker\n"
    assert _workdirs("ops/supervisor.conf", supervisor) == ["backend"]


def test_near_misses_state_no_folder() -> None:
    assert _workdirs("Procfile", "worker: celery -A shop worker\n") == [None]
    assert _workdirs("Procfile", "worker: cd $APP_HOME && celery -A shop worker\n") == [None]
    assert _workdirs("Procfile", "worker: cd frontend && celery -A shop worker\n") == [None]
    # a WORKDIR below the command does not apply to it
    assert _workdirs(
        "Dockerfile", "FROM python\nCMD celery -A shop worker\nWORKDIR /backend\n"
    ) == [None]
    assert _workdirs("Dockerfile", "FROM python\nWORKDIR /app\nCMD celery -A shop worker\n") == [
        None
    ]
