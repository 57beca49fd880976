"""Handlers that fall through to code reading a name only the `try` bound."""

from __future__ import annotations

import ast
import textwrap

import pytest

from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body import analyze_body

HEADER = "from apps.files.models import Folder\n"


def unbound(body: str) -> list[tuple[str, ...]]:
    """Per handler, in order: the names it leaves unbound for the code after its try."""
    source = HEADER + "def purge(self, pk):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    tree = ast.parse(source)
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef)
    scope = build_scope(tree, "apps.files.tasks", False)
    facts = analyze_body(func, scope, "apps/files/tasks.py", self_name="self")
    return [h.falls_through_unbound for h in facts.handlers]


def test_pass_then_a_use_of_the_row_leaves_it_unbound() -> None:
    body = """\
    try:
        folder = Folder.objects.get(pk=pk)
    except Folder.DoesNotExist:
        pass
    folder.delete()
    """
    assert unbound(body) == [("folder",)]


def test_the_use_may_sit_after_an_enclosing_block() -> None:
    body = """\
    with lock():
        try:
            folder, owner = Folder.objects.get(pk=pk), None
        except Folder.DoesNotExist:
            ...
    notify(owner, folder.name)
    """
    assert unbound(body) == [("folder", "owner")]


def test_an_augmented_assignment_reads_first() -> None:
    body = """\
    try:
        count = Folder.objects.count()
    except Folder.DoesNotExist:
        pass
    count += 1
    """
    assert unbound(body) == [("count",)]


@pytest.mark.parametrize(
    "body",
    [
        # the handler leaves the task
        "try:\n    f = Folder.objects.get(pk=pk)\nexcept Folder.DoesNotExist:\n    return\n"
        "f.delete()\n",
        # bound before the try
        "f = None\ntry:\n    f = Folder.objects.get(pk=pk)\nexcept Folder.DoesNotExist:\n"
        "    pass\nif f:\n    f.delete()\n",
        # bound by the handler itself
        "try:\n    f = Folder.objects.get(pk=pk)\nexcept Folder.DoesNotExist:\n    f = None\n"
        "print(f)\n",
        # used only in the else: arm, which runs when nothing was raised
        "try:\n    f = Folder.objects.get(pk=pk)\nexcept Folder.DoesNotExist:\n    pass\n"
        "else:\n    f.delete()\n",
        # rebound before it is read
        "try:\n    f = Folder.objects.get(pk=pk)\nexcept Folder.DoesNotExist:\n    pass\n"
        "f = Folder.objects.first()\nf.delete()\n",
        # a parameter of the task
        "try:\n    pk = int(pk)\nexcept ValueError:\n    pass\n"
        "Folder.objects.filter(pk=pk).delete()\n",
        # a loop body: an earlier iteration may have bound it, and `continue` leaves anyway
        "for p in [pk]:\n    try:\n        f = Folder.objects.get(pk=p)\n"
        "    except Folder.DoesNotExist:\n        continue\n    f.delete()\nprint(f)\n",
        # read only inside a nested function, which may run later or never
        "try:\n    f = Folder.objects.get(pk=pk)\nexcept Folder.DoesNotExist:\n    pass\n"
        "def later():\n    return f\n",
    ],
)
def test_near_misses(body: str) -> None:
    assert unbound(body) == [()]


def test_the_rest_of_a_loop_body_counts_but_not_after_the_loop() -> None:
    body = """\
    for p in pk:
        try:
            f = Folder.objects.get(pk=p)
        except Folder.DoesNotExist:
            pass
        f.touch()
    f.delete()
    """
    assert unbound(body) == [("f",)]
    after_loop_only = body.replace("        f.touch()\n", "")
    assert unbound(after_loop_only) == [()]
