"""The ``dispatch`` subject: every call that sends a task (``.delay``, ``send_task``...).

Its identity is its content: the enclosing function (or file) and the task it
sends, numbered among identical ones in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from taskaudit.extract.dispatch import DispatchSite
from taskaudit.link.model import Project, Task
from taskaudit.link.seen import registry_hides
from taskaudit.link.subjects.kind import Kind
from taskaudit.link.subjects.values import as_str
from taskaudit.rules.subjects import FieldValue, Subject


@dataclass(frozen=True, slots=True)
class DispatchContext:
    site: DispatchSite
    task: Task | None
    project: Project

    @property
    def literal(self) -> bool:
        return isinstance(self.site.target_name, str)

    @property
    def name(self) -> str | None:
        if self.task is not None:
            return self.task.name
        found = self.site.target_name if self.literal else self.site.target
        return found if isinstance(found, str) else None


def _known(c: DispatchContext) -> FieldValue:
    if c.task is not None:
        return True
    if not isinstance(c.site.target_name, str):
        return None
    return registry_hides(c.project.coverage.of("registry"), c.site.target_name)


DISPATCH: Kind[DispatchContext] = Kind("dispatch")
_add = DISPATCH.add
# fmt: off
_add("method", "str", "delay, apply_async, send_task, signature, s, si, *_on_commit",
     lambda c: c.site.method)
_add("task", "str", "registered name of the dispatched task, when resolved", lambda c: c.name)
_add("task.known", "bool", "the dispatched name is registered by a scanned task", _known)
_add("task.literal", "bool", 'the task is named by a string literal (`send_task("...")`)',
     lambda c: c.literal)
_add("queue", "str", "call-site `queue=`", lambda c: as_str(c.site.queue))
_add("in_atomic", "bool", "lexically inside `transaction.atomic`", lambda c: c.site.in_atomic)
_add("deferred", "bool", "inside `transaction.on_commit(...)` or `*_on_commit`",
     lambda c: c.site.deferred)
_add("atomic.using", "str", "the innermost atomic block's `using=` database alias",
     lambda c: as_str(c.site.atomic_using))
_add("instance_args", "list[str]", "arguments that are ORM model instances",
     lambda c: c.site.instance_args)
_add("function", "str", "enclosing function", lambda c: c.site.function)
# fmt: on


def dispatch_subjects(project: Project) -> Iterator[Subject]:
    seen: Counter[str] = Counter()
    for site, task in project.dispatch:
        context = DispatchContext(site, task, project)
        name = context.name if context.name is not None else site.target
        key = f"dispatch:{site.function or site.location.path}:{name}"
        seen[key] += 1
        yield DISPATCH.subject(context, site.location, f"{key}#{seen[key]}")
