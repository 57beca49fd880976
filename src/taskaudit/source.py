"""Reading a scanned file: bytes to text (PEP 263), text to an AST, failures as data.

taskaudit must read every Python file its users' interpreter would, and say
plainly which ones it could not (TA000). Two real-world wrinkles:

* Files written for a newer Python. When the running interpreter rejects a
  file, the parse is retried after rewriting, one after the other, what
  Python 3.12 to 3.14 added to the grammar into a 3.11 equivalent, keeping
  every line number: PEP 701 f-strings and PEP 750 t-strings
  (``taskaudit.source_strings``: each becomes a computed value); PEP 758
  ``except A, B:`` without parentheses, rewritten as ``except(A, B):`` so that
  no column before the colon moves; PEP 695/696 type parameters and ``type``
  statements, blanked. A valid file is parsed once and pays nothing.
* Parsing is bounded: deeply nested input exhausts the parser's recursion
  (``RecursionError``/``MemoryError``) and becomes a ``ParseFailure``. Null
  bytes are refused before parsing, because 3.11 point releases disagree on
  whether they raise ``ValueError`` or ``SyntaxError`` and with what text.

Reading is bounded too (``read_source``): regular files only, opened without
blocking so a FIFO swapped in after discovery cannot hang the scan, and never
more than ``MAX_FILE_BYTES`` read, even from a file that grows meanwhile.
"""

from __future__ import annotations

import ast
import codecs
import io
import os
import re
import stat
import tokenize
import warnings
from dataclasses import dataclass
from pathlib import Path

from taskaudit.source_strings import rewrite_strings

MAX_FILE_BYTES = 8 * 1024 * 1024
# PEP 263: a comment on line 1 or 2 matching this declares the file's encoding.
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """Why a file could not be read as Python, and where."""

    reason: str
    line: int = 1
    column: int = 1


def read_source(path: Path) -> bytes | ParseFailure:
    """The bytes of the regular file at ``path``, or why they cannot be had."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        return ParseFailure(f"unreadable: {exc.strerror or exc.__class__.__name__}")
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            return ParseFailure("not a regular file")
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return ParseFailure(f"unreadable: {exc.strerror or exc.__class__.__name__}")
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return ParseFailure(f"file too large to analyse (more than {limit} MB)")
    return data


def decode(data: bytes) -> str | ParseFailure:
    """Decode source bytes the way the interpreter does (BOM, coding cookie, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if exc.msg == "invalid or missing encoding declaration":
            # tokenize says this when the first two lines are not UTF-8 and carry no cookie.
            encoding = "utf-8"
        elif exc.msg.startswith("encoding problem"):
            return ParseFailure("bad encoding declaration: a UTF-8 BOM and a different coding line")
        else:
            return ParseFailure(f"bad encoding declaration: {exc.msg}")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        start = getattr(exc, "start", 0)
        line = data[:start].count(b"\n") + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        bad = f"byte 0x{data[start]:02x}" if start < len(data) else "a truncated character"
        declared = "" if _declares_encoding(data) else " and no PEP 263 coding line names another"
        return ParseFailure(f"not valid {encoding} ({bad}){declared}", line, column)
    return text.removeprefix("\ufeff")


def _declares_encoding(data: bytes) -> bool:
    return data.startswith(codecs.BOM_UTF8) or any(
        _COOKIE.match(line) for line in data.split(b"\n", 2)[:2]
    )


def parse(text: str, filename: str = "<unknown>") -> ast.Module | ParseFailure:
    """Parse ``text`` into a module, accepting PEP 758 except-clauses on any 3.11+."""
    if "\x00" in text:
        before = text[: text.index("\x00")]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        return ParseFailure("null byte in the source (a binary file?)", line, column)
    try:
        return _quiet_parse(text, filename)
    except SyntaxError as exc:
        # Newer grammar, rewritten to its 3.11 equivalent for reading only, one
        # construct after the other; the error reported is the original's.
        rewritten = text
        for rewrite in (rewrite_strings, _parenthesise_except_lists, _strip_type_params):
            step = rewrite(rewritten)
            if step is None:
                continue
            rewritten = step
            try:
                return _quiet_parse(rewritten, filename)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
        return ParseFailure(f"syntax error: {exc.msg}", exc.lineno or 1, max(exc.offset or 1, 1))
    except (RecursionError, MemoryError):
        return ParseFailure("nesting too deep for the parser")


def _quiet_parse(text: str, filename: str) -> ast.Module:
    # The compiler warns about valid code (`"\\d"`, `1if x else 2`, `x is 5`): printed,
    # that is noise on our stderr; under -W error (pytest, PYTHONWARNINGS) it would
    # even turn a valid file into a SyntaxError.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(text, filename=filename)


def _strip_type_params(text: str) -> str | None:
    """PEP 695 (Python 3.12) read on 3.11: ``def f[T](``/``class C[T]`` lose their type
    parameters (blanked, so other columns stay put) and ``type X = v`` becomes ``X = v``.
    None when there is nothing to rewrite."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    lines = text.splitlines(keepends=True)
    blanks: list[tuple[tuple[int, int], tuple[int, int]]] = []
    deletions: list[tuple[int, int, int]] = []  # (row, start col, end col) on one line
    starts = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.NL}
    for index, token in enumerate(tokens[:-2]):
        following, after = tokens[index + 1], tokens[index + 2]
        if token.type != tokenize.NAME or following.type != tokenize.NAME:
            continue
        if token.string in ("def", "class") and after.string == "[":
            close = _closing_bracket(tokens, index + 2)
            if close is not None:
                blanks.append((after.start, tokens[close].end))
        elif (
            token.string == "type"
            and after.string in ("=", "[")
            and (index == 0 or tokens[index - 1].type in starts or tokens[index - 1].string == ";")
        ):
            deletions.append((token.start[0], token.start[1], following.start[1]))
            if after.string == "[":
                close = _closing_bracket(tokens, index + 2)
                if close is not None:
                    blanks.append((after.start, tokens[close].end))
    if not blanks and not deletions:
        return None
    chars = [list(line) for line in lines]
    for (row, col), (end_row, end_col) in blanks:
        for r in range(row, end_row + 1):
            line = chars[r - 1]
            first = col if r == row else 0
            last = end_col if r == end_row else len(line)
            for c in range(first, last):
                if line[c] not in "\r\n":
                    line[c] = " "
    for row, col, end_col in sorted(deletions, reverse=True):
        del chars[row - 1][col:end_col]
    return "".join("".join(line) for line in chars)


def _closing_bracket(tokens: list[tokenize.TokenInfo], open_index: int) -> int | None:
    depth = 0
    for index in range(open_index, len(tokens)):
        string = tokens[index].string
        if tokens[index].type == tokenize.OP and string in "([{":
            depth += 1
        elif tokens[index].type == tokenize.OP and string in ")]}":
            depth -= 1
            if depth == 0:
                return index
    return None


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
