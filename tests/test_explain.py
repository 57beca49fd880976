"""``taskaudit explain``: the conditions and facts behind a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskaudit.config import Config
from taskaudit.explain import Target, explain, parse_target
from taskaudit.scan import ScanOptions, run_scan

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "clinic"


def test_a_swallowed_exception_is_explained_by_its_handler_facts() -> None:
    audit = run_scan(EXAMPLE, ScanOptions(Config(select=("TA401",))))
    found = [r.finding for r in audit.result.open if r.finding.location.line == 127]
    assert explain(found, audit.subjects, audit.result.catalog) == (
        "apps/sync/tasks.py:127:9  TA401 exception-swallowed [error]\n"
        f"  {found[0].message}\n"
        "  subject: handler handler:apps.sync.tasks.sync_doctolib_cancellations:Exception\n"
        "  in scope when: ((silences eq true and cleanup eq false) and (not "
        "(caught glob ['*DoesNotExist']) or falls_through_unbound is_empty false))\n"
        "  facts:\n"
        "    silences = true\n"
        "    cleanup = false\n"
        "    caught = ['Exception']\n"
        "    falls_through_unbound = []\n"
        "  params: absent_rows=['*DoesNotExist']\n"
        "  docs: taskaudit rules show TA401\n"
    )


def test_a_missing_make_target_is_explained_through_its_item() -> None:
    audit = run_scan(EXAMPLE, ScanOptions(Config(select=("TA1001",))))
    text = explain([r.finding for r in audit.result.open], audit.subjects, audit.result.catalog)
    assert text.startswith("Makefile:1:1  TA1001 make-target-missing [info]\n")
    assert "  subject: project project\n  one finding per element of: param expected\n" in text
    assert "  finding unless: item in_field make.provides\n" in text
    assert "  in scope when: (make.found eq true and item in_field make.expected)\n" in text
    assert (
        "    item = 'celery-heavy-logs'\n    make.found = true\n"
        "    make.expected = ['celery-logs', 'beat-logs', 'celery-heavy-logs', 'celery-restart']\n"
        "    make.provides = ["
    ) in text


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("apps/tasks.py", Target("apps/tasks.py")),
        ("apps/tasks.py:127", Target("apps/tasks.py", 127)),
        ("apps/tasks.py:127:9", Target("apps/tasks.py", 127, 9)),
        ("apps/tasks.py:127:9:", Target("apps/tasks.py", 127, 9)),  # copied with ruff's colon
        ("odd:name.py:3", Target("odd:name.py", 3)),
        ("apps/tasks.py:x", Target("apps/tasks.py:x")),  # no line: a path, found or not
    ],
)
def test_places_are_read_as_the_terminal_prints_them(text: str, target: Target) -> None:
    assert parse_target(text) == target


@pytest.mark.parametrize("text", ["apps/tasks.py:0", "apps/tasks.py:3:0"])
def test_lines_and_columns_count_from_one(text: str) -> None:
    assert parse_target(text) is None
