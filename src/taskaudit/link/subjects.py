"""From the project model to rule subjects: flat, typed, line-free identities.

Each builder states how a Celery fact reads as a field; an ``Unknown`` value
becomes ``Undecidable`` so that rules over it report TA002 instead of
guessing.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Iterator, Sequence

from taskaudit.core.location import Location
from taskaudit.core.values import Dict, Ref, Seq, Unknown, Value, render
from taskaudit.extract.body_retry import RetryCall
from taskaudit.extract.sentry import SentryInit
from taskaudit.link.alternatives import beat_processes, exclusive
from taskaudit.link.model import Project
from taskaudit.rules.subjects import FieldValue, Subject, Undecidable

_LEVELS = ("none", "debug", "info", "warning", "error", "critical")
_LEVEL_RANK = {"debug": 1, "info": 2, "warning": 3, "error": 4, "exception": 4, "critical": 5}
_BEAT_LOCK_SCHEDULERS = ("redbeat", "RedBeatScheduler", "leader", "Lock", "lock")
# The Makefile targets celery-task-conventions.txt asks every project to document.
CONVENTIONAL_MAKE_TARGETS = ("celery-logs", "beat-logs", "celery-heavy-logs", "celery-restart")


def undecidable(value: Unknown) -> Undecidable:
    return Undecidable(value.reason)


def as_bool(value: Value) -> FieldValue:
    if isinstance(value, Unknown):
        return undecidable(value)
    return bool(value) if value is not None else None


def as_number(value: Value) -> FieldValue:
    if isinstance(value, Unknown):
        return undecidable(value)
    if isinstance(value, bool) or value is None:
        return None
    # An int stays an int so messages say "1800", not "1800.0".
    return value if isinstance(value, int | float) else Undecidable("not a number")


def as_str(value: Value) -> FieldValue:
    if isinstance(value, Unknown):
        return undecidable(value)
    if value is None:
        return None
    return value if isinstance(value, str) else render(value)


def dotted_list(value: Value) -> FieldValue:
    if isinstance(value, Unknown):
        return undecidable(value)
    items = value.items if isinstance(value, Seq) else (value,) if value is not None else ()
    out: list[str] = []
    for item in items:
        if isinstance(item, Unknown):
            return undecidable(item)
        out.append(item.qualname if isinstance(item, Ref) else render(item))
    return tuple(out)


def build_subjects(project: Project) -> list[Subject]:
    return [
        *_tasks(project),
        *_handlers(project),
        *_beat(project),
        *_routes(project),
        *_queues(project),
        *_dispatch(project),
        *_make(project),
        *_settings(project),
        *_files(project),
        *_sentry(project),
        *_result_backends(project),
        _project(project),
    ]


def _tasks(project: Project) -> Iterator[Subject]:
    declared = Counter(t.name for t in project.tasks if t.name_known)
    consumed = {q.name for q in project.queues if q.consumers}
    declared_queues = {q.name: q.declared for q in project.queues}
    workers_unknown = any(not isinstance(w.queues, tuple | type(None)) for w in project.workers)
    known_queues = tuple(sorted({q.name for q in project.queues} | _consumed_names(project)))
    for task in project.tasks:
        backend = task.app_settings.get("result_backend")
        opts = task.options
        autoretry = dotted_list(opts.get("autoretry_for"))
        body = task.body
        retry_calls = body.retry_calls if body else ()
        via_self = any(c.via in ("self", task.first_param) for c in retry_calls)
        delay_declared = "default_retry_delay" in opts
        unpaced = (
            any(c.countdown is None and not c.eta and not c.backoff_expression for c in retry_calls)
            and not delay_declared
        )
        max_retries = opts.get("max_retries")
        unbounded = (
            "max_retries" in opts
            and max_retries is None
            and _unbounded_path(opts.get("retry_kwargs"), bool(autoretry), retry_calls)
        )
        queue: FieldValue = task.queue if isinstance(task.queue, str) else undecidable(task.queue)
        if isinstance(task.queue, str):
            is_consumed: FieldValue = task.queue in consumed or (
                Undecidable("a worker's queues are computed at run time")
                if workers_unknown
                else False
            )
        else:
            is_consumed = undecidable(task.queue)
        duplicates = (
            tuple(
                sorted(
                    f"{t.location.path}:{t.location.line}"
                    for t in project.tasks
                    if t is not task
                    and t.name == task.name
                    and t.name_known
                    and not exclusive(t, task)
                )
            )
            if declared[task.name] > 1
            else ()
        )
        limits = [opts.get("time_limit"), opts.get("soft_time_limit")]
        fields: dict[str, FieldValue] = {
            "name": task.name,
            "name.explicit": task.name_explicit,
            "name.known": task.name_known,
            "name.expected": task.expected_name,
            "name.matches_expected": task.name == task.expected_name,
            "name.duplicates": duplicates,
            "module": task.module,
            "function": task.function,
            "style": task.style,
            "via": task.via,
            "bound": task.bound,
            "body.statements": body.statements if body else 0,
            "calls": tuple(sorted({c.name for c in body.calls})) if body else (),
            "retry.autoretry": bool(autoretry)
            if not isinstance(autoretry, Undecidable)
            else autoretry,
            "retry.autoretry_for": autoretry,
            "retry.backoff": as_bool(opts.get("retry_backoff")) or False,
            "retry.backoff_options": tuple(
                sorted(
                    k
                    for k in ("retry_backoff", "retry_backoff_max", "retry_jitter")
                    if k in task.explicit
                )
            ),
            "retry.max_retries": int(max_retries)
            if isinstance(max_retries, int) and not isinstance(max_retries, bool)
            else None,
            "retry.max_retries_set": "max_retries" in opts,
            "retry.unbounded": unbounded,
            "retry.manual": bool(retry_calls),
            "retry.backoff_read": bool(task.bound is True and body and body.backoff_read),
            "retry.manual_via_self": via_self,
            "retry.manual_unpaced": unpaced,
            "retry.first_call_line": retry_calls[0].location.line if retry_calls else None,
            "side_effects": tuple(f"{s.kind}:{s.call}" for s in body.side_effects) if body else (),
            "guards": tuple(f"{g.kind}:{g.detail}" for g in body.guards) if body else (),
            "idempotent_marker": bool(task.markers),
            "acks_late": as_bool(opts.get("acks_late")) if "acks_late" in opts else False,
            "acks_late.source": task.option_sources.get("acks_late"),
            "time_limit": as_number(opts.get("time_limit")),
            "soft_time_limit": as_number(opts.get("soft_time_limit")),
            "time_limit.declared": _any_limit(limits),
            "queue": queue,
            "queue.source": task.queue_source,
            "queue.decorator": as_str(opts.get("queue")),
            "queue.route": as_str(task.route_queue) if task.route_queue is not None else None,
            "queue.consumed": is_consumed,
            "queue.declared": declared_queues.get(task.queue)
            if isinstance(task.queue, str)
            else None,
            "result.ignored": as_bool(opts.get("ignore_result"))
            if "ignore_result" in opts
            else False,
            "result.policy_set": "ignore_result" in opts,
            "project.result_backend": _backend_set(backend),
            "project.workers_found": bool(project.workers),
            "project.queues": known_queues,
            "queue.route_disagrees": _disagree(opts.get("queue"), task.route_queue),
        }
        retry_declared = (
            fields["retry.autoretry"] is True
            or bool(fields["retry.max_retries_set"])
            or bool(retry_calls)
        )
        fields["retry.declared"] = retry_declared
        yield Subject("task", task.location, f"task:{task.name}", fields)


def _unbounded_path(retry_kwargs: Value, autoretry: bool, retry_calls: Sequence[RetryCall]) -> bool:
    """Whether a retry runs under the task's `max_retries=None` (TA303).

    `Task.retry(max_retries=None)` falls back to the task's own limit (celery/app/task.py),
    so only an explicit number in `retry_kwargs` or in the call itself bounds that retry.
    """
    capped = isinstance(retry_kwargs, Dict) and retry_kwargs.get("max_retries") is not None
    return (autoretry and not capped) or any(c.max_retries is None for c in retry_calls)


def _consumed_names(project: Project) -> set[str]:
    lists = [w.queues for w in project.workers if isinstance(w.queues, tuple)]
    return {q for queues in lists for q in queues if isinstance(q, str)}


def _disagree(decorator: Value, route: str | Unknown | None) -> FieldValue:
    """Whether the decorator's queue overrides a route that names another queue (TA606)."""
    if decorator is None or route is None:
        return False
    if isinstance(decorator, Unknown):
        return undecidable(decorator)
    if isinstance(route, Unknown):
        return undecidable(route)
    return as_str(decorator) != route


