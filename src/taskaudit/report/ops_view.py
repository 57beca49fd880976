"""The report's operations inventories: queues and their workers, routes, Make targets, incidents.

Which worker consumes which queue follows Celery's "Workers Guide" (``-Q``
lists queues; without it a worker consumes ``task_default_queue``). The
expected Make targets come from the guideline's "Sources to mine".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from taskaudit.report.inventory_view import Row
from taskaudit.report.values import ABSENT, href, where, words


def queue_rows(inventory: Mapping[str, Any]) -> list[Row]:
    rows = []
    for queue in inventory.get("queues", []):
        consumers = words(queue.get("consumers") or None)
        cells = (
            str(queue["name"]),
            words(queue.get("declared")),
            consumers if queue.get("consumers") else "no worker found",
            words(queue.get("used_by") or None),
        )
        rows.append(Row(cells))
    return rows


def route_rows(inventory: Mapping[str, Any]) -> list[Row]:
    rows = []
    for route in inventory.get("routes", []):
        cells = (
            str(route["pattern"]),
            str(route.get("kind", "")),
            words(route.get("queue")),
            words(route.get("matches") or None),
        )
        path, line = route["path"], route["line"]
        rows.append(Row(cells, where(path, line), href(path, line)))
    return rows


def worker_rows(inventory: Mapping[str, Any]) -> list[Row]:
    rows = []
    for worker in inventory.get("workers", []):
        queues = worker.get("queues")
        cells = (
            str(worker.get("role", "")),
            str(worker.get("context", "")),
            "default queue" if queues is None else words(queues),
            words(bool(worker.get("embedded_beat"))),
            str(worker.get("command", "")),
        )
        path, line = worker["path"], worker["line"]
        rows.append(Row(cells, where(path, line), href(path, line)))
    return rows


def make_rows(inventory: Mapping[str, Any]) -> list[Row]:
    rows = []
    for target in inventory.get("make_targets", []):
        if not target.get("celery"):
            continue
        runs = " && ".join(target.get("recipe", [])) or ABSENT
        cells = (str(target["name"]), words(target.get("help")), runs)
        path, line = target["path"], target["line"]
        rows.append(Row(cells, where(path, line), href(path, line)))
    return rows


def missing_targets(inventory: Mapping[str, Any], expected: Sequence[str]) -> list[str]:
    present = {target["name"] for target in inventory.get("make_targets", [])}
    return sorted(name for name in set(expected) if name not in present)


def incident_rows(inventory: Mapping[str, Any]) -> list[Row]:
    rows = []
    for incident in inventory.get("incidents", []):
        cells = (
            str(incident.get("title") or incident["path"]),
            words(incident.get("tasks") or None),
        )
        rows.append(Row(cells, incident["path"], href(incident["path"])))
    return rows
