"""The ``make_target`` subject: the targets of the project's operations Makefile."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from taskaudit.extract.ops_model import MakeTarget
from taskaudit.link.model import Project
from taskaudit.link.subjects.kind import Kind
from taskaudit.rules.subjects import Subject


@dataclass(frozen=True, slots=True)
class TargetContext:
    target: MakeTarget
    celery: bool


MAKE_TARGET: Kind[TargetContext] = Kind("make_target")
# fmt: off
MAKE_TARGET.add("name", "str", "target name", lambda c: c.target.name)
MAKE_TARGET.add("help", "str", "`## help` on the target line or a comment directly above",
                lambda c: c.target.help)
MAKE_TARGET.add("celery", "bool", "the target runs Celery or shows its logs", lambda c: c.celery)
MAKE_TARGET.add("phony", "bool", "listed in `.PHONY`", lambda c: c.target.phony)
MAKE_TARGET.add("recipe", "list[str]", "recipe lines, variables expanded",
                lambda c: c.target.recipe)
# fmt: on


def make_subjects(project: Project) -> Iterator[Subject]:
    for target, celery in project.make_targets:
        context = TargetContext(target, celery)
        yield MAKE_TARGET.subject(context, target.location, f"make:{target.name}")
