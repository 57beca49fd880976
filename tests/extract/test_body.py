from __future__ import annotations

import ast
import textwrap

import pytest

from taskaudit.core.location import Location
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body import BodyFacts, CallSite, analyze_body

HEADER = """\
import httpx
import requests
from apps.billing.models import Invoice
from apps.sync import services
"""
FIRST = HEADER.count("\n") + 1  # the first line after the header


def analyze(source: str) -> BodyFacts:
    tree = ast.parse(HEADER + textwrap.dedent(source))
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
    scope = build_scope(tree, "apps.sync.tasks", False)
    return analyze_body(func, scope, "apps/sync/tasks.py", self_name="self")


def counted(body: str) -> int:
    return analyze(
        "def pull(self, pk):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    ).statements


def test_empty_body_facts() -> None:
    assert analyze("def pull(self):\n    '''Nothing yet.'''\n    pass\n") == BodyFacts(
        handlers=(),
        retry_calls=(),
        calls=(),
        side_effects=(),
        guards=(),
        statements=1,
        first_line=FIRST,
        last_line=FIRST + 2,
    )


def test_statement_count_on_a_small_task() -> None:
    body = """\
    '''The docstring is not a statement of the task.'''
    x = 1
    if x:
        y = 2
    else:
        y = 3
    for item in y:
        try:
            pass
        except ValueError:
            continue
        finally:
            z = 1
    def helper():
        a = 1
        b = 2
    class Local:
        c = 1
    with open(path) as fh:
        return fh.read()
    """
    # x, if, y, y, for, try, pass, continue, z, def (1), class (1), with, return
    assert counted(body) == 13


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("pass", 1),
        ("'''Only a docstring.'''", 0),
        ("'''Doc.'''\n'''A second string is a statement.'''", 1),
        ("match pk:\n    case 1:\n        a = 1\n    case _:\n        pass", 3),
        ("async def inner():\n    await a()\n    await b()", 1),
        ("lambda_ = lambda: [x for x in range(3)]", 1),
        ("while True:\n    break\nelse:\n    pass", 3),
    ],
)
def test_statement_counts(body: str, expected: int) -> None:
    assert counted(body) == expected


def test_first_and_last_line_span_the_function_including_decorators_body() -> None:
    source = """\
    @shared_task(bind=True)
    def pull(self, pk):
        sync(pk)

        # idempotent: a rerun overwrites the same row
        return pk
    """
    facts = analyze(source)
    assert (facts.first_line, facts.last_line) == (FIRST + 1, FIRST + 5)


def test_calls_are_named_and_in_source_order() -> None:
    source = """\
    def pull(self, pk):
        client = httpx.Client()
        invoice = Invoice.objects.filter(pk=pk).first()
        client.post(services.url(invoice))
        self.client.put(pk)
        stored[pk].save()
        (lambda: requests.get(pk))()
    """
    assert [
        (c.location.line - FIRST, c.location.column, c.name) for c in analyze(source).calls
    ] == [
        (1, 14, "httpx.Client"),
        (2, 15, "apps.billing.models.Invoice.objects.filter().first"),
        (2, 15, "apps.billing.models.Invoice.objects.filter"),
        (3, 5, "httpx.Client.post"),
        (3, 17, "apps.sync.services.url"),
        (4, 5, "self.client.put"),
        (5, 5, "stored[].save"),
        (6, 5, "?"),
        (6, 14, "requests.get"),
    ]


def test_call_site_fields() -> None:
    facts = analyze("def pull(self, pk):\n    services.sync(pk)\n")
    assert facts.calls == (
        CallSite(Location("apps/sync/tasks.py", FIRST + 1, 5), "apps.sync.services.sync"),
    )


@pytest.mark.parametrize(
    ("body", "name"),
    [
        # Rebound to different things: no single type, so the name stays as written.
        ("c = httpx.Client()\nc = other()\nc.post(pk)", "c.post"),
        # A parameter is the caller's object, whatever the module imports.
        ("Invoice.objects.create(pk=pk)", "apps.billing.models.Invoice.objects.create"),
        ("requests = session_for(pk)\nrequests.post(pk)", "requests.post"),
        ("build = httpx.Client\nbuild().post(pk)", "build().post"),
        ("(c := httpx.Client()).close()\nc.post(pk)", "httpx.Client.post"),
    ],
)
def test_callee_naming_for_local_bindings(body: str, name: str) -> None:
    source = "def pull(self, pk):\n" + textwrap.indent(body, "    ") + "\n"
    method = name.rpartition(".")[2]
    assert [c.name for c in analyze(source).calls if c.name.endswith(method)] == [name]


def test_async_task_body() -> None:
    source = """\
    async def pull(self, pk):
        async with httpx.AsyncClient() as client:
            await client.post(pk)
    """
    facts = analyze(source)
    assert ([c.name for c in facts.calls], facts.statements) == (
        ["httpx.AsyncClient", "httpx.AsyncClient.post"],
        2,
    )


def test_nested_class_code_is_not_the_tasks() -> None:
    source = """\
    def pull(self, pk):
        class Payload:
            def send(self):
                requests.post(pk)
        return Payload
    """
    facts = analyze(source)
    assert (facts.calls, facts.side_effects, facts.statements) == ((), (), 2)
