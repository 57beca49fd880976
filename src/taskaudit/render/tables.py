"""``taskaudit inventory`` for people: the JSON inventory as a few titled tables.

Each table is a ``Grid`` (``taskaudit.render.grid``): rich tables at a
terminal, plain aligned lines when piped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console

from taskaudit.render.grid import Grid, print_grids
from taskaudit.report.escape import plain


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict) and set(value) == {"unknown"}:
        return f"? ({value['unknown']})"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) or "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_TASK_OPTIONS = (
    "max_retries",
    "autoretry_for",
    "retry_backoff",
    "acks_late",
    "time_limit",
    "soft_time_limit",
    "ignore_result",
)


def _grid(title: str, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Grid:
    return Grid(title, columns, tuple(rows))


def _tasks(data: dict[str, Any]) -> Grid:
    rows = []
    for task in data["tasks"]:
        options = task["options"]
        shown = "; ".join(f"{k}={_text(options[k])}" for k in _TASK_OPTIONS if k in options)
        rows.append(
            (
                task["name"],
                f"{task['path']}:{task['line']}",
                task["decorator"] + (f" via {task['via']}" if task["via"] else ""),
                f"{_text(task['queue'])} ({task['queue_source']})",
                shown or "-",
            )
        )
    columns = ("name", "where", "decorator", "queue", "options")
    return _grid(f"Tasks ({len(data['tasks'])})", columns, rows)


def _beat(data: dict[str, Any]) -> Grid:
    rows = [
        (
            entry["key"],
            _text(entry["task"]) + ("" if entry["task_found"] else " (not found)"),
            entry["schedule"],
            _text(entry["comment"]),
            f"{entry['path']}:{entry['line']}",
        )
        for entry in data["beat_entries"]
    ]
    columns = ("entry", "task", "schedule", "owner comment", "where")
    return _grid(f"Beat schedule ({len(data['beat_entries'])})", columns, rows)


def _queues(data: dict[str, Any]) -> Grid:
    rows = [
        (
            queue["name"],
            _text(queue["declared"]),
            _text(queue["consumers"]) if queue["consumers"] else "no worker",
            _text(queue["used_by"]),
        )
        for queue in data["queues"]
    ]
    unconsumed = frozenset(
        (i, 2) for i, queue in enumerate(data["queues"]) if not queue["consumers"]
    )
    columns = ("queue", "declared", "consumed by", "used by")
    return Grid("Queues", columns, tuple(rows), alarms=unconsumed)


def _routes(data: dict[str, Any]) -> Grid:
    rows = [
        (route["pattern"], route["kind"], _text(route["queue"]), _text(route["matches"]))
        for route in data["routes"]
    ]
    return _grid("Routes (task_routes)", ("pattern", "kind", "queue", "matches"), rows)


def _workers(data: dict[str, Any]) -> Grid:
    rows = [
        (
            worker["role"],
            f"{worker['path']}:{worker['line']} ({worker['context']})",
            _text(worker["queues"]) if worker["queues"] is not None else "(default)",
            _text(worker["embedded_beat"]),
            worker["command"],
        )
        for worker in data["workers"]
    ]
    columns = ("role", "where", "queues", "beat", "command")
    return _grid("Celery processes", columns, rows)


def _make(data: dict[str, Any]) -> Grid:
    rows = [
        (target["name"], _text(target["help"]), " && ".join(target["recipe"]) or "-")
        for target in data["make_targets"]
        if target["celery"]
    ]
    return _grid("Makefile Celery targets", ("target", "help", "runs"), rows)


def _settings(data: dict[str, Any]) -> Grid:
    config = data["config"]
    rows = [
        (key, _text(item["value"]), f"{item['path']}:{item['line']}" if item["path"] else "-")
        for key, item in config["settings"].items()
    ]
    title = (
        f"Effective Celery settings (namespace {config['namespace'] or 'none'}; "
        f"read from {', '.join(config['sources']) or '-'})"
    )
    return _grid(title, ("setting", "value", "where"), rows)


def _apps(data: dict[str, Any]) -> Grid:
    apps = data["coverage"]["apps"] if "coverage" in data else []
    rows = [
        (
            app["app"],
            f"{app['path']}:{app['line']}" if app["path"] else "-",
            app["config"],
            _text(app["sources"]),
        )
        for app in apps
    ]
    columns = ("app", "where", "configuration", "read from")
    opaque = frozenset((i, 2) for i, app in enumerate(apps) if app["config"] == "opaque")
    return Grid(f"Celery apps ({len(apps)})", columns, tuple(rows), alarms=opaque)


def _version(data: dict[str, Any]) -> Grid:
    version = data["config"]["celery_version"]
    releases = version["releases"]
    shown = "unknown" if releases is None else ", ".join(releases) or "no known release"
    rows = [(shown, version["source"], ", ".join(version["locations"]) or "-")]
    return _grid("Celery version", ("releases", "read from", "where"), rows)


def inventory_grids(data: dict[str, Any]) -> list[Grid]:
    makers = (_apps, _tasks, _beat, _queues, _routes, _workers, _make, _settings, _version)
    grids = [f(data) for f in makers]
    if data["unparsable"]:
        rows = [(f"{item['path']}:{item['line']}", item["reason"]) for item in data["unparsable"]]
        grids.append(_grid("Files that could not be read", ("path", "reason"), rows))
    return grids


def render_inventory(data: dict[str, Any], console: Console, notes: Sequence[str] = ()) -> None:
    """The tables, after ``notes``: what the scan could not see, which no table row can show."""
    for note in notes:
        console.print(plain(note), markup=False, highlight=False, soft_wrap=True)
    if notes:
        console.print()
    print_grids(inventory_grids(data), console)
