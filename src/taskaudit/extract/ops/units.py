"""systemd service units and supervisord programs that start celery.

systemd (systemd.service(5), systemd.exec(5)): ``ExecStart=`` in
``[Service]``, with the ``-@:+!`` prefixes, ``\\`` continuations and
``Environment=`` assignments that systemd substitutes into ``${VAR}``.
Celery's "Daemonization" guide ships units of exactly this shape
(``ExecStart=/bin/sh -c '${CELERY_BIN} -A $CELERY_APP multi start ...'``).
supervisord (supervisord.org "Configuration File"): ``command=`` in
``[program:x]`` sections, indented continuation lines, ``;`` comments and
``numprocs`` copies of the process.
"""

from __future__ import annotations

import re

from taskaudit.core.location import Location
from taskaudit.extract.ops.celery_opts import number
from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops.words import simple_commands
from taskaudit.extract.ops_model import CeleryCommand, CommandFacts, place, sort_commands

_SECTION = re.compile(r"\[([^\]]*)\]")
_KEY = re.compile(r"([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)")


def _entries(text: str, indent_continues: bool) -> list[tuple[int, str, str, str]]:
    """(line, section, key, value) in order, continuation lines joined to their entry."""
    entries: list[tuple[int, str, str, str]] = []
    section = ""
    for line_number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        last = entries[-1] if entries and entries[-1][1] == section else None
        if last is not None and (
            last[3].endswith("\\") or (indent_continues and line[:1] in " \t")
        ):
            if stripped and stripped[0] not in "#;":
                entries[-1] = (*last[:3], f"{last[3].removesuffix(chr(92)).rstrip()} {stripped}")
            continue
        if not stripped or stripped[0] in "#;":
            continue
        header = _SECTION.fullmatch(stripped)
        if header:
            section = header.group(1).strip()
            continue
        key = _KEY.fullmatch(stripped)
        if key:
            entries.append((line_number, section, key.group(1), key.group(2).strip()))
    return entries


def extract_systemd(text: str, path: str) -> CommandFacts:
    unit = path.rpartition("/")[2]
    environment: dict[str, str] = {}
    commands: list[CeleryCommand] = []
    for line, section, key, value in _entries(text, indent_continues=False):
        if section != "Service":
            continue
        if key == "Environment":
            for word in (w for words in simple_commands(value) for w in words):
                name, equals, assigned = word.partition("=")
                if equals:
                    environment[name] = assigned
        elif key == "ExecStart":
            command = _substitute(value.lstrip("-@:+!"), environment)
            for parts in parse_celery_commands(command):
                commands.append(place(parts, Location(path, line), "systemd", unit))
    return CommandFacts(sort_commands(commands))


def _substitute(command: str, environment: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return environment.get(match.group(1) or match.group(2), match.group(0))

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", value, command)


def extract_supervisor(text: str, path: str) -> CommandFacts:
    programs: dict[str, dict[str, tuple[int, str]]] = {}
    for line, section, key, value in _entries(text, indent_continues=True):
        if section.startswith("program:"):
            value = re.split(r"\s;", value, maxsplit=1)[0].strip()
            programs.setdefault(section.partition(":")[2].strip(), {})[key] = (line, value)
    commands: list[CeleryCommand] = []
    for program, keys in programs.items():
        if "command" not in keys:
            continue
        line, command = keys["command"]
        replicas = number(keys["numprocs"][1]) if "numprocs" in keys else None
        for parts in parse_celery_commands(command):
            where = Location(path, line)
            commands.append(place(parts, where, "supervisor", program, replicas))
    return CommandFacts(sort_commands(commands))
