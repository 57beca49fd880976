"""The report's operations inventories: queues and their workers, routes, Make targets, incidents.

Which worker consumes which queue follows Celery's "Workers Guide" (``-Q``
lists queues; without it a worker consumes ``task_default_queue``). The
expected Make targets are the project's conventions (``link.decisions``).
"""

from __future__ import annotations

from taskaudit.core.values import Seq
from taskaudit.link.model import Project
from taskaudit.link.subjects.project import missing_make_targets
from taskaudit.report.inventory_view import Row
from taskaudit.report.values import ABSENT, href, link, said, some, words


def queue_rows(project: Project) -> list[Row]:
    rows = []
    for queue in project.queues:
        consumers = words(list(queue.consumers)) if queue.consumers else "no worker found"
        cells = (queue.name, words(queue.declared), consumers, some(queue.used_by))
        rows.append(Row(cells))
    return rows


def route_rows(project: Project) -> list[Row]:
    rows = []
    for route in project.routes:
        cells = (route.pattern, route.kind, said(route.queue), some(route.matches))
        rows.append(Row(cells, *link(route.location)))
    return rows


def worker_rows(project: Project) -> list[Row]:
    rows = []
    for worker in project.commands:
        queues = worker.queues
        listed = Seq(queues) if isinstance(queues, tuple) else queues
        shown = "default queue" if listed is None else said(listed)
        cells = (worker.role, worker.context, shown, words(worker.embedded_beat), worker.raw)
        rows.append(Row(cells, *link(worker.location)))
    return rows


def make_rows(project: Project) -> list[Row]:
    rows = []
    for target, celery in project.make_targets:
        if not celery:
            continue
        runs = " && ".join(target.recipe) or ABSENT
        rows.append(Row((target.name, words(target.help), runs), *link(target.location)))
    return rows


def missing_targets(project: Project) -> list[str]:
    # The same answer as TA1001's findings: the targets this project calls for.
    return list(missing_make_targets(project))


def incident_rows(project: Project) -> list[Row]:
    rows = []
    for path, title, tasks in project.incidents:
        rows.append(Row((title or path, words(list(tasks) or None)), path, href(path)))
    return rows
