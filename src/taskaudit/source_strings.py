"""f-strings and t-strings of newer Pythons, rewritten so that Python 3.11 can read the file.

PEP 701 (Python 3.12) lets an f-string's replacement fields hold anything an
expression can: the enclosing quote again (``f"{d["k"]}"``), backslashes,
comments, newlines in a single-quoted f-string, f-strings nested without
limit. PEP 750 (Python 3.14) adds template strings, ``t"..."``. Python
3.11's tokenizer reads neither.

``rewrite_strings`` scans the source with the 3.14 string grammar and
replaces each f-string that 3.11 cannot compile, and every t-string, by an
f-string whose only replacement field is an unknown name
(``f"{__newer_syntax__}"``): a value computed at run time, never a literal
the literal evaluator would trust (a t-string is not even a ``str``). The
replacement covers the same lines; on one line it has the same width, and a
literal that spanned lines ends with backslash continuations, so every
line number, and every column outside the rewritten span, stays put.
"""

from __future__ import annotations

import ast
import warnings

_PREFIXES = frozenset({
    "r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt",
})  # fmt: skip
_NAME = "__newer_syntax__"
_CLOSERS = {")": "(", "]": "[", "}": "{"}


class _Unscannable(Exception):
    """The source is not valid under the 3.14 string grammar either: leave it alone."""


# (start offset, end offset, prefix, quote) of an f- or t-string to rewrite
_Span = tuple[int, int, str, str]


def rewrite_strings(text: str) -> str | None:
    """``text`` with its newer f-strings and t-strings rewritten; None when there are none."""
    try:
        spans = _Scanner(text).spans()
    except _Unscannable:
        return None
    edits = _merged(
        text, [span for span in spans if "t" in span[2].lower() or not _old_enough(text, span)]
    )
    if not edits:
        return None
    out: list[str] = []
    position = 0
    for start, end, prefix, quote in edits:
        out.append(text[position:start])
        out.append(_placeholder(text[start:end], prefix, quote))
        position = end
    out.append(text[position:])
    return "".join(out)


def _merged(text: str, spans: list[_Span]) -> list[_Span]:
    """Rewritten literals concatenated implicitly (``t"a" t"{b}"``) become one span.

    One placeholder for the whole group is as wide as all of them, and a name
    placeholder (for a literal too narrow for a field) never sits beside a string.
    """
    merged: list[_Span] = []
    for span in spans:
        if merged and not text[merged[-1][1] : span[0]].strip():
            start, _, prefix, quote = merged[-1]
            merged[-1] = (start, span[1], prefix, quote)
        else:
            merged.append(span)
    return merged


