"""Building a module's scope: its imports, definitions and constants, bound in order."""

from __future__ import annotations

import ast
import textwrap

from taskaudit.core.values import Dict, Unknown
from taskaudit.extract.bindings import build_scope, module_assignments


def test_build_scope_definitions_and_constants() -> None:
    source = (
        "import os\nfrom celery import shared_task as st\ndef view():\n"
        "    from celery import current_app\nclass Config: ...\n"
        'QUEUE = "light"\nROUTE = {"queue": QUEUE}\nif DEBUG:\n    EAGER = True\n'
    )
    scope = build_scope(ast.parse(source), "proj.tasks", False)
    assert (scope.module, scope.is_package, sorted(scope.definitions), dict(scope.constants)) == (
        "proj.tasks",
        False,
        ["Config", "EAGER", "QUEUE", "ROUTE", "view"],
        {
            "QUEUE": "light",
            # A later binding sees the constants bound above it.
            "ROUTE": Dict((("queue", "light"),)),
            "EAGER": Unknown("assigned conditionally"),
        },
    )
    # Imports at any depth: `current_app` is imported inside `view`.
    assert dict(scope.imports) == {
        "os": "os",
        "st": "celery.shared_task",
        "current_app": "celery.current_app",
    }


def test_module_assignments_flag_bindings_that_may_not_run() -> None:
    source = textwrap.dedent(
        """
        A = 1
        B: int = 2
        C: int
        C += 1
        x, y = 1, 2
        obj.attr = 3
        if DEBUG:
            D = 4
        else:
            E = 5
        try:
            F = 6
        except ImportError:
            G = 7
        finally:
            H = 8
        with open("f") as fh:
            I = 9
        for _ in range(2):
            J = 10
        def f():
            K = 11
        class L:
            M = 12
        """
    )
    tree = ast.parse(source)
    found = [(name, ast.unparse(node), cond) for name, node, cond in module_assignments(tree)]
    assert found == [
        ("A", "1", False),
        ("B", "2", False),
        ("C", "C + 1", False),
        ("D", "4", True),
        ("E", "5", True),
        ("F", "6", True),
        ("G", "7", True),
        ("H", "8", False),
        ("I", "9", False),
        ("J", "10", True),
    ]
