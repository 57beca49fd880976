"""Where each key and string value of a ``pyproject.toml`` is written (``tomllib`` keeps no places).

A small reader for text ``tomllib`` has already accepted: table headers,
dotted and quoted keys, arrays, inline tables, the four kinds of strings and
comments. It records the 1-based line and column of every key, keyed by its
full path (``("tool", "taskaudit", "params", "TA202")``), and of every string
value, keyed by the path of its key plus the string itself (the first
occurrence wins). So a configuration error points at the very entry that is
wrong, ``pyproject.toml:7:22``, not at the top of the file. It never raises:
what it cannot follow just has no place, and the caller falls back to the
place of the enclosing key.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right

Places = dict[tuple[str, ...], tuple[int, int]]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}
_ENDS_SCALAR = frozenset(",]}\n#")


def places(text: str) -> Places:
    """The line and column of every key and string value in ``text``."""
    reader = _Reader(text)
    # Text tomllib accepted and this reader does not follow: keep what was found.
    with contextlib.suppress(IndexError, ValueError):
        reader.document()
    return reader.found


class _Reader:
    def __init__(self, text: str) -> None:
        self.text, self.i = text, 0
        self.found: Places = {}
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def note(self, path: tuple[str, ...], offset: int) -> None:
        line = bisect_right(self.starts, offset)
        self.found.setdefault(path, (line, offset - self.starts[line - 1] + 1))

    def blank(self, newlines: bool) -> None:
        """Skip spaces and comments, and line breaks when ``newlines``."""
        text = self.text
        while self.i < len(text):
            char = text[self.i]
            if char in " \t" or (newlines and char in "\r\n"):
                self.i += 1
            elif char == "#":
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            else:
                return

    def document(self) -> None:
        table: tuple[str, ...] = ()
        while True:
            self.blank(newlines=True)
            if self.i >= len(self.text):
                return
            if self.text[self.i] == "[":
                table = self.header()
            else:
                self.pair(table)

    def header(self) -> tuple[str, ...]:
        double = self.text.startswith("[[", self.i)
        self.i += 2 if double else 1
        path = self.key(())
        self.blank(newlines=False)
        self.i += 2 if double else 1
        return path

    def key(self, prefix: tuple[str, ...]) -> tuple[str, ...]:
        """A dotted key; each part's place is noted under its path."""
        path = prefix
        while True:
            self.blank(newlines=False)
            start = self.i
            path = (*path, self.word())
            self.note(path, start)
            self.blank(newlines=False)
            if self.text[self.i] != ".":
                return path
            self.i += 1

    def word(self) -> str:
        char = self.text[self.i]
        if char in "\"'":
            return self.string()
        found = _BARE.match(self.text, self.i)
        if found is None:
            raise ValueError(self.i)
        self.i = found.end()
        return found.group()

    def pair(self, table: tuple[str, ...]) -> None:
        path = self.key(table)
        self.blank(newlines=False)
        if self.text[self.i] != "=":
            raise ValueError(self.i)
        self.i += 1
        self.blank(newlines=False)
        self.value(path)

    def value(self, path: tuple[str, ...]) -> None:
        char = self.text[self.i]
        if char in "\"'":
            start = self.i
            self.note((*path, self.string()), start)
        elif char == "[":
            self.i += 1
            self.items(path, "]")
        elif char == "{":
            self.i += 1
            while True:
                self.blank(newlines=True)
                if self.text[self.i] == "}":
                    self.i += 1
                    return
                self.pair(path)
                self.blank(newlines=True)
                if self.text[self.i] == ",":
                    self.i += 1
        else:
            while self.i < len(self.text) and self.text[self.i] not in _ENDS_SCALAR:
                self.i += 1

    def items(self, path: tuple[str, ...], close: str) -> None:
        while True:
            self.blank(newlines=True)
            if self.text[self.i] == close:
                self.i += 1
                return
            self.value(path)
            self.blank(newlines=True)
            if self.text[self.i] == ",":
                self.i += 1

    def string(self) -> str:
        """A TOML string starting at ``self.i``; leaves ``self.i`` after its closing quote."""
        text, quote = self.text, self.text[self.i]
        if text.startswith(quote * 3, self.i):
            end = self.i + 3
            while not text.startswith(quote * 3, end):
                end += 2 if quote == '"' and text[end] == "\\" else 1
            while text.startswith(quote, end + 3):
                end += 1  # up to two quotes may close the content: `""""a""""`
            raw, self.i = text[self.i + 3 : end], end + 3
            return raw
        end = self.i + 1
        while text[end] != quote:
            end += 2 if quote == '"' and text[end] == "\\" else 1
        raw, self.i = text[self.i + 1 : end], end + 1
        return _unescape(raw) if quote == '"' else raw


def _unescape(raw: str) -> str:
    def one(found: re.Match[str]) -> str:
        code = found.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, raw)