def _sentry(project: Project) -> Iterator[Subject]:
    """One subject per ``sentry_sdk.init``; one at the Celery app when Sentry is never set up."""
    overall = as_bool(project.sentry.get("celery_instrumented"))
    for init in project.sentry_inits:
        fields: dict[str, FieldValue] = {
            "initialised": True,
            "celery_instrumented": as_bool(init.celery_instrumented),
            "project.celery_instrumented": overall,
            "integrations": dotted_names(init.integrations),
            "disabled_integrations": dotted_names(init.disabled_integrations),
            "default_integrations": as_bool(init.default_integrations),
            "auto_enabling_integrations": as_bool(init.auto_enabling_integrations),
            "detail": _uninstrumented_because(init),
        }
        yield Subject("sentry", init.location, f"sentry:{init.location.path}", fields)
    anchors = [*project.app_locations, *(t.location for t in project.tasks)]
    if not project.sentry_inits and anchors:
        fields = {
            "initialised": False,
            "celery_instrumented": False,
            "project.celery_instrumented": False,
            "detail": "`sentry_sdk.init(...)` is never called",
        }
        yield Subject("sentry", anchors[0], "sentry:none", fields)


def dotted_names(value: tuple[str, ...] | Unknown) -> FieldValue:
    return undecidable(value) if isinstance(value, Unknown) else value


