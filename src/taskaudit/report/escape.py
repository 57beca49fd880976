"""Escaping scanned text for GitHub-flavoured Markdown, and for terminals and CI logs.

Task names, messages, comments and paths come from the scanned repository,
which in CI may be an untrusted pull request. GFM (https://github.github.com/gfm/)
lets ``|`` end a table cell even inside a code span unless it is written
``\\|``, lets a newline end a row, and passes raw HTML through. These
filters turn any string into inert text, so a hostile value can neither
break a table nor inject markup. They are registered as Jinja filters.

They also keep the raw file readable in a diff: a message's own code spans
(``task `pull` ...``) stay code spans, with a fence longer than any backtick
run inside, and a word that Markdown could read as markup (``token_denylist``,
``*``, ``a/b.py``, ``www.x.org``) becomes a code span instead of being
backslash-escaped, so ``grep token_denylist`` finds it in the raw file.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_ENTITIES = {"<": "&lt;", ">": "&gt;"}
# Outside code spans: the characters that start inline structure, escaped with a
# backslash (CommonMark 2.4); `_`, `*`, `~` and backticks never get here (code spans).
_BACKSLASHED = frozenset("\\[]|")
# A word holding one of these, or shaped like a path, URL, e-mail or dotted name,
# is shown as code: Markdown could read it as emphasis, strikethrough or an autolink.
_CODE_CHARS = frozenset("_*~`\\<>")
_DOTTED = re.compile(r"[A-Za-z_]\w+\.[A-Za-z_]\w+|^www\.|://|\w@|^@\w")
_PATH = re.compile(r"^/|/.*/|/.*\.\w|\.\w*/")
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Punctuation around a word stays outside its code span; quotes belong to the value.
_OPEN = "([{"
_CLOSE = ")]},.;:!?"
_PAIRS = {")": "(", "]": "[", "}": "{"}
# Control, format (bidi overrides), surrogate and line/paragraph separators:
# invisible or layout-changing, so they are shown as escapes instead.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_LINE_START = re.compile(r"^(?:([-+=#])|(\d+)([.)]))")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_TICKS = re.compile(r"`+")
_WORDS = re.compile(r"(\s+)")


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


def _span(text: str, *, table: bool) -> str:
    """``text`` as one code span: a fence longer than any backtick run inside."""
    text = "".join(_visible(c) if _hidden(c) else c for c in text)
    longest = max((len(run) for run in _TICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    # GFM splits table cells before parsing code spans, so a pipe there needs escaping.
    body = text.replace("|", "\\|") if table else text
    pad = " " if body.startswith(("`", " ")) or body.endswith(("`", " ")) else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def _plain(word: str) -> str:
    out = []
    # `&` is literal unless it starts an entity reference, which would decode.
    for char in _ENTITY.sub(lambda m: "&amp;" + m.group()[1:], word):
        if char in _BACKSLASHED:
            out.append("\\" + char)
        elif char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif _hidden(char):
            out.append("\\" + _visible(char))
        else:
            out.append(char)
    return "".join(out)


def _is_code(core: str) -> bool:
    if any(c in _CODE_CHARS for c in core):
        return True
    return _DOTTED.search(core) is not None or _PATH.search(core) is not None


def _word(word: str, *, table: bool) -> list[str]:
    """One word of prose: inert text, or a code span with its punctuation outside."""
    start, end = 0, len(word)
    while start < end and word[start] in _OPEN:
        start += 1
    while end > start and word[end - 1] in _CLOSE:
        closer = word[end - 1]
        opener = _PAIRS.get(closer)
        # `f()` keeps its parentheses: a closer ends the word only when unbalanced.
        if opener and word[start:end].count(opener) >= word[start:end].count(closer):
            break
        end -= 1
    if start > 0 and end < len(word) and word[start - 1] == "[" and word[end] == "]":
        start, end = start - 1, end + 1  # a bracketed name such as [tool.taskaudit]
    core = word[start:end]
    if core and _is_code(core):
        return [_plain(word[:start]), _span(core, table=table), _plain(word[end:])]
    return [_plain(word)]


def _segments(line: str) -> list[tuple[bool, str]]:
    """Code spans as CommonMark reads them (a run of n backticks to the next run of n)."""
    out: list[tuple[bool, str]] = []
    text_from, at = 0, 0
    while (opener := _TICKS.search(line, at)) is not None:
        size = len(opener.group())
        closer = next(
            (m for m in _TICKS.finditer(line, opener.end()) if len(m.group()) == size), None
        )
        if closer is None:
            at = opener.end()
            continue
        out.append((False, line[text_from : opener.start()]))
        code = line[opener.end() : closer.start()]
        if len(code) > 2 and code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]
        out.append((True, code))
        text_from = at = closer.end()
    out.append((False, line[text_from:]))
    return [(is_code, part) for is_code, part in out if part or is_code]


def _line(line: str, *, table: bool) -> str:
    pieces: list[str] = []
    for is_code, part in _segments(line):
        if is_code:
            pieces.append(_span(part, table=table) if part.strip() else _plain(part))
            continue
        for word in _WORDS.split(part):
            pieces += [word] if word.isspace() else _word(word, table=table)
    out = ""
    for piece in pieces:
        # Two spans side by side would merge their fences into one run: keep them apart.
        if piece.startswith("`") and out.endswith("`"):
            out += " "
        out += piece
    return out


def _inline(value: Any, *, table: bool) -> str:
    lines = [_line(line, table=table) for line in _NEWLINES.split(_text(value).strip())]
    text = "<br>".join(lines)
    # A value printed at the start of a line must not open a list, heading or setext line.
    return _LINE_START.sub(_escape_marker, text, count=1)


def _escape_marker(match: re.Match[str]) -> str:
    marker, digits, delimiter = match.groups()
    return "\\" + marker if marker else f"{digits}\\{delimiter}"


def md_text(value: Any) -> str:
    """Inert Markdown prose: one line, every newline a ``<br>``, code spans kept, no HTML."""
    return _inline(value, table=False)


def md_cell(value: Any) -> str:
    """``md_text`` for a GFM table cell: the row keeps its column count whatever the value."""
    return _inline(value, table=True)


def md_doc(value: Any) -> str:
    """A rule's own Markdown (a title, a sentence of its docs) on one line, with no HTML.

    Rule files can come from the scanned repository, so raw HTML and images
    are made inert; emphasis, code spans and links written by the rule's
    author stay as written.
    """
    pieces = []
    for is_code, part in _segments(" ".join(_text(value).split())):
        if is_code:
            pieces.append(_span(part, table=False))
        else:
            text = "".join(_ENTITIES.get(c, "\\" + _visible(c) if _hidden(c) else c) for c in part)
            pieces.append(text.replace("|", "\\|").replace("![", "!\\["))
    return _LINE_START.sub(_escape_marker, "".join(pieces), count=1)


def md_code(value: Any, *, table: bool = True) -> str:
    """A code span for a table cell, literal whatever backticks or pipes the value holds."""
    text = _NEWLINES.sub("\\\\n", _text(value))
    if not text.strip():
        return md_cell(text) if table else md_text(text)
    return _span(text, table=table)


def md_span(value: Any) -> str:
    """``md_code`` for prose: outside a table a pipe needs no escape (it would show)."""
    return md_code(value, table=False)


def plain(value: Any, *, keep_newlines: bool = False) -> str:
    """Text for a terminal or CI log: control characters (ANSI escapes too) shown, not obeyed."""
    text = _NEWLINES.sub("\n", _text(value))
    return "".join(
        c if (c == "\n" and keep_newlines) or not _hidden(c) else _visible(c) for c in text
    )
