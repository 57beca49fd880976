"""Every celery invocation in one shell command line.

The line may chain commands (``&&``, ``;``, ``|``), nest a script
(``sh -c "..."``), set variables (``FOO=1 celery ...``) and put launchers in
front of celery (see ``wrappers``). What the celery CLI does with its
arguments is read by ``invocation``; how the line splits into words, by
``words``.
"""

from __future__ import annotations

from taskaudit.extract.ops.invocation import read_invocation
from taskaudit.extract.ops.words import normalise, simple_commands
from taskaudit.extract.ops.wrappers import find_launch
from taskaudit.extract.ops_model import CeleryCommandParts

_MAX_DEPTH = 4
_MAX_CHARS = 20_000


def parse_celery_commands(command: str) -> tuple[CeleryCommandParts, ...]:
    """The parts of each celery invocation in ``command``, in order; empty when none."""
    text = command[:_MAX_CHARS]
    return tuple(_parse(text, normalise(text), (), 0))


def _parse(text: str, raw: str, outer: tuple[str, ...], depth: int) -> list[CeleryCommandParts]:
    found: list[CeleryCommandParts] = []
    for words in simple_commands(text):
        launch = find_launch(words)
        if launch is None:
            continue
        if launch.script is None:
            found.extend(read_invocation(launch, raw, outer))
        elif depth < _MAX_DEPTH:
            found.extend(_parse(launch.script, raw, outer + launch.wrappers, depth + 1))
    return found
