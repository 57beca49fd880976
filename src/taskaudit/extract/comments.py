"""Comments of a Python file: inline suppressions, idempotency markers, owner notes.

taskaudit's own comment syntax (documented in RULES.md and DESIGN.md):
``# taskaudit: ignore[TA401, TA402] -- reason`` silences rules on a line and
``# idempotent: <reason>`` vouches for a task's side effects. Comments are
found with the standard ``tokenize`` module, so a ``#`` inside a string or a
docstring is never taken for one; a file ``tokenize`` rejects is scanned line
by line instead, skipping triple-quoted blocks, and never raises.
"""

from __future__ import annotations

import io
import re
import tokenize
from bisect import bisect_left
from dataclasses import dataclass

_NEEDS_CODES = "a suppression must name the rules it silences, e.g. ignore[TA401]"
# File-wide silencing is configuration, so that it shows up in review of one place.
_FILE_LEVEL = re.compile(r"(?:ignore-file|file-ignore|skip-file)\b", re.IGNORECASE)
_NO_FILE_LEVEL = (
    "taskaudit has no file-level suppression; list the file under "
    "per-file-ignores in [tool.taskaudit]"
)
_BAD_REASON = "write the reason after ' -- ', e.g. ignore[TA401] -- the next run retries"
_CODE = re.compile(r"[A-Za-z]+[0-9]+")
_OURS = re.compile(r"\s*(?:taskaudit|idempotent)\s*:", re.IGNORECASE)
# Other tools' directives share a line with ours and are never owner prose; nor is
# a ``# expect: TA802`` marker (rules/markers.py), which the bundled example keeps
# on the very beat entries whose owner comment TA802 looks for.
_FOREIGN = re.compile(
    r"\s*(?:noqa\b|type\s*:|pragma\b|fmt\s*:|nosec\b|pylint\s*:|mypy\s*:|isort\s*:|-\*-|!"
    r"|(?-i:expect:[ \t]*[A-Z]{1,5}\d{3,4}\b))",
    re.IGNORECASE,
)
_SUPPRESSION = re.compile(r"\s*taskaudit\s*:\s*(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_MARKER = re.compile(r"\s*idempotent\s*:(?P<reason>.*)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Comment:
    line: int
    column: int  # 1-based column of the '#'
    text: str  # without the leading '#' and surrounding whitespace
    own_line: bool  # nothing but whitespace before it


@dataclass(frozen=True, slots=True)
class Suppression:
    line: int
    column: int  # 1-based column of this directive's '#'
    codes: tuple[str, ...]  # upper-cased; existence is checked by the filter stage
    reason: str | None
    malformed: str | None  # what is wrong with the directive, for TA001


@dataclass(frozen=True, slots=True)
class Marker:
    line: int
    kind: str  # "idempotent"
    reason: str


@dataclass(frozen=True, slots=True)
class CommentFacts:
    comments: tuple[Comment, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    markers: tuple[Marker, ...] = ()


def scan_comments(text: str) -> CommentFacts:
    lines = text.split("\n")
    raw = _tokenized(text)
    if raw is None:
        raw = _line_scan(lines)
    comments: list[Comment] = []
    suppressions: list[Suppression] = []
    markers: list[Marker] = []
    for line, col, token in raw:
        own = not lines[line - 1][:col].strip()
        comments.append(Comment(line, col + 1, token[1:].strip(), own))
        for offset, segment in _segments(token):
            if match := _SUPPRESSION.match(segment):
                suppressions.append(_suppression(line, col + offset + 1, match["rest"]))
            elif (match := _MARKER.match(segment)) and match["reason"].strip():
                markers.append(Marker(line, "idempotent", match["reason"].strip()))
    return CommentFacts(tuple(comments), tuple(suppressions), tuple(markers))


def comment_for(facts: CommentFacts, line: int) -> str | None:
    """Owner/reason prose for a construct starting at ``line``: trailing, else the block above."""
    trailing = _at(facts, line)
    if trailing is not None and not trailing.own_line and (prose := _prose(trailing.text)):
        return prose
    block: list[str] = []
    current = line - 1
    while (above := _at(facts, current)) is not None and above.own_line:
        if prose := _prose(above.text):
            block.append(prose)
        current -= 1
    return " ".join(reversed(block)) or None


def _at(facts: CommentFacts, line: int) -> Comment | None:
    index = bisect_left(facts.comments, line, key=lambda c: c.line)
    if index < len(facts.comments) and facts.comments[index].line == line:
        return facts.comments[index]
    return None


def _prose(text: str) -> str:
    kept = [s for _, s in _segments("#" + text) if not _FOREIGN.match(s)]
    kept = [s for s in kept if not _SUPPRESSION.match(s)]
    return " ".join(s.strip() for s in kept if s.strip())


def _segments(token: str) -> list[tuple[int, str]]:
    """Split ``# noqa: E501  # taskaudit: ignore[...]`` into (offset of '#', text after it)."""
    starts = [0]
    for found in re.finditer(r"\s#", token):
        after = found.end()
        if _OURS.match(token, after) or _FOREIGN.match(token, after):
            starts.append(found.start() + 1)
    ends = [*starts[1:], len(token)]
    return [
        (start, token[start + 1 : end].rstrip()) for start, end in zip(starts, ends, strict=True)
    ]


def _suppression(line: int, column: int, rest: str) -> Suppression:
    if _FILE_LEVEL.match(rest):
        return Suppression(line, column, (), None, _NO_FILE_LEVEL)
    verb = re.match(r"ignore\b\s*", rest, re.IGNORECASE)
    if verb is None:
        return Suppression(line, column, (), None, "unknown directive; expected ignore[TA401]")
    tail = rest[verb.end() :]
    codes: tuple[str, ...] = ()
    problem: str | None = _NEEDS_CODES
    if tail.startswith("["):
        close = tail.find("]")
        if close < 0:
            return Suppression(line, column, (), None, "unclosed '[' in the suppression")
        written = [code.strip() for code in tail[1:close].split(",") if code.strip()]
        bad = [code for code in written if not _CODE.fullmatch(code)]
        codes = tuple(code.upper() for code in written if _CODE.fullmatch(code))
        problem = f"{bad[0]!r} is not a rule id" if bad else (None if codes else _NEEDS_CODES)
        tail = tail[close + 1 :]
    tail = tail.strip()
    if not tail:
        return Suppression(line, column, codes, None, problem)
    if not tail.startswith("--"):
        return Suppression(line, column, codes, None, problem or _BAD_REASON)
    return Suppression(line, column, codes, tail[2:].strip() or None, problem)


def _tokenized(text: str) -> list[tuple[int, int, str]] | None:
    found: list[tuple[int, int, str]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                found.append((token.start[0], token.start[1], token.string))
    except (tokenize.TokenError, SyntaxError):
        return None
    return found


def _line_scan(lines: list[str]) -> list[tuple[int, int, str]]:
    """Best effort for files ``tokenize`` rejects: skip strings, stop at the first '#'."""
    found: list[tuple[int, int, str]] = []
    open_triple: str | None = None
    for number, line in enumerate(lines, 1):
        i = 0
        while i < len(line):
            if open_triple is not None:
                end = line.find(open_triple, i)
                if end < 0:
                    break
                i, open_triple = end + 3, None
            elif line.startswith(('"""', "'''"), i):
                open_triple, i = line[i : i + 3], i + 3
            elif line[i] in "\"'":
                i = _string_end(line, i)
            elif line[i] == "#":
                found.append((number, i, line[i:].rstrip("\r")))
                break
            else:
                i += 1
    return found


def _string_end(line: str, start: int) -> int:
    quote, i = line[start], start + 1
    while i < len(line) and line[i] != quote:
        i += 2 if line[i] == "\\" else 1
    return i + 1
