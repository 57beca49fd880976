"""source.decode / parse / read_source on every kind of broken or unusual file."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from taskaudit.source import MAX_FILE_BYTES, ParseFailure, decode, parse, read_source


def failure(data: bytes) -> ParseFailure | None:
    text = decode(data)
    if isinstance(text, ParseFailure):
        return text
    tree = parse(text, "x.py")
    return tree if isinstance(tree, ParseFailure) else None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'print "hello"\n', ParseFailure(
            "syntax error: Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1
        )),
        (b"exec 'x = 1'\n", ParseFailure("syntax error: Missing parentheses in call to 'exec'. "
                                         "Did you mean exec(...)?", 1, 1)),
        (b"x = 0777\n", ParseFailure("syntax error: leading zeros in decimal integer literals "
                                     "are not permitted; use an 0o prefix for octal integers",
                                     1, 5)),
        (b"{% for n in names %}\nimport {{ n }}\n{% endfor %}\n",
         ParseFailure("syntax error: invalid syntax", 1, 2)),
        (b"x = 1\ny = 'a\x00b'\n", ParseFailure("null byte in the source (a binary file?)", 2, 7)),
        (b'x = "caf\xe9"\n', ParseFailure(
            "not valid utf-8 (byte 0xe9) and no PEP 263 coding line names another", 1, 9
        )),
        (b"a = 1\nb = 2\nc = '\xe2\x82'\n", ParseFailure(
            "not valid utf-8 (byte 0xe2) and no PEP 263 coding line names another", 3, 6
        )),
        (b"# -*- coding: ascii -*-\nx = '\xe9'\n",
         ParseFailure("not valid ascii (byte 0xe9)", 2, 6)),
        (b"# coding: klingon\nx = 1\n",
         ParseFailure("bad encoding declaration: unknown encoding: klingon")),
        (b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", ParseFailure(
            "bad encoding declaration: a UTF-8 BOM and a different coding line"
        )),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ParseFailure(
            "not valid utf-8 (byte 0x89) and no PEP 263 coding line names another", 1, 1
        )),
        (b"x = " + b"-" * 100_000 + b"1\n", ParseFailure("nesting too deep for the parser")),
        (b"x = " + b"(" * 300 + b")" * 300 + b"\n",
         ParseFailure("syntax error: too many nested parentheses", 1, 205)),
    ],
    ids=["py2-print", "py2-exec", "py2-octal", "jinja", "null-byte", "latin1-no-cookie",
         "truncated-utf8", "ascii-cookie", "unknown-cookie", "bom-and-cookie", "binary-png",
         "recursion", "paren-limit"],
)  # fmt: skip
def test_broken_sources_fail_with_a_reason_and_place(data: bytes, expected: ParseFailure) -> None:
    assert failure(data) == expected


@pytest.mark.parametrize(
    ("data", "names"),
    [
        (b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n", ["x"]),
        (b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n", ["x"]),
        (b"\xef\xbb\xbfx = 1\n", ["x"]),
        (b"x = 1\r\ny = 2\r\n", ["x", "y"]),
        (b"x = 1\ry = 2\r", ["x", "y"]),
        (b"", []),
        (b"\n\n\n", []),
        (b"# only a comment", []),
        (b"x = 1\n\x0cy = 2\n", ["x", "y"]),
        (b"x = 'caf\xc3\xa9'\n", ["x"]),
        (b"x = " + b"(" * 150 + b"1" + b")" * 150 + b"\n", ["x"]),
    ],
    ids=["latin1-cookie", "cp1252-vim-cookie", "bom", "crlf", "cr", "empty", "blank-lines",
         "no-final-newline", "form-feed", "utf8", "deep-but-legal"],
)  # fmt: skip
def test_near_misses_parse(data: bytes, names: list[str]) -> None:
    text = decode(data)
    assert isinstance(text, str)
    tree = parse(text, "x.py")
    assert isinstance(tree, ast.Module)
    assert [t.id for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)] == names  # fmt: skip


def test_latin1_cookie_decodes_the_text_the_interpreter_sees() -> None:
    assert decode(b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n") == (
        "# -*- coding: latin-1 -*-\nx = 'caf\u00e9'\n"
    )


def test_bom_is_dropped_so_columns_match_the_editor() -> None:
    text = decode(b"\xef\xbb\xbfimport os\n")
    assert text == "import os\n"


def test_crlf_keeps_line_numbers() -> None:
    tree = parse("a = 1\r\n\r\nb = 2\r\n")
    assert isinstance(tree, ast.Module)
    assert [(n.lineno, n.col_offset) for n in tree.body] == [(1, 0), (3, 0)]


PEP_758 = "try:\n    pass\nexcept ValueError, TypeError:\n    x = 1\n"


def test_pep_758_except_list_parses_on_every_supported_python() -> None:
    tree = parse(PEP_758)
    assert isinstance(tree, ast.Module)
    handler = tree.body[0].handlers[0]  # type: ignore[attr-defined]
    assert isinstance(handler.type, ast.Tuple)
    assert [ast.unparse(e) for e in handler.type.elts] == ["ValueError", "TypeError"]
    assert (handler.lineno, handler.body[0].lineno, handler.body[0].col_offset) == (3, 4, 4)


def test_python_2_except_comma_reads_as_python_3_14_does() -> None:
    # 3.14 reads `except ValueError, e:` as a tuple of two classes, and so do we.
    tree = parse("try:\n    pass\nexcept ValueError, e:\n    pass\n")
    assert isinstance(tree, ast.Module)
    handler = tree.body[0].handlers[0]  # type: ignore[attr-defined]
    assert ast.unparse(handler.type) == "(ValueError, e)"


def test_pep_758_rewrite_does_not_rescue_other_errors() -> None:
    source = "try:\n    pass\nexcept (ValueError, TypeError) as e, f:\n    pass\n"
    assert parse(source) == ParseFailure("syntax error: invalid syntax", 3, 36)


PEP_695 = """\
type Pair[T] = tuple[T, T]
class Box[T: (int, str)](Base):
    def get[U](self, item: U) -> U:
        return item
