"""Shell scripts (``*.sh``, extension-less entrypoints) that start celery.

Reads POSIX shell (Shell Command Language §2.9.4 "case Conditional
Construct", §2.7.4 "Here-Document"): ``\\`` continuations are joined,
comments and here-document bodies skipped, and a command inside a ``case``
branch gets the branch label as context (``docker-entrypoint.sh:worker``), the
shape cookiecutter-style entrypoints use to pick a process per container.
"""

from __future__ import annotations

import re
from dataclasses import replace

from taskaudit.core.location import Location
from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops_model import CeleryCommand, CommandFacts, place, sort_commands

_CASE = re.compile(r"case\s+.+\s+in(\s.*)?")
_LABEL = re.compile(r"\(?\s*([^()]+?)\s*\)(.*)")
_HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")


def extract_shell(text: str, path: str) -> CommandFacts:
    commands: list[CeleryCommand] = []
    labels: list[str | None] = []  # one per open ``case``; None until a branch starts
    arms: list[list[int]] = []  # one [line, arm] per open ``if``; elif/else move to the next arm
    heredoc: tuple[str, bool] | None = None
    for number, line in _joined(text):
        if heredoc is not None:
            end, tabs = heredoc
            if (line.lstrip("\t") if tabs else line) == end:
                heredoc = None
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        body, branch_ends = _track_case(stripped, labels)
        opens = _track_if(stripped, arms)
        branch = tuple(f"if:{line}:{arm}" for line, arm in arms)
        for parts in parse_celery_commands(body):
            context = ":".join([path, *(label for label in labels if label)])
            command = place(parts, Location(path, number), "shell", context)
            commands.append(replace(command, branch=branch) if branch else command)
        if opens:
            arms.append([number, 0])
        if branch_ends:
            labels[-1] = None
        match = _HEREDOC.search(stripped)
        if match:
            heredoc = (match.group(3), match.group(1) == "-")
    return CommandFacts(sort_commands(commands))


def _joined(text: str) -> list[tuple[int, str]]:
    physical = text.splitlines()
    lines: list[tuple[int, str]] = []
    i = 0
    while i < len(physical):
        start, line = i, physical[i]
        while line.endswith("\\") and i + 1 < len(physical):
            i += 1
            line = line[:-1] + " " + physical[i].strip()
        lines.append((start + 1, line))
        i += 1
    return lines


def _track_if(line: str, arms: list[list[int]]) -> bool:
    """Advance or close ``if`` arms (§2.9.4 "The if Conditional Construct") for ``line``;
    return whether it opens a multi-line ``if`` (its condition is outside the arms)."""
    words = line.replace(";", " ; ").split()
    first = words[0] if words else ""
    if first in ("elif", "else") and arms:
        arms[-1][1] += 1
    elif first == "fi" and arms:
        arms.pop()
    return first == "if" and "fi" not in words


def _track_case(line: str, labels: list[str | None]) -> tuple[str, bool]:
    """Open or label case branches for ``line``; return its command part and whether
    a ``;;`` closes the branch after it."""
    if _CASE.fullmatch(line):
        labels.append(None)
        return "", False
    if line in ("esac", "esac;") or line.startswith("esac "):
        if labels:
            labels.pop()
        return "", False
    if labels and labels[-1] is None:
        label = _LABEL.fullmatch(line)
        if label and not label.group(1).startswith(("$(", "`")):
            labels[-1] = label.group(1).replace('"', "").replace("'", "")
            line = label.group(2).strip()
    if labels and ";;" in line:
        return line.split(";;", 1)[0], True
    return line, False
