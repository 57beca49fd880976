"""What a Makefile is for: operating the project, building its docs, or something else.

A repository often holds several Makefiles, and the one nearest the root is
not always the team's. ``sphinx-quickstart`` writes a ``docs/Makefile``
(both its classic and its "minimal" template define ``SPHINXBUILD`` and run
``sphinx-build``); a frontend folder's Makefile runs ``npm``/``yarn``; a
screenshot or changelog helper runs its own tool. Only an operations Makefile
is where Celery's Make targets belong (TA1001/TA1002): one that runs the
project's processes, containers or Python tooling. The decision reads the
Makefile's content, never its folder's name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from taskaudit.extract.ops.targets import is_celery_target
from taskaudit.extract.ops.words import simple_commands
from taskaudit.extract.ops_model import CeleryCommand, MakeTarget

Role = Literal["operations", "docs", "other"]

# The variable both sphinx-quickstart templates define; its value runs the builder.
_SPHINX_VARIABLES = frozenset({"SPHINXBUILD"})
_DOCS_PROGRAMS = frozenset(
    {"sphinx-build", "sphinx-autobuild", "sphinx-apidoc", "sphinx-intl", "mkdocs"}
)
# Programs that run, test or ship a Python project: its processes, containers and tools.
_PROJECT_PROGRAMS = frozenset(
    {
        "python", "python3", "manage.py", "django-admin", "celery",
        "gunicorn", "uvicorn", "daphne", "uwsgi", "honcho",
        "docker", "docker-compose", "podman", "podman-compose", "kubectl", "helm",
        "pip", "pip3", "uv", "poetry", "pipenv", "pdm", "hatch",
        "pytest", "tox", "nox", "coverage", "ruff", "flake8", "mypy", "black", "isort",
    }
)  # fmt: skip


def makefile_role(
    commands: Sequence[CeleryCommand],
    targets: Sequence[MakeTarget],
    variables: Sequence[tuple[str, str]],
) -> Role:
    """``"docs"`` for a Sphinx/MkDocs builder, ``"operations"`` when it runs the project."""
    if commands or any(is_celery_target(t, commands) for t in targets):
        return "operations"
    programs = set(_programs(targets))
    names = {name for name, _ in variables}
    if names & _SPHINX_VARIABLES or (programs & _DOCS_PROGRAMS and not _project(programs)):
        return "docs"
    return "operations" if _project(programs) else "other"


def _project(programs: set[str]) -> bool:
    return bool(programs & _PROJECT_PROGRAMS)


def _programs(targets: Sequence[MakeTarget]) -> Iterator[str]:
    """Every word of every recipe, as a program name (``./manage.py`` -> ``manage.py``)."""
    for target in targets:
        for line in target.recipe:
            for words in simple_commands(line):
                for word in words:
                    yield word.rstrip("/").rpartition("/")[2]
