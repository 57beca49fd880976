from __future__ import annotations

from typing import Any

from rules.fixtures import SCHEMA
from taskaudit.core.location import Location
from taskaudit.rules import UNDECIDABLE, FieldSpec, Subject, subject_problems
from taskaudit.rules.subjects import rule_fields, schema_problems

WHERE = Location("app/tasks.py", 3, 1)


def test_a_subject_that_fits_the_schema_has_no_problems() -> None:
    fields: dict[str, Any] = {
        "name": "a",
        "queues": ("q",),
        "time_limit": 30,
        "retry.backoff": UNDECIDABLE,
    }
    assert subject_problems(SCHEMA, Subject("task", WHERE, "a", fields)) == []
    assert subject_problems(SCHEMA, Subject("task", WHERE, "a", {"name": None})) == []


def test_subject_problems_name_each_misfit() -> None:
    # Deliberately mistyped: what a buggy link layer could build.
    fields: dict[str, Any] = {"name": 3, "queues": ["q"], "body.statements": True, "nme": "a"}
    assert subject_problems(SCHEMA, Subject("task", WHERE, "a", fields)) == [
        "task.body.statements: True is not int",
        "task.name: 3 is not str",
        "task: unknown field 'nme'",
        "task.queues: ['q'] is not list[str]",
    ]
    assert subject_problems(SCHEMA, Subject("tasks", WHERE, "a", {})) == [
        "unknown subject kind 'tasks'"
    ]


def test_schema_problems_reserved_names_and_types() -> None:
    schema = {
        "task": {
            "item": FieldSpec("str", ""),
            "params.x": FieldSpec("int", ""),
            "ok": FieldSpec("list", ""),
        }
    }
    assert schema_problems(schema) == [
        "task.item: reserved field name",
        "task.ok: unknown field type 'list'",
        "task.params.x: reserved field name",
    ]


def test_item_joins_the_fields_of_a_rule_with_each() -> None:
    assert rule_fields(SCHEMA["project"], None) is SCHEMA["project"]
    assert sorted(rule_fields(SCHEMA["project"], "missing_targets")) == [
        "beat_lock",
        "item",
        "missing_targets",
    ]