def _uninstrumented_because(init: SentryInit) -> str | None:
    if init.celery_instrumented is not False:
        return None
    disabled = init.disabled_integrations
    if isinstance(disabled, tuple) and any(n.endswith("CeleryIntegration") for n in disabled):
        return "`disabled_integrations=` names `CeleryIntegration`"
    if not isinstance(init.default_integrations, Unknown) and not init.default_integrations:
        return "`default_integrations=False` without an explicit `CeleryIntegration()`"
    return "`auto_enabling_integrations=False` without an explicit `CeleryIntegration()`"


def _result_backends(project: Project) -> Iterator[Subject]:
    """Each configured result backend once, at its setting, with its app's retention."""
    seen: set[Location] = set()
    for config in (project.config, *(t.app_settings for t in project.tasks)):
        backend = config.get("result_backend")
        if backend is None or _backend_set(backend) is not True:
            continue
        where = backend[1] or Location(".", 1, 1)
        if where in seen:
            continue
        seen.add(where)
        expires = config.get("result_expires")
        value: Value = expires[0] if expires else None
        never: FieldValue = expires is not None and value in (None, 0)
        fields: dict[str, FieldValue] = {
            "backend": as_str(backend[0]),
            "expires": as_number(value),
            "expires_set": expires is not None,
            "expires_never": undecidable(value) if isinstance(value, Unknown) else never,
        }
        yield Subject("result_backend", where, f"result-backend:{where.path}", fields)


def _any_limit(values: list[Value]) -> FieldValue:
    if any(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in values):
        return True
    unknown = next((v for v in values if isinstance(v, Unknown)), None)
    return undecidable(unknown) if unknown is not None else False


def _backend_set(backend: tuple[Value, Location | None] | None) -> FieldValue:
    if backend is None:
        return False
    value = backend[0]
    if isinstance(value, Unknown):
        return True  # set from the environment: some backend is configured
    return value not in (None, "", "disabled")


