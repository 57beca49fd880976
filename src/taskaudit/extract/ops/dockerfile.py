"""``CMD`` and ``ENTRYPOINT`` of a Dockerfile that start celery.

Reads the Dockerfile reference: instructions are case-insensitive, ``\\``
(or the ``# escape=`` parser directive's character) continues a line, and
``CMD``/``ENTRYPOINT`` come in exec form (a JSON array, run without a shell)
or shell form (run by ``/bin/sh -c``). An exec-form ``ENTRYPOINT`` receives
the ``CMD`` words as arguments, so ``ENTRYPOINT ["celery", "-A", "proj"]``
with ``CMD ["worker"]`` is one worker. ``FROM ... AS name`` starts a new
stage; commands of a named stage say so in their context (``worker:CMD``).
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex

from taskaudit.core.location import Location
from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops.words import is_dynamic, simple_commands
from taskaudit.extract.ops_model import (
    CeleryCommand,
    CommandFacts,
    ProcessRun,
    place,
    sort_commands,
)

_INSTRUCTION = re.compile(r"\s*([A-Za-z]+)\s+(.*)", re.DOTALL)
_STAGE = re.compile(r"\S+\s+as\s+(\S+)", re.IGNORECASE)
_ESCAPE = re.compile(r"#\s*escape\s*=\s*(\S)", re.IGNORECASE)


def extract_dockerfile(text: str, path: str) -> CommandFacts:
    commands: list[CeleryCommand] = []
    runs: list[ProcessRun] = []
    copies: list[tuple[str, str]] = []
    stage = ""
    workdir = "/"
    entrypoint: str | None = None
    for number, line in _instructions(text):
        match = _INSTRUCTION.fullmatch(line)
        if match is None:
            continue
        keyword, argument = match.group(1).upper(), match.group(2).strip()
        if keyword == "FROM":
            named = _STAGE.match(argument)
            stage, entrypoint, workdir = (named.group(1) if named else ""), None, "/"
            continue
        if keyword == "WORKDIR":
            workdir = posixpath.join(workdir, argument.strip("\"'"))
        elif keyword in ("COPY", "ADD"):
            copies.extend(_copies(argument, workdir))
        if keyword not in ("CMD", "ENTRYPOINT"):
            continue
        command, exec_form = _command(argument)
        found = parse_celery_commands(command)
        if not found and keyword == "CMD" and entrypoint is not None and exec_form:
            found = parse_celery_commands(f"{entrypoint} {command}")
        if keyword == "ENTRYPOINT":
            entrypoint = command if exec_form else None
            # ``celery -A proj`` waiting for CMD's sub-command is reported with that CMD.
            found = tuple(p for p in found if p.subcommand is not None or not exec_form)
        context = f"{stage}:{keyword}" if stage else keyword
        commands.extend(place(p, Location(path, number), "dockerfile", context) for p in found)
        words = tuple(w for c in simple_commands(command) for w in c)
        runs.append(ProcessRun(Location(path, number), context, words))
    return CommandFacts(sort_commands(commands), runs=tuple(runs), copies=tuple(copies))


def _copies(argument: str, workdir: str) -> list[tuple[str, str]]:
    """``COPY [--chown=...] src... dest``: where each source lands in the image.

    A destination ending in ``/`` or receiving several sources is a folder
    (Dockerfile reference, "COPY") and keeps a trailing ``/``; a relative one
    is under ``WORKDIR``. ``--from=`` copies out of another stage or image,
    not out of the build context.
    """
    text, _ = _command(argument)
    words = [w for c in simple_commands(text) for w in c]
    if any(w.startswith("--from") for w in words):
        return []
    paths = [w for w in words if not w.startswith("--")]
    if len(paths) < 2 or is_dynamic(paths[-1]):
        return []
    *sources, destination = paths
    target = posixpath.normpath(posixpath.join(workdir, destination))
    if destination.endswith("/") or len(sources) > 1:
        target = target.rstrip("/") + "/"
    return [
        (source, target) for source in sources if not is_dynamic(source) and "://" not in source
    ]


def _command(argument: str) -> tuple[str, bool]:
    """The instruction's command as shell text, and whether it was in exec form."""
    if argument.startswith("["):
        try:
            words = json.loads(argument)
        except (ValueError, RecursionError):
            return argument, False
        if isinstance(words, list) and all(isinstance(w, str) for w in words):
            return shlex.join(words), True
    return argument, False


def _instructions(text: str) -> list[tuple[int, str]]:
    physical = text.splitlines()
    escape = "\\"
    for line in physical[:5]:
        directive = _ESCAPE.fullmatch(line.strip())
        if directive:
            escape = directive.group(1)
    lines: list[tuple[int, str]] = []
    i = 0
    while i < len(physical):
        start, line = i, physical[i]
        while line.rstrip().endswith(escape) and i + 1 < len(physical):
            i += 1
            following = physical[i].strip()
            if not following.startswith("#"):
                line = line.rstrip()[: -len(escape)] + " " + following
        i += 1
        if not line.lstrip().startswith("#"):
            lines.append((start + 1, line))
    return lines
