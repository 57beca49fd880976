"""The report's inventories: tasks, beat schedule, queues and workers, Make targets, settings.

Rows are built from the JSON inventory (``taskaudit.inventory``) as plain
strings; the template escapes every one. Per-task option names and their
defaults follow Celery's "Tasks" guide (``max_retries`` 3 for
``self.retry``, ``retry_backoff`` off); settings and their defaults follow
the "Configuration and defaults" page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from taskaudit.report.values import ABSENT, href, is_unknown, setting, setting_value, where, words

# (setting, what Celery does when it is not set)
RESULT_SETTINGS = (
    ("result_backend", "no result backend: results are not stored"),
    ("result_expires", "1 day"),
    ("task_ignore_result", "False: results stored when a backend is set"),
)
BEAT_SETTINGS = (
    ("beat_scheduler", "celery.beat:PersistentScheduler (no lock)"),
    ("beat_schedule_filename", "celerybeat-schedule"),
    ("redbeat_lock_key", "RedBeat's default lock key, when RedBeat is the scheduler"),
    ("redbeat_lock_timeout", "RedBeat's default, when RedBeat is the scheduler"),
)


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its cells as raw text, and where it was found (``href`` is safe)."""

    cells: tuple[str, ...]
    where: str = ""
    href: str = ""


def _option(task: Mapping[str, Any], name: str) -> str | None:
    options, sources = task.get("options", {}), task.get("option_sources", {})
    if name not in options:
        return None
    source = sources.get(name)
    suffix = f" ({source})" if source and source != "decorator" else ""
    return f"{words(options[name])}{suffix}"


def _retries(task: Mapping[str, Any]) -> str:
    auto, limit = _option(task, "autoretry_for"), _option(task, "max_retries")
    parts = [f"autoretry_for {auto}" if auto else "", f"max_retries={limit}" if limit else ""]
    return "; ".join(p for p in parts if p) or "not declared"


def _backoff(task: Mapping[str, Any]) -> str:
    names = ("retry_backoff", "retry_backoff_max", "retry_jitter", "default_retry_delay")
    parts = [f"{n}={v}" for n in names if (v := _option(task, n)) is not None]
    return "; ".join(parts) or ABSENT


def _limits(task: Mapping[str, Any], config: Mapping[str, Any]) -> str:
    soft, hard = _option(task, "soft_time_limit"), _option(task, "time_limit")
    if soft is None and hard is None:
        soft_global = setting_value(config, "task_soft_time_limit")
        hard_global = setting_value(config, "task_time_limit")
        soft = None if soft_global is None else f"{words(soft_global)} (global)"
        hard = None if hard_global is None else f"{words(hard_global)} (global)"
    parts = [f"soft {soft}" if soft else "", f"hard {hard}" if hard else ""]
    return ", ".join(p for p in parts if p) or "none"


def result_policy(task: Mapping[str, Any], config: Mapping[str, Any]) -> str:
    options = task.get("options", {})
    if "ignore_result" in options:
        value = options["ignore_result"]
        if is_unknown(value):
            return words(value)
        return "ignored" if value else "stored"
    if setting_value(config, "task_ignore_result") is True:
        return "ignored (global)"
    backend = task.get("result_backend")
    if backend is None and "result_backend" not in task:
        backend = setting_value(config, "result_backend")
    if backend is not None:
        return "stored (backend set, no policy)"
    return "not stored (no backend)"


def task_rows(inventory: Mapping[str, Any]) -> list[Row]:
    config = inventory.get("config", {})
    rows = []
    for task in inventory.get("tasks", []):
        via = f" via {task['via']}" if task.get("via") else ""
        queue = f"{words(task.get('queue'))} ({task.get('queue_source', '?')})"
        cells = (
            str(task["name"]),
            str(task.get("module", "")),
            f"{task.get('decorator', '?')}{via}",
            queue,
            _retries(task),
            _backoff(task),
            _limits(task, config),
            result_policy(task, config),
            words(task.get("idempotency") or None),
        )
        rows.append(Row(cells, where(task["path"], task["line"]), href(task["path"], task["line"])))
    return rows


def beat_rows(inventory: Mapping[str, Any]) -> list[Row]:
    rows = []
    for entry in inventory.get("beat_entries", []):
        task = words(entry.get("task")) + ("" if entry.get("task_found") else " (no such task)")
        cells = (
            str(entry["key"]),
            task,
            str(entry.get("schedule") or ABSENT),
            words(entry.get("comment")),
            words(entry.get("defined_in")),
        )
        rows.append(
            Row(cells, where(entry["path"], entry["line"]), href(entry["path"], entry["line"]))
        )
    return rows


def settings_rows(inventory: Mapping[str, Any], table: Sequence[tuple[str, str]]) -> list[Row]:
    config = inventory.get("config", {})
    rows = []
    for key, default in table:
        item = setting(config, key)
        if item is None:
            rows.append(Row((key, f"not set ({default})")))
        else:
            path, line = item.get("path"), item.get("line")
            link = href(path, line) if path else ""
            value = item.get("value")
            shown = "None" if value is None else words(value)
            rows.append(Row((key, shown), where(path, line) if path else "", link))
    return rows