def _handlers(project: Project) -> Iterator[Subject]:
    for task in project.tasks:
        if task.body is None:
            continue
        for index, h in enumerate(task.body.handlers):
            ranks = [_LEVEL_RANK[level] for level in h.log_levels if level in _LEVEL_RANK]
            fields: dict[str, FieldValue] = {
                "task": task.name,
                "caught": h.caught,
                "broad": h.broad,
                "silences": h.silences,
                "reraises": h.reraises,
                "retries": h.retries,
                "captures": h.captures,
                "log.levels": h.log_levels,
                "log.max_level": _LEVELS[max(ranks)] if ranks else "none",
                "prints": h.prints,
                "returns_value": h.returns_value,
                "other": h.other,
                "cleanup": h.cleanup,
            }
            yield Subject("handler", h.location, f"handler:{task.name}#{index}", fields)


def _beat(project: Project) -> Iterator[Subject]:
    places = Counter(b.place for b in project.beat)
    ranking = {
        place: i + 1
        for i, (place, _) in enumerate(sorted(places.items(), key=lambda p: (-p[1], p[0])))
    }
    for item in project.beat:
        entry = item.entry
        task_known: FieldValue
        if item.task is not None:
            task_known = True
        elif item.task_name is None:
            task_known = Undecidable("task named by a computed value")
        elif _in_failed_module(item.task_name, project):
            task_known = Undecidable("the task's module could not be parsed")
        else:
            task_known = False
        fields: dict[str, FieldValue] = {
            "key": item.key,
            "task": item.task_name,
            "task.known": task_known,
            "schedule": item.schedule_text,
            "schedule.words": item.schedule_words,
            "schedule.partial": item.partial,
            "comment": entry.comment,
            "source": entry.source,
            "named": entry.source == "dict" or entry.key is not None,
            "container": entry.container,
            "place": item.place,
            "conditional": entry.conditional,
        }
        yield Subject("beat_entry", entry.location, f"beat:{item.key}", fields)
    for place, count in sorted(places.items()):
        first = min(b.entry.location for b in project.beat if b.place == place)
        fields = {
            "place": place,
            "path": first.path,
            "entries": count,
            "rank": ranking[place],
            "places": len(places),
            "main": min(ranking, key=ranking.__getitem__),
        }
        yield Subject("beat_place", first, f"beat-place:{place}", fields)


def _in_failed_module(name: str, project: Project) -> bool:
    """A task whose module did not parse cannot be told missing (it may be there)."""
    return any(name == m or name.startswith(m + ".") for m in project.failed_modules) or bool(
        project.failures
        and any(f[0].endswith(".py") for f in project.failures)
        and not project.failed_modules
    )


def _routes(project: Project) -> Iterator[Subject]:
    for route in project.routes:
        matches: FieldValue = (
            len(route.matches) if route.kind != "router" else Undecidable("router function")
        )
        if matches == 0 and any(path.endswith(".py") for path, _ in project.failures):
            matches = Undecidable("a module that could not be parsed may define the task")
        fields: dict[str, FieldValue] = {
            "pattern": route.pattern,
            "kind": route.kind,
            "queue": as_str(route.queue),
            "matches": matches,
        }
        yield Subject("route", route.location, f"route:{route.pattern}", fields)


def _queues(project: Project) -> Iterator[Subject]:
    for q in project.queues:
        if q.first_use is None:
            continue
        fields: dict[str, FieldValue] = {
            "name": q.name,
            "declared": q.declared,
            "consumers": len(q.consumers),
            "used_by": q.used_by,
        }
        yield Subject("queue", q.first_use, f"queue:{q.name}", fields)


