"""Inserts written to be idempotent: covered where they are written, not task-wide."""

from __future__ import annotations

import ast
import textwrap

import pytest

from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body import BodyFacts, analyze_body

HEADER = """\
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from stats.models import Snapshot, Visit
"""
DEF = HEADER.count("\n") + 1


def body(text: str) -> BodyFacts:
    source = HEADER + "def collect(pk, rows):\n" + textwrap.indent(textwrap.dedent(text), "    ")
    tree = ast.parse(source)
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef)
    return analyze_body(
        func, build_scope(tree, "stats.tasks", False), "stats/tasks.py", self_name=None
    )


def effects(text: str) -> list[tuple[int, str]]:
    return [(s.location.line - DEF, s.call) for s in body(text).side_effects]


def covering(text: str) -> list[tuple[str, str, int | None]]:
    return [
        (g.kind, g.detail, g.covers.line - DEF if g.covers else None)
        for g in body(text).guards
        if g.covers is not None
    ]


SNAPSHOT_CREATE = "stats.models.Snapshot.objects.create"


def test_bulk_create_that_skips_or_updates_conflicts_is_no_side_effect() -> None:
    text = """\
    Snapshot.objects.bulk_create(rows, ignore_conflicts=True)
    Snapshot.objects.bulk_create(rows, update_conflicts=True, unique_fields=["day"])
    """
    assert effects(text) == []
    bulk = "stats.models.Snapshot.objects.bulk_create"
    assert covering(text) == [("ignore-conflicts", bulk, 1), ("ignore-conflicts", bulk, 2)]


@pytest.mark.parametrize(
    "text",
    [
        "if not Snapshot.objects.filter(day=pk).exists():\n    Snapshot.objects.create(day=pk)\n",
        "if Snapshot.objects.filter(day=pk).exists():\n    pass\nelse:\n"
        "    Snapshot.objects.create(day=pk)\n",
        "row = Snapshot.objects.filter(day=pk).first()\nif row is None:\n"
        "    row = Snapshot.objects.create(day=pk)\n",
        "row = Snapshot.objects.filter(day=pk).first()\nif not row:\n"
        "    Snapshot.objects.create(day=pk)\n",
        "try:\n    Snapshot.objects.get(day=pk)\nexcept Snapshot.DoesNotExist:\n"
        "    Snapshot.objects.create(day=pk)\n",
        "try:\n    Snapshot.objects.get(day=pk)\nexcept ObjectDoesNotExist:\n"
        "    Snapshot.objects.create(day=pk)\n",
    ],
)
def test_a_create_that_runs_only_when_the_same_model_has_no_row(text: str) -> None:
    assert effects(text) == []
    [(kind, model, _)] = covering(text)
    assert (kind.endswith("-then-create"), model) == (True, "stats.models.Snapshot")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # a check on another model guards nothing
        ("if not Visit.objects.filter(day=pk).exists():\n    Snapshot.objects.create(day=pk)\n", 2),
        # the create runs when the row is there
        ("if Snapshot.objects.filter(day=pk).exists():\n    Snapshot.objects.create(day=pk)\n", 2),
        (
            "row = Snapshot.objects.filter(day=pk).first()\nif row is not None:\n"
            "    Snapshot.objects.create(day=pk)\n",
            3,
        ),
        # the create follows the check instead of sitting under it
        (
            "if not Snapshot.objects.filter(day=pk).exists():\n    pass\n"
            "Snapshot.objects.create(day=pk)\n",
            3,
        ),
        # the get is on another model than the create
        (
            "try:\n    Visit.objects.get(pk=pk)\nexcept Visit.DoesNotExist:\n"
            "    Snapshot.objects.create(day=pk)\n",
            4,
        ),
        ("Snapshot.objects.bulk_create(rows, ignore_conflicts=False)\n", 1),
        ("Snapshot.objects.bulk_create(rows, ignore_conflicts=SKIP)\n", 1),
    ],
)
def test_near_misses_stay_side_effects(text: str, line: int) -> None:
    [(found_line, call)] = effects(text)
    assert found_line == line and call.startswith("stats.models.Snapshot.objects.")
    assert covering(text) == []


def test_a_covered_insert_leaves_the_other_side_effects_alone() -> None:
    text = """\
    Snapshot.objects.bulk_create(rows, ignore_conflicts=True)
    send_mail("done", "rows stored", None, ["ops@example.org"])
    """
    assert effects(text) == [(2, "django.core.mail.send_mail")]
    assert [g.kind for g in body(text).guards] == ["ignore-conflicts"]
