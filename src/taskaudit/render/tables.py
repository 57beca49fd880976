"""Rich tables for ``taskaudit inventory`` at a terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _table(title: str, columns: list[str]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


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


def render_inventory(data: dict[str, Any], console: Console) -> None:
    tasks = _table(
        f"Tasks ({len(data['tasks'])})", ["name", "where", "decorator", "queue", "options"]
    )
    for task in data["tasks"]:
        options = task["options"]
        shown = "; ".join(f"{k}={_text(options[k])}" for k in _TASK_OPTIONS if k in options)
        tasks.add_row(
            task["name"],
            f"{task['path']}:{task['line']}",
            task["decorator"] + (f" via {task['via']}" if task["via"] else ""),
            f"{_text(task['queue'])} ({task['queue_source']})",
            shown or "-",
        )
    console.print(tasks)
    beat = _table(
        f"Beat schedule ({len(data['beat_entries'])})",
        ["entry", "task", "schedule", "owner comment", "where"],
    )
    for entry in data["beat_entries"]:
        task = _text(entry["task"]) + ("" if entry["task_found"] else " (not found)")
        beat.add_row(
            entry["key"],
            task,
            entry["schedule"],
            _text(entry["comment"]),
            f"{entry['path']}:{entry['line']}",
        )
    console.print(beat)
    queues = _table("Queues", ["queue", "declared", "consumed by", "used by"])
    for queue in data["queues"]:
        queues.add_row(
            queue["name"],
            _text(queue["declared"]),
            _text(queue["consumers"]) if queue["consumers"] else "[red]no worker[/red]",
            _text(queue["used_by"]),
        )
    console.print(queues)
    routes = _table("Routes (task_routes)", ["pattern", "kind", "queue", "matches"])
    for route in data["routes"]:
        routes.add_row(
            route["pattern"], route["kind"], _text(route["queue"]), _text(route["matches"])
        )
    console.print(routes)
    workers = _table("Celery processes", ["role", "where", "queues", "beat", "command"])
    for worker in data["workers"]:
        workers.add_row(
            worker["role"],
            f"{worker['path']}:{worker['line']} ({worker['context']})",
            _text(worker["queues"]) if worker["queues"] is not None else "(default)",
            _text(worker["embedded_beat"]),
            worker["command"],
        )
    console.print(workers)
    make = _table("Makefile Celery targets", ["target", "help", "runs"])
    for target in data["make_targets"]:
        if target["celery"]:
            make.add_row(
                target["name"], _text(target["help"]), " && ".join(target["recipe"]) or "-"
            )
    console.print(make)
    config = data["config"]
    settings = _table(
        f"Effective Celery settings (namespace {config['namespace'] or 'none'}; "
        f"read from {', '.join(config['sources']) or '-'})",
        ["setting", "value", "where"],
    )
    for key, item in config["settings"].items():
        where = f"{item['path']}:{item['line']}" if item["path"] else "-"
        settings.add_row(key, _text(item["value"]), where)
    console.print(settings)
    if data["unparsable"]:
        broken = _table("Files that could not be read", ["path", "reason"])
        for item in data["unparsable"]:
            broken.add_row(f"{item['path']}:{item['line']}", item["reason"])
        console.print(broken)
