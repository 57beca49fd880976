"""The ``queue`` subject: every queue a task, route or call site uses, or a worker consumes."""

from __future__ import annotations

from collections.abc import Iterator

from taskaudit.link.model import Project, QueueItem
from taskaudit.link.subjects.kind import Kind
from taskaudit.rules.subjects import Subject, Undecidable

QUEUE: Kind[QueueItem] = Kind("queue")
# fmt: off
QUEUE.add("name", "str", "queue name", lambda q: q.name)
QUEUE.add("declared", "bool",
          "listed in `task_queues`; none when `task_queues` is not declared",
          lambda q: Undecidable(q.declared_unknown) if q.declared_unknown else q.declared)
QUEUE.add("consumers", "int", "worker commands consuming it", lambda q: len(q.consumers))
QUEUE.add("used_by", "list[str]",
          "task names, `route:<pattern>` and `call:<path:line>` using it", lambda q: q.used_by)
# fmt: on


def queue_subjects(project: Project) -> Iterator[Subject]:
    for queue in project.queues:
        if queue.first_use is not None:
            yield QUEUE.subject(queue, queue.first_use, f"queue:{queue.name}")
