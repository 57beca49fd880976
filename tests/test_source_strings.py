"""Files written for Python 3.12-3.14 read on this Python (3.11 in CI): exact facts survive.

Each construct is checked through the scan (task names, dispatch sites and
handler lines), so that a rewrite that moved a line or a column, or turned a
computed string into a literal, shows up as a wrong fact.
"""

from __future__ import annotations

import ast
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskaudit.core.values import Unknown
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.link.model import Project
from taskaudit.pipeline import scan_sources
from taskaudit.source import ParseFailure, parse
from taskaudit.source_strings import rewrite_strings

OLD = sys.version_info < (3, 12)
PEP_701 = """\
from celery import shared_task

PREFIX = "kb"
LABELS = {"kind": "sync"}


@shared_task(name=f"{PREFIX}.pull")
def pull(report):
    title = f"report {report["title"]} for {LABELS['kind']}"
    path = f"{"/".join(report["parts"])}"
    note = f"{
        report["owner"]  # who asked
    } done"
    nested = f"{f"{f"{report["id"]}"}"}"
    escaped = f"{'\\n'.join(report['lines'])}"; push.delay(title)
    try:
        send(title, path, note, nested, escaped)
    except KeyError:
        pass


@shared_task(name=f"{LABELS["kind"]}.push")
def push(title):
    push.delay(title)
"""


def _project(files: dict[str, str]) -> Project:
    return scan_sources(files)[1]


def test_pep_701_f_strings_read_with_every_fact_in_place() -> None:
    project = _project({"kb/tasks.py": PEP_701})
    assert project.failures == ()
    assert [(t.name, t.name_known, t.location.line) for t in project.tasks] == [
        ("kb.pull", True, 8),  # an f-string 3.11 reads is evaluated as before
        # Rewritten on 3.11 it is computed, never a literal; 3.12 reads it natively.
        ("?kb.tasks.push", False, 23) if OLD else ("sync.push", True, 23),
    ]
    sites = [(s.location.line, s.location.column, s.method) for s, _ in project.dispatch]
    assert sites == [(15, 48, "delay"), (24, 5, "delay")]
    [pull, _] = project.tasks
    assert pull.body is not None
    assert [h.location.line for h in pull.body.handlers] == [18]


PEP_750 = """\
from celery import shared_task


@shared_task(name=t"kb.render")
def render(user):
    page = t"<p>{user.name}</p>"
    tr"\\d+ {user.id}"; render.delay(user)
"""


def test_pep_750_t_strings_are_computed_values_never_strings() -> None:
    project = _project({"kb/tasks.py": PEP_750})
    assert project.failures == ()
    assert [(t.name, t.name_known) for t in project.tasks] == [("?kb.tasks.render", False)]
    assert [(s.location.line, s.location.column) for s, _ in project.dispatch] == [(7, 24)]


def test_a_rewritten_string_reads_as_unknown_and_keeps_its_width() -> None:
    source = 'X = f"{d["k"]}" + Y\n'
    rewritten = rewrite_strings(source)
    assert rewritten is not None
    assert len(rewritten) == len(source)
    assert rewritten.index("+ Y") == source.index("+ Y")
    value = ast.parse(rewritten).body[0]
    assert isinstance(value, ast.Assign)
    assert isinstance(static_value(value.value, Scope("kb")), Unknown)


def test_a_multi_line_f_string_keeps_the_lines_and_the_last_columns() -> None:
    source = 'call(f"{\n  a["x"]\n}", b)\n'
    rewritten = rewrite_strings(source)
    assert rewritten is not None
    assert rewritten.count("\n") == source.count("\n")
    assert rewritten.splitlines()[2].index(", b)") == source.splitlines()[2].index(", b)")
    tree = parse(source)
    assert isinstance(tree, ast.Module)
    [stmt] = tree.body
    assert isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
    assert (stmt.value.args[1].lineno, stmt.value.args[1].col_offset) == (3, 4)


def test_pep_758_and_pep_701_in_one_file() -> None:
    source = (
        "def run(d):\n"
        "    try:\n"
        '        log(f"{d["k"]}")\n'
        "    except KeyError, ValueError:\n"
        "        raise\n"
    )
    tree = parse(source)
    assert isinstance(tree, ast.Module)
    [handler] = [n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]
    assert handler.lineno == 4
    assert isinstance(handler.type, ast.Tuple)


@pytest.mark.parametrize(
    "source",
    [
        'X = f"{a}" + "b"\n',  # nothing newer: no rewrite
        'X = "{d["k"]}"\n',  # not an f-string: a plain string 3.14 rejects too
        'X = rb\'\\d\' + br"x"  # f"{d["k"]}" in a comment\n',
    ],
)
def test_near_misses_are_not_rewritten(source: str) -> None:
    assert rewrite_strings(source) is None


def test_ordinary_f_strings_beside_a_newer_one_keep_their_value() -> None:
    source = 'P = "kb"\nA = f"{P}.pull"\nB = f"{d["k"]}"\n'
    rewritten = rewrite_strings(source)
    assert rewritten is not None
    assert rewritten.splitlines()[:2] == source.splitlines()[:2]


def test_a_broken_file_is_still_a_failure_with_the_original_error() -> None:
    source = 'x = f"{d["k"]}"\ndef broken(:\n    pass\n'
    failure = parse(source)
    assert isinstance(failure, ParseFailure)
    assert (failure.reason, failure.line) == ("syntax error: f-string: unmatched '['", 1)
    assert isinstance(parse('x = f"{d["k"]\n'), ParseFailure)  # unterminated: not rescued


def test_concatenated_t_strings_become_one_computed_value() -> None:
    for source in ('X = t"{a}" t"b"\n', 'X = (t"a"\n     t"b")\n', 'X = t""\n'):
        tree = parse(source)
        assert isinstance(tree, ast.Module), source
        [stmt] = tree.body
        assert isinstance(stmt, ast.Assign)
        assert isinstance(static_value(stmt.value, Scope("kb")), Unknown), source


def test_pep_696_type_parameter_defaults_and_except_star_lists() -> None:
    source = (
        "class Box[T = int]:\n"
        "    def get[U = str](self) -> U: ...\n"
        "def run():\n"
        "    try:\n"
        "        pass\n"
        "    except* KeyError, ValueError:\n"
        "        pass\n"
    )
    tree = parse(source)
    assert isinstance(tree, ast.Module)
    assert [n.lineno for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)] == [6]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ftrbTR'\"{}[]()\\#:!=\n x_.", max_size=60))
def test_any_text_is_rewritten_on_the_same_lines_or_left_alone(text: str) -> None:
    rewritten = rewrite_strings(text)
    if rewritten is not None:
        assert rewritten.count("\n") == text.count("\n")
