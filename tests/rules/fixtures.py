"""A small hand-built subject schema and rule texts shared by the rule-engine tests."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.rules import (
    Catalog,
    FieldSpec,
    FieldValue,
    RuleFileErrors,
    Subject,
    SubjectSchema,
    load_rules,
)

SCHEMA: SubjectSchema = {
    "task": {
        "name": FieldSpec("str", "the registered task name"),
        "style": FieldSpec("str", "shared_task or app.task"),
        "retry.declared": FieldSpec("bool", "any retry policy is declared"),
        "retry.backoff": FieldSpec("bool", "retry_backoff is true"),
        "body.statements": FieldSpec("int", "statements in the task body"),
        "time_limit": FieldSpec("float", "hard time limit in seconds"),
        "queues": FieldSpec("list[str]", "queues the task may land on"),
    },
    "project": {
        "missing_targets": FieldSpec("list[str]", "expected Make targets that are absent"),
        "beat_lock": FieldSpec("bool", "a beat lock is configured"),
    },
    "beat_entry": {
        "key": FieldSpec("str", "the beat_schedule key"),
    },
}

# Nine lines; a test's own keys start on line 10, column 5.
HEAD = """\
version: 1
rules:
  - id: TA302
    slug: retry-without-backoff
    severity: warning
    section: retries
    subject: task
    message: "{name} retries without backoff"
    docs: {what: Retries without backoff., why: It hammers the broker., fix: Add backoff.}
"""


def load(*texts: str, require_examples: bool = False) -> Catalog:
    """Rule texts named ``r0.yaml``, ``r1.yaml``… layered in order."""
    sources = [(f"r{index}.yaml", text) for index, text in enumerate(texts)]
    return load_rules(sources, SCHEMA, require_examples=require_examples)


def errors(*texts: str, require_examples: bool = False) -> list[str]:
    """Every problem loading ``texts`` reports, as printed: ``path:line:col: message``."""
    try:
        load(*texts, require_examples=require_examples)
    except RuleFileErrors as raised:
        return str(raised).splitlines()
    raise AssertionError("the rules loaded without a problem")


def task(line: int, identity: str, **fields: FieldValue) -> Subject:
    """A task subject at ``app/tasks.py:line``; keyword ``a__b`` is field ``a.b``."""
    dotted = {key.replace("__", "."): value for key, value in fields.items()}
    return Subject("task", Location("app/tasks.py", line, 1), identity, dotted)
