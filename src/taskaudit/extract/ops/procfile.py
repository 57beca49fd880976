"""Procfile process types (Heroku, honcho, foreman) and the celery commands they run.

Format per Heroku's "The Procfile" article: one ``<process type>: <command>``
per line; the process type is alphanumeric with ``-``/``_``. honcho and
foreman also skip blank lines and ``#`` comments.
"""

from __future__ import annotations

import re

from taskaudit.core.location import Location
from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops_model import CommandFacts, place, sort_commands

_PROCESS = re.compile(r"([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*)")


def extract_procfile(text: str, path: str) -> CommandFacts:
    commands = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _PROCESS.fullmatch(line.strip())
        if line.lstrip().startswith("#") or match is None:
            continue
        process, command = match.groups()
        for parts in parse_celery_commands(command):
            commands.append(place(parts, Location(path, number), "procfile", process))
    return CommandFacts(sort_commands(commands))
