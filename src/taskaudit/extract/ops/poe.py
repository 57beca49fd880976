"""Poe the Poet tasks in ``pyproject.toml`` that run celery (some projects start their worker so).

Reads ``[tool.poe.tasks]`` as documented by poethepoet ("Defining tasks"):
a task is a string (a ``cmd`` task), a table with ``cmd`` or ``shell`` (a
string; ``cmd`` may also be a list of words), or a ``sequence`` of such tasks
(bare strings in a sequence name other tasks unless ``default_item_type`` is
``cmd`` or ``shell``).
``script``/``expr``/``ref`` tasks run Python or other tasks and are not read.
TOML gives no line numbers, so a task's line is found by looking for its key.
"""

from __future__ import annotations

import re
import shlex
import tomllib

from taskaudit.core.location import Location
from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops_model import CeleryCommand, CommandFacts, place, sort_commands

_MAX_SEQUENCE = 64
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def extract_poe(pyproject_text: str, path: str) -> CommandFacts:
    try:
        document = tomllib.loads(pyproject_text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        at = _AT.search(str(error))
        where = f"{at.group(1)}:{at.group(2)}" if at else "1:1"
        return CommandFacts(problems=(f"{where}: {_AT.sub('', str(error)).strip()}",))
    tool = document.get("tool")
    poe = tool.get("poe") if isinstance(tool, dict) else None
    tasks = poe.get("tasks") if isinstance(poe, dict) else None
    if not isinstance(tasks, dict):
        return CommandFacts()
    lines = pyproject_text.splitlines()
    commands: list[CeleryCommand] = []
    for name, task in tasks.items():
        location = Location(path, _line_of(str(name), lines))
        for command in _commands(task, 0):
            commands.extend(
                place(p, location, "poe", str(name)) for p in parse_celery_commands(command)
            )
    return CommandFacts(sort_commands(commands))


def _commands(task: object, depth: int) -> list[str]:
    if isinstance(task, str):
        return [task]
    if isinstance(task, list) and all(isinstance(word, str) for word in task) and depth > 0:
        return [shlex.join(task)]
    if not isinstance(task, dict) or depth > 2:
        return []
    for key in ("cmd", "shell"):
        value = task.get(key)
        if isinstance(value, str):
            return [value]
        if key == "cmd" and isinstance(value, list):
            return _commands(value, depth + 1)
    sequence = task.get("sequence")
    if isinstance(sequence, list):
        strings_run = task.get("default_item_type") in ("cmd", "shell")
        items = sequence[:_MAX_SEQUENCE]
        return [c for i in items for c in _sequence_item(i, depth, strings_run)]
    return []


def _sequence_item(item: object, depth: int, strings_run: bool) -> list[str]:
    # A bare string in a sequence names another task unless default_item_type says otherwise.
    if isinstance(item, str) and not strings_run:
        return []
    return _commands(item, depth + 1)


def _line_of(name: str, lines: list[str]) -> int:
    key = re.escape(name)
    patterns = (
        re.compile(rf"\s*\[\s*tool\.poe\.tasks\.[\"']?{key}[\"']?\s*\]"),
        re.compile(rf"\s*[\"']?{key}[\"']?\s*[=.]"),
    )
    in_tasks = False
    for number, line in enumerate(lines, start=1):
        if patterns[0].match(line):
            return number
        if line.strip().startswith("["):
            in_tasks = line.strip().replace(" ", "") == "[tool.poe.tasks]"
        elif in_tasks and patterns[1].match(line):
            return number
    return 1
