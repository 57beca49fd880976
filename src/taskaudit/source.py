"""Reading a scanned file: bytes to text (PEP 263), text to an AST, failures as data.

taskaudit must read every Python file its users' interpreter would, and say
plainly which ones it could not (TA000). Two real-world wrinkles:

* PEP 758 (Python 3.14) allows ``except A, B:`` without parentheses, and
  active projects already use it. On older interpreters we retry the parse
  after parenthesising such clauses, rewriting ``except A, B:`` as
  ``except(A, B):`` so that no column before the colon moves.
* Parsing is bounded: deeply nested input exhausts the parser's recursion
  (``RecursionError``/``MemoryError``) and null bytes raise ``ValueError``;
  both become a ``ParseFailure`` instead of an exception.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass

MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """Why a file could not be read as Python, and where."""

    reason: str
    line: int = 1
    column: int = 1


def decode(data: bytes) -> str | ParseFailure:
    """Decode source bytes the way the interpreter does (BOM, coding cookie, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return ParseFailure(f"bad encoding declaration: {exc.msg}")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line = data[: getattr(exc, "start", 0)].count(b"\n") + 1
        return ParseFailure(f"not valid {encoding}: {exc.__class__.__name__}", line)
    return text.removeprefix("\ufeff")


def parse(text: str, filename: str = "<unknown>") -> ast.Module | ParseFailure:
    """Parse ``text`` into a module, accepting PEP 758 except-clauses on any 3.11+."""
    try:
        return ast.parse(text, filename=filename)
    except SyntaxError as exc:
        rewritten = _parenthesise_except_lists(text)
        if rewritten is not None:
            try:
                return ast.parse(rewritten, filename=filename)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
        return ParseFailure(f"syntax error: {exc.msg}", exc.lineno or 1, max(exc.offset or 1, 1))
    except ValueError as exc:  # null bytes
        return ParseFailure(str(exc).rstrip("."))
    except (RecursionError, MemoryError):
        return ParseFailure("nesting too deep for the parser")


def _parenthesise_except_lists(text: str) -> str | None:
    """Rewrite ``except A, B:`` to ``except(A, B):``; None when there is nothing to rewrite."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, int]] = []  # (open row, open col, close row, close col)
    for index, token in enumerate(tokens):
        if token.type != tokenize.NAME or token.string != "except":
            continue
        start = index + 1
        if start < len(tokens) and tokens[start].string == "*":
            start += 1
        close = _bare_tuple_end(tokens, start)
        if close is not None:
            opener = tokens[start - 1].end
            edits.append((opener[0], opener[1], close[0], close[1]))
    if not edits:
        return None
    for open_row, open_col, close_row, close_col in reversed(edits):
        row = lines[close_row - 1]
        lines[close_row - 1] = row[:close_col] + ")" + row[close_col:]
        row = lines[open_row - 1]
        if row[open_col : open_col + 1] == " ":
            lines[open_row - 1] = row[:open_col] + "(" + row[open_col + 1 :]
        else:
            lines[open_row - 1] = row[:open_col] + "(" + row[open_col:]
    return "".join(lines)


def _bare_tuple_end(tokens: list[tokenize.TokenInfo], start: int) -> tuple[int, int] | None:
    """Position of the clause's ':' when the clause holds a top-level comma and no ``as``."""
    depth = 0
    saw_comma = False
    for token in tokens[start:]:
        if token.type == tokenize.OP:
            if token.string in "([{":
                depth += 1
            elif token.string in ")]}":
                depth -= 1
            elif depth == 0 and token.string == ",":
                saw_comma = True
            elif depth == 0 and token.string == ":":
                return token.start if saw_comma else None
        elif (
            depth == 0 and token.type == tokenize.NAME and token.string == "as"
        ) or token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            return None
    return None
