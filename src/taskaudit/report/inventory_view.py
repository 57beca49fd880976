"""The report's inventories: tasks, beat schedule and settings, from the project model.

Rows are plain strings; the template escapes every one. Per-task option
names and their defaults follow Celery's "Tasks" guide (``max_retries`` 3
for ``self.retry``, ``retry_backoff`` off); settings and their defaults
follow the "Configuration and defaults" page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from taskaudit.core.values import Unknown
from taskaudit.inventory import to_json
from taskaudit.link.decisions import STYLE_NAMES
from taskaudit.link.model import Project, Task
from taskaudit.report.values import ABSENT, link, said

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


def _option(task: Task, name: str) -> str | None:
    if name not in task.options:
        return None
    source = task.option_sources.get(name)
    # An option from the factory or base class the decorator cell names already says where.
    shown = source and source != "decorator" and source.split(":", 1)[-1] != task.via
    suffix = f" ({source})" if shown else ""
    value = task.options[name]
    return f"{'None' if value is None else said(value)}{suffix}"


def _retries(task: Task) -> str:
    auto, limit = _option(task, "autoretry_for"), _option(task, "max_retries")
    parts = [f"autoretry_for {auto}" if auto else "", f"max_retries={limit}" if limit else ""]
    if task.body is not None and task.body.retry_calls:
        parts.append("`.retry()` in the body")  # a manual retry is a policy too (TA301)
    return "; ".join(p for p in parts if p) or "not declared"


def _backoff(task: Task) -> str:
    names = ("retry_backoff", "retry_backoff_max", "retry_jitter", "default_retry_delay")
    parts = [f"{n}={v}" for n in names if (v := _option(task, n)) is not None]
    return "; ".join(parts) or ABSENT


def _global(project: Project, setting: str) -> str | None:
    found = project.config.get(setting)
    return None if found is None or found[0] is None else f"{said(found[0])} (global)"


def _limits(task: Task, project: Project) -> str:
    soft, hard = _option(task, "soft_time_limit"), _option(task, "time_limit")
    if soft is None and hard is None:
        soft = _global(project, "task_soft_time_limit")
        hard = _global(project, "task_time_limit")
    parts = [f"soft {soft}" if soft else "", f"hard {hard}" if hard else ""]
    return ", ".join(p for p in parts if p) or "none"


def result_policy(task: Task, project: Project) -> str:
    if "ignore_result" in task.options:
        value = task.options["ignore_result"]
        if isinstance(value, Unknown):
            return said(value)
        return "ignored" if to_json(value) else "stored"
    found = project.config.get("task_ignore_result")
    if found is not None and found[0] is True:
        return "ignored (global)"
    # Each app reads its own configuration: the backend that stores this task's results.
    if task.results.backend is not None:
        return "stored (backend set, no policy)"
    return "not stored (no backend)"


def _idempotency(task: Task) -> str:
    guards = {f"{g.kind}: {g.detail}" for g in task.body.guards} if task.body else set()
    notes = [*sorted(guards), *(f"marker: {m}" for m in task.markers)]
    return ", ".join(notes) or "none noted"


TASK_COLUMNS = ("Decorator", "Queue", "Retries", "Time limits", "Result", "Idempotency")


@dataclass(frozen=True, slots=True)
class TaskTable:
    """The task inventory: one line per task, the values every task shares said once.

    ``rows`` have the registered name as ``where`` (shown as code, linked to
    the declaration) and one cell per column of ``columns``; a column whose
    value is the same for every task is left out and given in ``common``.
    One line per task fits any page and shows a changed task as one changed
    line in a diff; a table of seven long columns does neither.
    """

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    common: tuple[tuple[str, str], ...]


def _code(text: str) -> str:
    """A name shown as code in the report (the template's filters keep it safe)."""
    return f"`{text}`" if "`" not in text else text


def _task_cells(task: Task, project: Project) -> tuple[str, ...]:
    via = f" via {task.via}" if task.via else ""
    style = STYLE_NAMES.get(task.style, task.style)
    backoff = _backoff(task)
    retries = _retries(task) + ("" if backoff == ABSENT else f"; {backoff}")
    return (
        f"{style}{via}",
        f"{_code(task.queue) if isinstance(task.queue, str) else said(task.queue)} "
        f"({task.queue_source})",
        retries,
        _limits(task, project),
        result_policy(task, project),
        _idempotency(task),
    )


def task_table(project: Project) -> TaskTable:
    cells = [_task_cells(task, project) for task in project.tasks]
    shared = [len(cells) > 1 and len({c[i] for c in cells}) == 1 for i in range(len(TASK_COLUMNS))]
    kept = [i for i, same in enumerate(shared) if not same]
    rows = tuple(
        Row(tuple(c[i] for i in kept), task.name, link(task.location)[1])
        for task, c in zip(project.tasks, cells, strict=True)
    )
    common = tuple((TASK_COLUMNS[i], cells[0][i]) for i, same in enumerate(shared) if same)
    return TaskTable(tuple(TASK_COLUMNS[i] for i in kept), rows, common)


def beat_rows(project: Project) -> list[Row]:
    rows = []
    for item in project.beat:
        task = said(item.task_name) + ("" if item.task is not None else " (no such task)")
        entry = item.entry
        cells = (
            item.key,
            task,
            item.schedule_words or ABSENT,
            said(entry.comment),
            said(entry.container),
        )
        rows.append(Row(cells, *link(entry.location)))
    return rows


def settings_rows(project: Project, table: Sequence[tuple[str, str]]) -> list[Row]:
    rows = []
    for key, default in table:
        found = project.config.get(key)
        if found is None:
            rows.append(Row((key, f"not set ({default})")))
            continue
        value, location = found
        shown = "None" if value is None else said(value)
        rows.append(Row((key, shown), *link(location)) if location else Row((key, shown)))
    return rows
