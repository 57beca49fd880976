"""Section 1: every kind of broken scanned file is a TA000 with its reason; the scan goes on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.helpers import GOOD_TASK, findings, run, ta000, tree_listing, write_tree
from taskaudit.discover import discover
from taskaudit.jobs import read_file
from taskaudit.pipeline import scan_tree
from taskaudit.source import ParseFailure

TASK_IN = "from celery import shared_task\n\n\n@shared_task(name={name!r})\ndef run():\n    pass\n"
BROKEN: dict[str, str | bytes] = {
    "app/py2.py": 'print "hello"\n',
    "app/py2_tasks.py": 'from celery import shared_task\n\nprint "hello"\n',
    "app/tests/test_py2.py": 'from celery import shared_task\n\nprint "hello"\n',
    "app/jinja.py": "{% for n in names %}\nimport {{ n }}\n{% endfor %}\n",
    "app/nul.py": b"x = 1\ny = '\x00'\n",
    "app/latin1_no_cookie.py": b'x = "caf\xe9"\n',
    "app/junk.py": bytes(range(256)) * 4,
    "app/deep.py": "x = " + "-" * 100_000 + "1\n",
    "app/indent.py": "".join(" " * i + "if x:\n" for i in range(120)) + " " * 120 + "pass\n",
}
FINE: dict[str, str | bytes] = {
    "app/__init__.py": "",
    "app/good.py": GOOD_TASK,
    "app/empty.py": b"",
    "app/cookie.py": b"# -*- coding: latin-1 -*-\n"
    + TASK_IN.format(name="app.caf\xe9").encode("latin-1"),
    "app/bom.py": b"\xef\xbb\xbf" + TASK_IN.format(name="app.bom").encode(),
    "app/crlf.py": TASK_IN.format(name="app.crlf").replace("\n", "\r\n"),
    "app/pep758.py": TASK_IN.format(name="app.pep758")
    + "\n\ntry:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
}
EXPECTED_FAILURES = [
    ("app/deep.py", "nesting too deep for the parser", 1, 1),
    ("app/huge.py", "file too large to analyse (20 MB)", 1, 1),
    ("app/indent.py", "syntax error: too many levels of indentation", 101, 1),
    ("app/jinja.py", "syntax error: invalid syntax", 1, 2),
    (
        "app/junk.py",
        "not valid utf-8 (byte 0x80) and no PEP 263 coding line names another",
        2,  # bytes 0-255 hold a newline at 10, so 0x80 sits on line 2, column 118
        118,
    ),
    (
        "app/latin1_no_cookie.py",
        "not valid utf-8 (byte 0xe9) and no PEP 263 coding line names another",
        1,
        9,
    ),
    ("app/nul.py", "null byte in the source (a binary file?)", 2, 6),
    (
        "app/py2.py",
        "syntax error: Missing parentheses in call to 'print'. Did you mean print(...)?",
        1,
        1,
    ),
    (
        "app/py2_tasks.py",
        "syntax error: Missing parentheses in call to 'print'. Did you mean print(...)?",
        3,
        1,
    ),
    (
        "app/tests/test_py2.py",
        "syntax error: Missing parentheses in call to 'print'. Did you mean print(...)?",
        3,
        1,
    ),
]
# Without --parse-all only the files taskaudit needs are parsed: those whose bytes
# hold a Celery spelling, outside test code. A file too large to read is reported
# either way, since nobody can tell what it holds.
NEEDED = ("app/huge.py", "app/py2_tasks.py")
TASKS = ["app.bom", "app.caf\u00e9", "app.crlf", "app.good.ping", "app.pep758"]


def hostile_tree(root: Path) -> Path:
    write_tree(root, {**BROKEN, **FINE})
    with (root / "app" / "huge.py").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: costs no disk, still 20 MB to stat
    app = root / "app"
    (app / "vanished.py").symlink_to(app / "never-there.py")
    (app / "loop_a.py").symlink_to(app / "loop_b.py")
    (app / "loop_b.py").symlink_to(app / "loop_a.py")
    (app / "escape.py").symlink_to("/etc/hostname")
    (app / "escape_dir").symlink_to("/etc")
    (app / "inside.py").symlink_to(app / "good.py")
    os.mkfifo(app / "fifo.py")
    return root


@pytest.mark.parametrize("parse_all", [True, False])
def test_every_broken_file_is_a_ta000_and_the_rest_is_read(tmp_path: Path, parse_all: bool) -> None:
    scanned = scan_tree(hostile_tree(tmp_path / "proj"), parse_all=parse_all)
    failures = [
        (f.path, f.failure.reason, f.failure.line, f.failure.column)
        for f in scanned.files
        if f.failure is not None
    ]
    assert failures == [f for f in EXPECTED_FAILURES if parse_all or f[0] in NEEDED]
    assert sorted({t.name for t in scanned.project.tasks}) == TASKS


def test_symlinks_out_of_the_root_broken_or_looping_and_fifos_are_not_read(
    tmp_path: Path,
) -> None:
    root = hostile_tree(tmp_path / "proj")
    paths = [s.path for s in discover(root)]
    assert [p for p in paths if p not in {*BROKEN, *FINE}] == ["app/huge.py", "app/inside.py"]


@pytest.mark.parametrize("flags", [("--parse-all",), ()], ids=["parse-all", "default"])
def test_the_cli_reports_them_as_ta000_findings_exit_1_and_nothing_else(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    root = hostile_tree(tmp_path / "proj")
    before = tree_listing(root)
    done = run("scan", ".", "--format", "json", "--select", "TA000", *flags, cwd=root)
    assert (done.returncode, done.stderr) == (1, "")
    assert findings(done.stdout) == [
        ("TA000", path, line, column, ta000(reason))
        for path, reason, line, column in EXPECTED_FAILURES
        if flags or path in NEEDED
    ]
    assert tree_listing(root) == before


def test_a_file_that_vanishes_between_discovery_and_reading(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"app/a.py": "x = 1\n", "app/b.py": GOOD_TASK})
    sources = discover(root)
    (root / "app" / "a.py").unlink()
    read = [read_file(root / s.path) for s in sources]
    assert read[0] == ParseFailure("unreadable: No such file or directory")
    assert isinstance(read[1], tuple) and read[1][1] == GOOD_TASK.encode()


def test_a_file_replaced_by_a_fifo_after_discovery_does_not_hang(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "x = 1\n"})
    script = (
        "import os, sys\nfrom pathlib import Path\n"
        "from taskaudit.discover import discover\nfrom taskaudit.jobs import read_file\n"
        "root = Path(sys.argv[1])\nsources = discover(root)\n"
        "os.unlink(root / 'a.py')\nos.mkfifo(root / 'a.py')\n"
        "print(read_file(root / sources[0].path).reason)\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading a FIFO blocked the scan")
    assert done.stdout == "not a regular file\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_an_unreadable_file_is_a_ta000(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"app/locked.py": "x = 1\n", "app/good.py": GOOD_TASK})
    (root / "app" / "locked.py").chmod(0)
    scanned = scan_tree(root)
    assert [(f.path, f.failure) for f in scanned.files] == [
        ("app/good.py", None),
        ("app/locked.py", ParseFailure("unreadable: Permission denied")),
    ]
