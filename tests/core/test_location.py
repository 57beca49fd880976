"""Locations of syntax-tree nodes: 1-based columns, the path as given."""

from __future__ import annotations

import ast

from taskaudit.core.location import Location, location_of


def test_a_node_location_counts_columns_from_one() -> None:
    tree = ast.parse("x = 1\nif x:\n    app.send_task('a', kwargs={'k': 1})\n")
    call = tree.body[1].body[0].value  # type: ignore[attr-defined]
    keyword = call.keywords[0]
    assert location_of(tree.body[0], "a/b.py") == Location("a/b.py", 1, 1)
    assert location_of(call, "a/b.py") == Location("a/b.py", 3, 5)
    assert location_of(keyword, "a/b.py") == Location("a/b.py", 3, 24)


def test_an_except_clause_and_an_argument_have_locations_too() -> None:
    tree = ast.parse(
        "def f(a, *, key):\n    try:\n        pass\n    except OSError:\n        pass\n"
    )
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    handler = func.body[0].handlers[0]  # type: ignore[attr-defined]
    assert location_of(func.args.kwonlyargs[0], "m.py") == Location("m.py", 1, 13)
    assert location_of(handler, "m.py") == Location("m.py", 4, 5)