def _old_enough(text: str, span: _Span) -> bool:
    """Whether Python 3.11 compiles this f-string as written."""
    start, end, _, _ = span
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(f"(\n{text[start:end]}\n)", mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _placeholder(original: str, prefix: str, quote: str) -> str:
    """An f-string of one unknown name, on the same lines and, on the last, the same width."""
    letters = prefix.replace("t", "f").replace("T", "F")
    lines = original.split("\n")
    if len(lines) == 1:
        room = len(original) - len(letters) - 2 * len(quote) - 2
        if room < 1:  # `t""`: too narrow for a field, a name of the same width
            return "_" * len(original)
        name = (_NAME + "_" * room)[:room] if room >= len(_NAME) else "_" * room
        return f"{letters}{quote}{{{name}}}{quote}"
    # Across lines: end the string on the first line, continue the logical line
    # with backslashes, and pad the last line to the width the literal took there.
    first = f"{letters}{quote}{{{_NAME}}}{quote} \\"
    middle = ["\\"] * (len(lines) - 2)
    return "\n".join([first, *middle, " " * len(lines[-1])])


class _Scanner:
    """Strings and comments, by the string grammar of Python 3.14."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[_Span] = []

    def spans(self) -> list[_Span]:
        """Top-level f- and t-strings, in order (nested ones are inside their span)."""
        text, at, end = self.text, 0, len(self.text)
        while at < end:
            char = text[at]
            if char == "#":
                at = self._line_end(at)
            elif char in "\"'":
                at = self._string(at, "")
            elif char.isalnum() or char == "_":
                word_end = at
                while word_end < end and (text[word_end].isalnum() or text[word_end] == "_"):
                    word_end += 1
                word = text[at:word_end]
                if word_end < end and text[word_end] in "\"'" and word.lower() in _PREFIXES:
                    at = self._string(word_end, word, top=True)
                else:
                    at = word_end
            else:
                at += 1
        return self.found

    def _line_end(self, at: int) -> int:
        newline = self.text.find("\n", at)
        return len(self.text) if newline == -1 else newline

    def _string(self, at: int, prefix: str, top: bool = False) -> int:
        """Offset just past the string whose opening quote is at ``at``."""
        text = self.text
        quote = text[at : at + 3] if text[at : at + 3] in ('"""', "'''") else text[at]
        start = at - len(prefix)
        at += len(quote)
        lowered = prefix.lower()
        if "f" in lowered or "t" in lowered:
            at = self._formatted(at, quote, raw="r" in lowered)
            if top:
                self.found.append((start, at, prefix, quote))
            return at
        return self._plain(at, quote)

    def _plain(self, at: int, quote: str) -> int:
        text, end = self.text, len(self.text)
        while at < end:
            if text.startswith(quote, at):
                return at + len(quote)
            if text[at] == "\\":
                at += 2
                continue
            if text[at] == "\n" and len(quote) == 1:
                raise _Unscannable("unterminated string")
            at += 1
        raise _Unscannable("unterminated string")

    def _formatted(self, at: int, quote: str, raw: bool, spec: bool = False) -> int:
        """Past the closing quote (or, in a format spec, at the ``}`` that ends it)."""
        text, end = self.text, len(self.text)
        while at < end:
            char = text[at]
            if spec and char == "}":
                return at
            if text.startswith(quote, at):
                if spec:
                    raise _Unscannable("a quote ends the string inside a format spec")
                return at + len(quote)
            if char == "\\":
                at = self._escape(at, raw)
            elif not spec and text[at : at + 2] in ("{{", "}}"):
                at += 2
            elif char == "{":
                at = self._field(at + 1, quote, raw)
            elif char == "\n" and len(quote) == 1:
                raise _Unscannable("unterminated f-string")
            else:
                at += 1
        raise _Unscannable("unterminated f-string")

    def _escape(self, at: int, raw: bool) -> int:
        """Past a backslash escape; a brace after it still opens or closes a field."""
        text = self.text
        if not raw and text.startswith("N{", at + 1):  # \N{BULLET}: the braces are the escape's
            close = text.find("}", at)
            return len(text) if close == -1 else close + 1
        return at + 1 if text[at + 1 : at + 2] in ("{", "}") else at + 2

    def _field(self, at: int, quote: str, raw: bool) -> int:
        """Past the ``}`` that closes a replacement field starting at ``at``."""
        text, end = self.text, len(self.text)
        depth: list[str] = []
        while at < end:
            char = text[at]
            if char == "#":
                at = self._line_end(at)
            elif char in "\"'":
                at = self._string(at, "")
            elif char.isalnum() or char == "_":
                word_end = at
                while word_end < end and (text[word_end].isalnum() or text[word_end] == "_"):
                    word_end += 1
                word = text[at:word_end]
                if word_end < end and text[word_end] in "\"'" and word.lower() in _PREFIXES:
                    at = self._string(word_end, word)
                else:
                    at = word_end
            elif char in "([{":
                depth.append(char)
                at += 1
            elif char in ")]" or (char == "}" and depth):
                if not depth or depth.pop() != _CLOSERS[char]:
                    raise _Unscannable("unbalanced brackets in a replacement field")
                at += 1
            elif char == "}":
                return at + 1
            elif char == ":" and not depth:
                at = self._formatted(at + 1, quote, raw, spec=True) + 1
                return at
            elif char == "!" and not depth and not text.startswith("!=", at):
                at += 2  # the conversion letter; a format spec or `}` follows
            else:
                at += 1
        raise _Unscannable("unterminated replacement field")