@shared_task(name="a.first")
def first[K](items: list[K]) -> K:
    type = 4
    return items[type]
"""


def test_pep_695_type_parameters_parse_on_every_supported_python() -> None:
    tree = parse(PEP_695)
    assert isinstance(tree, ast.Module)
    defs = [
        (n.name, n.lineno, n.col_offset)
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.ClassDef)
    ]
    assert sorted(defs) == [("Box", 2, 0), ("first", 6, 0), ("get", 3, 4)]
    first = tree.body[2]
    assert isinstance(first, ast.FunctionDef)
    # The decorator and the body keep their places: only the brackets were blanked.
    assert (first.decorator_list[0].lineno, first.body[0].lineno) == (5, 7)


def test_pep_695_rewrite_does_not_rescue_other_errors() -> None:
    # The error reported is the original one, at its place in the original text.
    assert parse("type Point = tuple[int,\n") == ParseFailure("syntax error: invalid syntax", 1, 6)


def test_read_source_reads_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_bytes(b"x = 1\n")
    assert read_source(tmp_path / "a.py") == b"x = 1\n"


def test_read_source_caps_the_size_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.py"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    limit = MAX_FILE_BYTES // (1024 * 1024)
    expected = ParseFailure(f"file too large to analyse (more than {limit} MB)")
    assert read_source(big) == expected
    exact = tmp_path / "exact.py"
    exact.write_bytes(b"#" * MAX_FILE_BYTES)
    assert read_source(exact) == b"#" * MAX_FILE_BYTES


def test_read_source_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")  # opened without blocking, so no writer is needed
    (tmp_path / "dir.py").mkdir()
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "loop.py").symlink_to(tmp_path / "loop.py")
    assert [read_source(tmp_path / n) for n in ("pipe.py", "dir.py", "gone.py", "loop.py")] == [
        ParseFailure("not a regular file"),
        ParseFailure("not a regular file"),
        ParseFailure("unreadable: No such file or directory"),
        ParseFailure("unreadable: Too many levels of symbolic links"),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_read_source_reports_a_file_it_may_not_read(tmp_path: Path) -> None:
    locked = tmp_path / "locked.py"
    locked.write_bytes(b"x = 1\n")
    locked.chmod(0)
    assert read_source(locked) == ParseFailure("unreadable: Permission denied")


def test_compiler_warnings_on_valid_code_neither_print_nor_fail() -> None:
    # pytest runs with warnings as errors, as a user's PYTHONWARNINGS=error would.
    tree = parse('import re\nx = re.compile("\\d+")\ny = 1if x else 2\nz = x is 5\n')
    assert isinstance(tree, ast.Module)
    assert [type(node).__name__ for node in tree.body] == ["Import", "Assign", "Assign", "Assign"]
