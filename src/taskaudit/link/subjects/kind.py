"""A subject kind, declared once: each field's name, type, doc and computation together.

A kind module (``task``, ``handler``, ``beat``...) creates one ``Kind`` and
adds its fields in the order the documentation lists them. The schema that
validates ``rules.yaml`` and generates ``docs/facts.md`` is read from the
same declarations that compute the values, so a field cannot be documented
under one name and computed under another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from taskaudit.core.location import Location
from taskaudit.rules.subjects import FieldSpec, FieldValue, Subject

C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class Field(Generic[C]):
    name: str
    spec: FieldSpec
    compute: Callable[[C], FieldValue]


class Kind(Generic[C]):
    """The fields of one subject kind over a context ``C`` (what its values come from)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._fields: list[Field[C]] = []

    def add(self, name: str, type_: str, doc: str, compute: Callable[[C], FieldValue]) -> None:
        if any(f.name == name for f in self._fields):
            raise ValueError(f"{self.name}.{name} is declared twice")
        self._fields.append(Field(name, FieldSpec(type_, doc), compute))

    @property
    def schema(self) -> Mapping[str, FieldSpec]:
        return {f.name: f.spec for f in self._fields}

    def subject(self, context: C, location: Location, identity: str) -> Subject:
        values = {f.name: f.compute(context) for f in self._fields}
        return Subject(self.name, location, identity, values)
