"""Task vs management command: the code's answer to the guideline's decision point.

Django runs ``app/management/commands/NAME.py`` as ``manage.py NAME``
("django-admin and manage.py"); ``django.core.management.call_command``
runs one from code. A task whose body only calls ``call_command`` wraps a
command; a command that sends tasks hands its work to the workers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from taskaudit.extract.dispatch import DispatchSite
from taskaudit.link.decisions import CommandDispatch, CommandTask, TaskOrCommand
from taskaudit.link.model import Task

_COMMAND_MODULE = re.compile(r"(?:^|/)management/commands/(?!__init__\.py$)[^/]+\.py$")
# A body this short that runs `call_command` does little else: the task wraps the command.
_WRAPPER_STATEMENTS = 3


def is_command_module(path: str) -> bool:
    return _COMMAND_MODULE.search(path) is not None


def task_or_command(
    tasks: Sequence[Task],
    command_paths: Sequence[str],
    dispatch: Sequence[tuple[DispatchSite, Task | None]],
) -> TaskOrCommand:
    wrappers = []
    for task in tasks:
        body = task.body
        calls = (
            [c for c in body.calls if c.name.rsplit(".", 1)[-1] == "call_command"] if body else []
        )
        if body is not None and calls:
            only = body.statements <= _WRAPPER_STATEMENTS
            wrappers.append(CommandTask(task, calls[0].location, only))
    sending = []
    for site, sent in dispatch:
        if is_command_module(site.location.path):
            name = sent.name if sent is not None else site.target_name or site.target
            sending.append(
                CommandDispatch(
                    site.location.path, site.location, name if isinstance(name, str) else None
                )
            )
    return TaskOrCommand(
        tuple(sorted(p for p in command_paths if is_command_module(p))),
        tuple(wrappers),
        tuple(sending),
    )
