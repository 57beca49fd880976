"""Celery's spellings have one home: no other module keeps its own copy of a list."""

from __future__ import annotations

import ast
from pathlib import Path

from taskaudit.celery import spellings

SOURCE = Path(spellings.__file__).parents[1]


def _strings(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def test_no_module_but_spellings_writes_a_celery_spelling() -> None:
    written = (
        spellings.APP_NAMES - {"app", "celery"}  # also words for other things
        | spellings.CELERY_CLASSES
        | spellings.SHARED_TASK
        | spellings.LEGACY_TASK
        | spellings.TASK_BASES
        | {spellings.CURRENT_APP, "celery.Signature", "celery.canvas.Signature"}
    )
    found = [
        (path.relative_to(SOURCE).as_posix(), sorted(written & _strings(path)))
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "spellings.py" and written & _strings(path)
    ]
    assert found == []


def test_the_app_names_are_the_union_every_reader_once_kept() -> None:
    assert {"app", "celery", "celery_app", "capp", "current_app"} == spellings.APP_NAMES
