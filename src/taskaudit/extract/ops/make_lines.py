"""Makefile text as logical lines: ``\\`` continuations joined, ``define`` blocks dropped.

GNU Make manual §3.1.1 "Splitting Long Lines" and §6.8 "Defining Multi-Line
Variables": a backslash-newline joins the next line (its leading blanks
collapse to one space); ``define NAME`` ... ``endef`` holds a variable body
that is only a command when something expands it, so it is skipped rather
than read as rules.
"""

from __future__ import annotations

import re

_DEFINE = re.compile(r"(?:(?:export|override|private)\s+)*define(?:\s|$)")


def logical_lines(text: str) -> list[tuple[int, str]]:
    physical = text.splitlines()
    lines: list[tuple[int, str]] = []
    in_define = False
    i = 0
    while i < len(physical):
        start, line = i, physical[i]
        while line.endswith("\\") and i + 1 < len(physical):
            i += 1
            line = line[:-1] + " " + physical[i].lstrip()
        i += 1
        stripped = line.strip()
        if in_define:
            in_define = not (stripped == "endef" or stripped.startswith("endef "))
        elif not line.startswith("\t") and _DEFINE.match(stripped):
            in_define = True
        else:
            lines.append((start + 1, line))
    return lines
