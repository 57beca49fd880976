"""Which Celery processes a project starts, read from its operations files.

Pure functions from a file's text (and its repository-relative path) to
frozen facts: celery CLI invocations in Makefiles, Procfiles, compose files,
shell scripts, Dockerfiles, systemd and supervisor units and poe tasks, and
the targets of a Makefile. Nothing is executed; run-time values are
``Unknown``.
"""

from __future__ import annotations

from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops.compose import extract_compose
from taskaudit.extract.ops.dockerfile import extract_dockerfile
from taskaudit.extract.ops.makefile import extract_makefile
from taskaudit.extract.ops.poe import extract_poe
from taskaudit.extract.ops.procfile import extract_procfile
from taskaudit.extract.ops.shell import extract_shell
from taskaudit.extract.ops.targets import is_celery_target
from taskaudit.extract.ops.units import extract_supervisor, extract_systemd
from taskaudit.extract.ops_model import (
    CeleryCommand,
    CeleryCommandParts,
    CommandFacts,
    MakefileFacts,
    MakeTarget,
)

__all__ = [
    "CeleryCommand",
    "CeleryCommandParts",
    "CommandFacts",
    "MakeTarget",
    "MakefileFacts",
    "extract_compose",
    "extract_dockerfile",
    "extract_makefile",
    "extract_poe",
    "extract_procfile",
    "extract_shell",
    "extract_supervisor",
    "extract_systemd",
    "is_celery_target",
    "parse_celery_commands",
]
