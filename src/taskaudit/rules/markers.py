"""``# expect: TA302`` markers in rule examples.

A marker at the end of a line says that line must be flagged by the listed
rules (``# expect: TA302, TA306``). The same ``#`` comment works in Python,
YAML (docker-compose), Makefiles and Procfiles, so a multi-file example marks
lines in any of its files. Markers are stripped before an example is scanned,
so the rule sees the code as a user writes it; the bundled example keeps its
markers in place, which is why extract/comments.py never reads one as a beat
entry's owner comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taskaudit.rules.model import ID_PATTERN

_MARKER = re.compile(r"[ \t]*#[ \t]*expect:(?P<ids>[^\n]*)$")


@dataclass(frozen=True, slots=True)
class Marker:
    line: int
    ids: tuple[str, ...]


def find_markers(text: str) -> list[Marker]:
    """Every marker in ``text``; raises ``ValueError`` for one that names no valid id."""
    markers = []
    for number, line in enumerate(text.splitlines(), start=1):
        found = _MARKER.search(line)
        if found is None:
            continue
        ids = tuple(part.strip() for part in found.group("ids").split(","))
        if not all(ID_PATTERN.match(rule_id) for rule_id in ids):
            listed = found.group("ids").strip()
            raise ValueError(f"line {number}: malformed marker '# expect: {listed}'")
        markers.append(Marker(number, ids))
    return markers


def strip_markers(text: str) -> str:
    """``text`` without its markers; every line keeps its number."""
    lines = text.splitlines(keepends=True)
    out = []
    for line in lines:
        body = line.rstrip("\r\n")
        out.append(_MARKER.sub("", body) + line[len(body) :])
    return "".join(out)
