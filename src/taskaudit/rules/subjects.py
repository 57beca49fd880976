"""Subjects: the flat records that rules read, and the schema describing them.

The link layer turns a scanned project (task declarations, ``except``
handlers, beat entries, ``task_routes`` entries, worker commands, Makefile
targets, effective settings) into subjects. A rule names one subject kind and
reads its fields by dotted key, so the rule language never depends on how a
fact was extracted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from taskaudit.core.location import Location

FIELD_TYPES = ("str", "int", "float", "bool", "list[str]")
# Condition combinators share the key space of field names in a condition
# mapping, and ``item`` is the element a rule with ``each:`` is looking at.
ITEM = "item"
RESERVED_FIELD_NAMES = frozenset({"all", "any", "not", ITEM})
ITEM_SPEC_DOC = "the element of the rule's `each:` list being checked"


@dataclass(frozen=True, slots=True)
class Undecidable:
    """A fact that exists but whose value is only known at run time."""

    reason: str = "value only known at run time"

    def __str__(self) -> str:
        return "?"


UNDECIDABLE = Undecidable()

FieldValue: TypeAlias = str | int | float | bool | tuple[str, ...] | Undecidable | None


@dataclass(frozen=True, slots=True)
class Subject:
    """One thing a rule can flag; a missing field reads as ``None``."""

    kind: str
    location: Location
    identity: str
    fields: Mapping[str, FieldValue]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    type: str
    doc: str


SubjectSchema: TypeAlias = Mapping[str, Mapping[str, FieldSpec]]


def rule_fields(fields: Mapping[str, FieldSpec], each: str | None) -> Mapping[str, FieldSpec]:
    """The fields a rule may read: its subject's, plus ``item`` when it has ``each:``."""
    if each is None:
        return fields
    return {**fields, ITEM: FieldSpec("str", ITEM_SPEC_DOC)}


def schema_problems(schema: SubjectSchema) -> list[str]:
    """What is wrong with a schema itself (a programming error, not a user's)."""
    problems = []
    for kind in sorted(schema):
        for name in sorted(schema[kind]):
            spec = schema[kind][name]
            if spec.type not in FIELD_TYPES:
                problems.append(f"{kind}.{name}: unknown field type {spec.type!r}")
            if name in RESERVED_FIELD_NAMES or name.startswith("params."):
                problems.append(f"{kind}.{name}: reserved field name")
    return problems


def _fits(value: FieldValue, type_name: str) -> bool:
    if value is None or isinstance(value, Undecidable):
        return True
    if type_name == "bool":
        return isinstance(value, bool)
    if type_name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_name == "str":
        return isinstance(value, str)
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


def subject_problems(schema: SubjectSchema, subject: Subject) -> list[str]:
    """Where a subject built by the link layer disagrees with the schema.

    Evaluation trusts subjects for speed; link-layer tests call this instead.
    """
    fields = schema.get(subject.kind)
    if fields is None:
        return [f"unknown subject kind {subject.kind!r}"]
    problems = []
    for name in sorted(subject.fields):
        value = subject.fields[name]
        spec = fields.get(name)
        if spec is None:
            problems.append(f"{subject.kind}: unknown field {name!r}")
        elif not _fits(value, spec.type):
            problems.append(f"{subject.kind}.{name}: {value!r} is not {spec.type}")
    return problems
