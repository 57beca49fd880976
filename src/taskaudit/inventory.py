"""The inventory: every task, beat entry, route, queue, worker and Make target.

``inventory_data`` is the JSON contract (``taskaudit inventory --format
json`` and the ``inventory`` key of ``scan --format json``): sorted, stable,
repository-relative paths, computed values as ``{"unknown": reason}``.
``coverage_data`` is the ``coverage`` key of both: what the scan could not see.
"""

from __future__ import annotations

from typing import Any

from taskaudit.core.location import Location
from taskaudit.core.values import Call, Dict, Ref, Seq, Unknown, Value, render
from taskaudit.link.coverage import Coverage
from taskaudit.link.model import Project, Task


def to_json(value: Value) -> Any:
    if isinstance(value, Unknown):
        return {"unknown": value.reason}
    if isinstance(value, Seq):
        return [to_json(v) for v in value.items]
    if isinstance(value, Dict):
        if all(isinstance(k, str) for k, _ in value.items):
            return {str(k): to_json(v) for k, v in value.items}
        return [[to_json(k), to_json(v)] for k, v in value.items]
    if isinstance(value, Ref):
        return value.qualname
    if isinstance(value, Call):
        return render(value)
    return value


def task_data(task: Task) -> dict[str, Any]:
    return {
        "name": task.name,
        "name_explicit": task.name_explicit,
        "module": task.module,
        "function": task.function,
        "path": task.location.path,
        "line": task.location.line,
        "decorator": task.style,
        "via": task.via,
        "app": task.app,
        # Each app reads its own configuration: the backend that stores this task's results.
        "result_backend": to_json(task.results.backend),
        "queue": to_json(task.queue),
        "queue_source": task.queue_source,
        "options": {k: to_json(v) for k, v in sorted(task.options.items())},
        "option_sources": dict(sorted(task.option_sources.items())),
        "idempotency": sorted(
            {f"{g.kind}: {g.detail}" for g in task.body.guards} if task.body else set()
        )
        + [f"marker: {m}" for m in task.markers],
    }


def version_data(project: Project) -> dict[str, Any]:
    """The Celery releases the project may run (null: unknown), and where that was read."""
    version = project.celery_version
    return {
        "releases": None if version.releases is None else list(version.releases),
        "source": version.reason,
        "locations": [f"{loc.path}:{loc.line}" for loc in version.sources],
        "notes": list(version.notes),
    }


def inventory_data(project: Project) -> dict[str, Any]:
    return {
        "tasks": [task_data(t) for t in project.tasks],
        "beat_entries": [
            {
                "key": b.key,
                "task": b.task_name,
                "schedule": b.schedule_words,
                "schedule_source": b.schedule_text,
                "path": b.entry.location.path,
                "line": b.entry.location.line,
                "comment": b.entry.comment,
                "defined_in": b.entry.container,
                "task_found": b.task is not None,
            }
            for b in project.beat
        ],
        "routes": [
            {
                "pattern": r.pattern,
                "kind": r.kind,
                "queue": to_json(r.queue),
                "path": r.location.path,
                "line": r.location.line,
                "matches": list(r.matches),
            }
            for r in project.routes
        ],
        "queues": [
            {
                "name": q.name,
                "declared": q.declared,
                "consumers": list(q.consumers),
                "used_by": list(q.used_by),
            }
            for q in project.queues
        ],
        "workers": [
            {
                "role": c.role,
                "context": c.context,
                "path": c.location.path,
                "line": c.location.line,
                "app": to_json(c.app),
                "queues": to_json(Seq(c.queues))
                if isinstance(c.queues, tuple)
                else to_json(c.queues),
                "embedded_beat": c.embedded_beat,
                "scheduler": to_json(c.scheduler),
                "command": c.raw,
            }
            for c in project.commands
        ],
        "make_targets": [
            {
                "name": t.name,
                "line": t.location.line,
                "path": t.location.path,
                "help": t.help,
                "recipe": list(t.recipe),
                "celery": celery,
            }
            for t, celery in project.make_targets
        ],
        "config": {
            "celery_version": version_data(project),
            "namespace": project.config_namespace,
            "sources": list(project.config_sources),
            "apps": list(project.apps),
            "settings": {
                k: {
                    "value": to_json(v),
                    "path": loc.path if loc else None,
                    "line": loc.line if loc else None,
                }
                for k, (v, loc) in sorted(project.config.items())
            },
        },
        "incidents": [
            {"path": path, "title": title, "tasks": list(tasks)}
            for path, title, tasks in project.incidents
        ],
        "unparsable": [
            {"path": path, "line": f.line, "reason": f.reason} for path, f in project.failures
        ],
    }


def coverage_data(coverage: Coverage) -> dict[str, Any]:
    """What the scan could see (``taskaudit.link.coverage``): the ``coverage`` key, sorted."""

    def place(location: Location | None) -> dict[str, Any]:
        return {
            "line": location.line if location else None,
            "path": location.path if location else None,
        }

    return {
        "apps": [
            {"app": a.app, "config": a.config, **place(a.location), "sources": list(a.sources)}
            for a in coverage.apps
        ],
        "beat_found": coverage.beat_found,
        "celery_used": coverage.celery_used,
        "gaps": [
            {**place(g.location), "reason": g.reason, "scope": g.scope, "setting": g.setting}
            for g in coverage.gaps
        ],
        "registry_complete": coverage.registry_complete,
        "settings_read": list(coverage.settings_read),
        "unparsed": list(coverage.unparsed),
        "workers_found": coverage.workers_found,
    }
