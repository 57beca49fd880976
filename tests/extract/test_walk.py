"""Walking one scope: which nested code ``own_nodes`` enters and which it only yields."""

from __future__ import annotations

import ast

from taskaudit.extract.walk import module_nodes, nodes_of, own_nodes

SOURCE = """\
def task(rows):
    first = rows[0]
    def closure():
        inner = 1
    callback = lambda: (lam := 2)
    ids = [row.id for row in rows if (seen := row)]
    class Meta:
        attr = 3
"""


def _bound(*, into_functions: bool, into_comprehensions: bool = True) -> list[str]:
    func = ast.parse(SOURCE).body[0]
    assert isinstance(func, ast.FunctionDef)
    nodes = own_nodes(
        func.body, into_functions=into_functions, into_comprehensions=into_comprehensions
    )
    return [
        node.id if isinstance(node, ast.Name) else type(node).__name__
        for node in nodes
        if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store))
        or isinstance(node, ast.FunctionDef | ast.Lambda | ast.ListComp | ast.ClassDef)
    ]


def test_closures_and_comprehensions_are_entered_when_asked() -> None:
    assert _bound(into_functions=True) == [
        "first",
        "FunctionDef",
        "inner",
        "callback",
        "Lambda",
        "lam",
        "ids",
        "ListComp",
        "row",
        "seen",
        "ClassDef",
    ]


def test_a_scope_alone_yields_nested_code_without_entering_it() -> None:
    assert _bound(into_functions=False, into_comprehensions=False) == [
        "first",
        "FunctionDef",
        "callback",
        "Lambda",
        "ids",
        "ListComp",
        "ClassDef",
    ]


def test_a_class_body_is_never_entered() -> None:
    assert "attr" not in _bound(into_functions=True)
    assert "attr" not in _bound(into_functions=False, into_comprehensions=False)


def test_nodes_of_a_kind_come_in_module_order_and_follow_the_tree() -> None:
    text = "import os\nx = f(a.b)\ndef g():\n    return h(c.d, [i() for i in y])\n"
    tree = ast.parse(text)
    every = module_nodes(tree)
    for kind in (ast.Call, ast.Attribute, ast.Name, ast.Import, ast.comprehension):
        assert nodes_of(tree, kind) == [n for n in every if isinstance(n, kind)]
    assert [ast.unparse(c) for c in nodes_of(tree, ast.Call)] == [
        "f(a.b)",
        "h(c.d, [i() for i in y])",
        "i()",
    ]
    # A kind the module lacks, and another tree: never the previous tree's nodes.
    assert nodes_of(tree, ast.ClassDef) == []
    other = ast.parse("z = 1\n")
    assert nodes_of(other, ast.Call) == []
    assert [n.id for n in nodes_of(other, ast.Name)] == ["z"]
