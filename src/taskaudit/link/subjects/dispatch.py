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


_ON_COMMIT = {"delay": "delay_on_commit", "apply_async": "apply_async_on_commit"}


def _deferral(c: DispatchContext) -> FieldValue:
    """How to send it after the commit, with the ``*_on_commit`` method only where it exists.

    Measured: the task class of an app under Django has ``delay_on_commit`` and
    ``apply_async_on_commit`` from Celery 5.4.0 on (``celery.versions``).
    """
    hook = "send it from `transaction.on_commit(...)`"
    method = _ON_COMMIT.get(c.site.method)
    if method is None:
        return hook
    version = c.project.celery_version
    available = version.has_on_commit_methods()
    if available is True:
        return f"{hook} or use `{method}`"
    if available is False:
        return f"{hook} (`{method}` arrives in Celery 5.4.0; the project runs {version.shown})"
    return f"{hook}, or on Celery 5.4.0 and later use `{method}`"


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
_add("deferral", "str",
     "how to send it after the commit; names `*_on_commit` where the project's Celery has it",
     _deferral)
# fmt: on


def dispatch_subjects(project: Project) -> Iterator[Subject]:
    seen: Counter[str] = Counter()
    for site, task in project.dispatch:
        context = DispatchContext(site, task, project)
        name = context.name if context.name is not None else site.target
        key = f"dispatch:{site.function or site.location.path}:{name}"
        seen[key] += 1
        yield DISPATCH.subject(context, site.location, f"{key}#{seen[key]}")
