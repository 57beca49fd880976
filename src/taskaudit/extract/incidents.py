"""Past incident notes (Markdown or text under ``roadmap/done/``) and the tasks they name.

The conventions guideline asks for "any past incident where a task ran twice
or failed silently" to be mined from ``roadmap/done/``. A note is free prose,
so this module only collects *candidate* references — dotted names and
identifiers containing an underscore, with or without backticks — and the
linker keeps those that equal a known task name or task function name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_WORD = r"[A-Za-z_][A-Za-z0-9_]*"
_TOKEN = re.compile(rf"(?<![A-Za-z0-9_.]){_WORD}(?:\.{_WORD})*")
_FRONT_TITLE = re.compile(r"title\s*:\s*(?P<title>.+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    token: str
    line: int


@dataclass(frozen=True, slots=True)
class IncidentNote:
    path: str
    title: str
    mentions: tuple[Mention, ...]


def extract_incident(text: str, path: str) -> IncidentNote:
    lines = text.splitlines()
    front, body_start = _front_matter(lines)
    title = _title(front, lines[body_start:]) or path.rpartition("/")[2]
    mentions = {
        Mention(token, number)
        for number, line in enumerate(lines, 1)
        for token in _candidates(line)
    }
    return IncidentNote(path, title, tuple(sorted(mentions)))


def _front_matter(lines: list[str]) -> tuple[list[str], int]:
    """YAML front matter (``---`` ... ``---``) at the top, and where the body starts."""
    if not lines or lines[0].strip() != "---":
        return [], 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return lines[1:index], index + 1
    return [], 0


def _title(front: list[str], body: list[str]) -> str | None:
    for line in front:
        if match := _FRONT_TITLE.match(line):
            return match["title"].strip().strip("\"'") or None
    for line in body:
        if match := _HEADING.match(line):
            return match["title"]
    return next((line.strip() for line in body if line.strip()), None)


def _candidates(line: str) -> set[str]:
    """Dotted names and underscore identifiers; a dotted name's underscore parts too.

    ``pull_data.delay()`` names the task ``pull_data``: the parts let the
    linker match a function name written with a method call after it.
    """
    found: set[str] = set()
    for match in _TOKEN.finditer(line):
        token = match.group()
        parts = token.split(".")
        if len(parts) > 1:
            found.add(token)
        found.update(part for part in parts if "_" in part.strip("_"))
    return found
