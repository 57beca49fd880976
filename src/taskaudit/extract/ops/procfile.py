"""Procfile process types (Heroku, honcho, foreman) and the celery commands they run.

Format per Heroku's "The Procfile" article: one ``<process type>: <command>``
per line; the process type is alphanumeric with ``-``/``_``. honcho and
foreman also skip blank lines and ``#`` comments.
"""

from __future__ import annotations

import re

from taskaudit.core.location import Location
from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops.words import simple_commands
from taskaudit.extract.ops_model import CommandFacts, ProcessRun, place, sort_commands

_PROCESS = re.compile(r"([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*)")


def extract_procfile(text: str, path: str) -> CommandFacts:
    commands = []
    runs: list[ProcessRun] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _PROCESS.fullmatch(line.strip())
        if line.lstrip().startswith("#") or match is None:
            continue
        process, command = match.groups()
        for parts in parse_celery_commands(command):
            commands.append(place(parts, Location(path, number), "procfile", process))
        words = tuple(w for c in simple_commands(command) for w in c)
        runs.append(ProcessRun(Location(path, number), process, words))
    return CommandFacts(sort_commands(commands), runs=tuple(runs))
