"""Duplicate task names (TA103): declarations that can never both register are not duplicates."""

from __future__ import annotations

from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.rules import FieldValue


def _duplicates(source: str) -> list[tuple[int, FieldValue]]:
    _, project = scan_sources({"app/tasks.py": source})
    return [
        (s.location.line, s.fields["name.duplicates"])
        for s in build_subjects(project)
        if s.kind == "task"
    ]


EXCLUSIVE = """\
from celery import shared_task

if FAST:
    @shared_task(name="app.tasks.render")
    def render():
        return 1
elif MEDIUM:
    @shared_task(name="app.tasks.render")
    def render():
        return 2
else:
    @shared_task(name="app.tasks.render")
    def render():
        return 3

try:
    import pdfkit
except ImportError:
    @shared_task(name="app.tasks.receipt")
    def receipt():
        return 1
else:
    @shared_task(name="app.tasks.receipt")
    def receipt():
        return 2
"""


def test_declarations_in_exclusive_arms_are_not_duplicates() -> None:
    assert _duplicates(EXCLUSIVE) == [(5, ()), (9, ()), (13, ()), (20, ()), (24, ())]


BOTH_RUN = """\
from celery import shared_task

if FAST:
    @shared_task(name="app.tasks.render")
    def render():
        return 1

@shared_task(name="app.tasks.render")
def render_again():
    return 2

if FAST:
    @shared_task(name="app.tasks.ship")
    def ship():
        return 1

if FAST:
    @shared_task(name="app.tasks.ship")
    def ship_again():
        return 2

try:
    @shared_task(name="app.tasks.pack")
    def pack():
        return 1
finally:
    @shared_task(name="app.tasks.pack")
    def pack_again():
        return 2
"""


def test_declarations_that_can_both_run_are_duplicates() -> None:
    # Two separate `if` statements with the same test can both be true; `finally` always runs.
    assert _duplicates(BOTH_RUN) == [
        (5, ("app/tasks.py:9",)),
        (9, ("app/tasks.py:5",)),
        (14, ("app/tasks.py:19",)),
        (19, ("app/tasks.py:14",)),
        (24, ("app/tasks.py:28",)),
        (28, ("app/tasks.py:24",)),
    ]


def test_the_same_arms_in_two_modules_do_not_hide_a_duplicate() -> None:
    branchy = "from celery import shared_task\n\nif A:\n    pass\nelse:\n" + (
        '    @shared_task(name="app.tasks.x")\n    def x():\n        return 1\n'
    )
    other = (
        "from celery import shared_task\n\nif A:\n"
        '    @shared_task(name="app.tasks.x")\n    def x():\n        return 1\n'
    )
    _, project = scan_sources({"app/a.py": branchy, "app/b.py": other})
    found = [
        (s.location.path, s.fields["name.duplicates"])
        for s in build_subjects(project)
        if s.kind == "task"
    ]
    assert found == [("app/a.py", ("app/b.py:5",)), ("app/b.py", ("app/a.py:7",))]
