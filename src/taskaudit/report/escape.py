"""Escaping scanned text for GitHub-flavoured Markdown, and for terminals and CI logs.

Task names, messages, comments and paths come from the scanned repository,
which in CI may be an untrusted pull request. GFM (https://github.github.com/gfm/)
lets ``|`` end a table cell even inside a code span unless it is written
``\\|``, lets a newline end a row, and passes raw HTML through. These
filters turn any string into inert text, so a hostile value can neither
break a table nor inject markup. They are registered as Jinja filters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Every ASCII punctuation character may be backslash-escaped (CommonMark 2.4);
# these are the ones that start inline structure in GFM.
_PUNCTUATION = frozenset("\\`*_[]|~!#")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Control, format (bidi overrides), surrogate and line/paragraph separators:
# invisible or layout-changing, so they are shown as escapes instead.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _visible(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _inline(text: str) -> str:
    out: list[str] = []
    for char in text:
        if char in _PUNCTUATION:
            out.append("\\" + char)
        elif char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif _hidden(char):
            out.append("\\" + _visible(char))
        else:
            out.append(char)
    return "".join(out)


def md_text(value: Any) -> str:
    """Inert Markdown prose: one line, every newline a ``<br>``, no markup or HTML."""
    lines = [_inline(line) for line in _NEWLINES.split(_text(value).strip())]
    text = "<br>".join(lines)
    # A value printed at the start of a line must not open a list or a setext heading.
    return _LINE_START.sub(_escape_marker, text, count=1)


def _escape_marker(match: re.Match[str]) -> str:
    bullet, digits, delimiter = match.groups()
    return "\\" + bullet if bullet else f"{digits}\\{delimiter}"


def md_cell(value: Any) -> str:
    """Inert text for a GFM table cell: the row keeps its column count whatever the value."""
    return md_text(value)


def md_code(value: Any) -> str:
    """A code span for a table cell, literal whatever backticks or pipes the value holds."""
    text = _NEWLINES.sub("\\\\n", _text(value))
    text = "".join(_visible(c) if _hidden(c) else c for c in text)
    if not text.strip():
        return md_cell(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    # GFM splits cells before parsing code spans, so the pipe still needs escaping.
    body = text.replace("|", "\\|")
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def plain(value: Any, *, keep_newlines: bool = False) -> str:
    """Text for a terminal or CI log: control characters (ANSI escapes too) shown, not obeyed."""
    text = _NEWLINES.sub("\n", _text(value))
    return "".join(
        c if (c == "\n" and keep_newlines) or not _hidden(c) else _visible(c) for c in text
    )