def _dispatch(project: Project) -> Iterator[Subject]:
    seen: Counter[str] = Counter()
    for site, task in project.dispatch:
        literal = isinstance(site.target_name, str)
        if task is not None:
            known: FieldValue = True
        elif literal:
            known = (
                Undecidable("the module that may define it could not be parsed")
                if project.failed_modules
                else False
            )
        else:
            known = None
        name = task.name if task else (site.target_name if literal else site.target)
        key = f"dispatch:{site.function or site.location.path}:{name}"
        seen[key] += 1
        fields: dict[str, FieldValue] = {
            "method": site.method,
            "task": name if isinstance(name, str) else None,
            "task.known": known,
            "task.literal": literal,
            "queue": as_str(site.queue),
            "in_atomic": site.in_atomic,
            "deferred": site.deferred,
            "atomic.using": as_str(site.atomic_using),
            "instance_args": site.instance_args,
            "function": site.function,
        }
        yield Subject("dispatch", site.location, f"{key}#{seen[key]}", fields)


def _make(project: Project) -> Iterator[Subject]:
    for target, celery in project.make_targets:
        fields: dict[str, FieldValue] = {
            "name": target.name,
            "help": target.help,
            "celery": celery,
            "phony": target.phony,
            "recipe": target.recipe,
        }
        yield Subject("make_target", target.location, f"make:{target.name}", fields)


def _settings(project: Project) -> Iterator[Subject]:
    for item in project.settings_problems:
        fields: dict[str, FieldValue] = {
            "key": item.key,
            "status": item.status,
            "suggestion": item.suggestion,
            "detail": item.detail,
        }
        yield Subject("setting", item.location, f"setting:{item.key}", fields)


def _files(project: Project) -> Iterator[Subject]:
    for path in project.artifacts:
        yield Subject(
            "file", Location(path, 1, 1), f"file:{path}", {"path": path, "role": "beat-artifact"}
        )


def _provided_make_targets(project: Project) -> tuple[str, ...]:
    names = [t.name for t, _ in project.make_targets]
    # A pattern rule such as `%-logs:` answers `make celery-logs` as well.
    patterns = [name.replace("%", "*") for name in names if "%" in name]
    covered = [
        name
        for name in CONVENTIONAL_MAKE_TARGETS
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
    ]
    return tuple(sorted({*names, *covered}))


def _locking_scheduler(scheduler: Value) -> bool:
    return isinstance(scheduler, str) and any(s in scheduler for s in _BEAT_LOCK_SCHEDULERS)


def _project(project: Project) -> Subject:
    beat_commands = [
        c for c in project.commands if c.role == "beat" or (c.role == "worker" and c.embedded_beat)
    ]
    processes, counted = beat_processes(beat_commands)
    setting = project.config.get("beat_scheduler")
    configured = setting[0] if setting else None
    # A lock only guards the processes that take it: a `worker -B` on the default
    # scheduler beside a RedBeat or single-beat process still fires every entry twice.
    lock = bool(beat_commands) and all(
        "single-beat" in c.wrapped_by
        or _locking_scheduler(c.scheduler if c.scheduler is not None else configured)
        for c in beat_commands
    )
    expires = project.config.get("result_expires")
    backend = project.config.get("result_backend")
    expires_value: Value = expires[0] if expires else None
    makefile = project.makefile
    fields: dict[str, FieldValue] = {
        "sentry.initialised": bool(project.sentry.get("initialised")),
        "sentry.celery_instrumented": as_bool(project.sentry.get("celery_instrumented")),
        "result.backend": as_str(backend[0]) if backend else None,
        "result.backend_set": _backend_set(backend),
        "result.expires": as_number(expires_value),
        "result.expires_set": expires is not None,
        "result.expires_never": expires is not None and expires_value in (None, 0),
        "beat.processes": processes,
        "beat.lock": lock,
        "beat.commands": tuple(f"{c.location.path}:{c.location.line}" for c in counted),
        "make.found": makefile is not None,
        "make.targets": tuple(t.name for t, _ in project.make_targets),
        "make.provides": _provided_make_targets(project),
        "workers.found": bool(project.workers),
        "tasks": len(project.tasks),
    }
    location = Location(makefile or ".", 1, 1)
    return Subject("project", location, "project", fields)
