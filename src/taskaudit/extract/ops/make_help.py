"""Help text written as an ``@echo`` block in a Makefile's ``help`` target.

Many Makefiles document targets by printing them rather than with ``##``
comments (real-world-patterns.md, "Processes")::

    help:
        @echo "worker   start a celery worker"
        @echo "  beat - start celery beat"

A printed line that starts with the name of a target without help becomes
that target's help.
"""

from __future__ import annotations

import re
from dataclasses import replace

from taskaudit.extract.ops.words import simple_commands
from taskaudit.extract.ops_model import MakeTarget

_LINE = re.compile(r"\s*(?:make\s+)?([A-Za-z0-9_.%/-]+)\s*(?::|-{1,2}|\u2013|\s{2,}|\t)\s*(\S.*)")


def echo_help(targets: tuple[MakeTarget, ...], help_recipe: list[str]) -> tuple[MakeTarget, ...]:
    """``targets`` with help filled in from ``help_recipe``, the help target's recipe
    lines before whitespace is normalised (aligned columns separate name and text)."""
    printed: dict[str, str] = {}
    for line in help_recipe:
        for words in simple_commands(line):
            if words[0] in ("echo", "printf") and len(words) > 1:
                _read(" ".join(w for w in words[1:] if not w.startswith("-")), printed)
    if not printed:
        return targets
    return tuple(
        replace(t, help=printed[t.name]) if t.help is None and t.name in printed else t
        for t in targets
    )


def _read(message: str, printed: dict[str, str]) -> None:
    for chunk in message.replace("\\n", "\n").replace("\\t", "\t").splitlines():
        match = _LINE.fullmatch(chunk.rstrip())
        if match and match.group(1) not in printed and match.group(1) != "help":
            printed[match.group(1)] = match.group(2).strip()
