"""The fields each rule subject offers: the vocabulary of ``rules.yaml``.

This table is the contract between the fact model and the rule language:
loading a rules file validates every field it names against it, and the
"facts available per subject" documentation is generated from it.
"""

from __future__ import annotations

from taskaudit.rules.subjects import FieldSpec, SubjectSchema


def _f(type_: str, doc: str) -> FieldSpec:
    return FieldSpec(type_, doc)


TASK = {
    "name": _f("str", "the name the task registers (explicit, or Celery's autoname)"),
    "name.explicit": _f("bool", "the declaration passes `name=` (or a factory does)"),
    "name.known": _f("bool", "the name is a literal (not computed at run time)"),
    "name.expected": _f("str", "the full dotted path: module path + function name"),
    "name.matches_expected": _f("bool", "`name` equals `name.expected`"),
    "name.duplicates": _f(
        "list[str]", "`path:line` of other declarations registering the same name"
    ),
    "module": _f("str", "dotted path of the defining module"),
    "function": _f("str", "function (or Task class) name"),
    "style": _f("str", "declaration style at the root: shared_task, app.task, legacy or class"),
    "via": _f("str", "project factory, alias or base class the declaration goes through"),
    "bound": _f("bool", "`bind=True`, or a method of a Task class"),
    "body.statements": _f("int", "statements in the task's own body (nested defs count as one)"),
    "calls": _f(
        "list[str]", "every call in the body, normalised (`requests.post`, `x.objects.create`)"
    ),
    "retry.declared": _f(
        "bool", "any retry policy: `autoretry_for`, `max_retries` or `self.retry`"
    ),
    "retry.autoretry": _f("bool", "`autoretry_for` is set and not empty"),
    "retry.autoretry_for": _f("list[str]", "exception classes in `autoretry_for`, as dotted paths"),
    "retry.backoff": _f("bool", "`retry_backoff` is set to a true value"),
    "retry.backoff_options": _f(
        "list[str]", "`retry_backoff*`/`retry_jitter` options set explicitly"
    ),
    "retry.max_retries": _f("int", "`max_retries` (effective), none when unset"),
    "retry.max_retries_set": _f("bool", "`max_retries` set explicitly (also to 0)"),
    "retry.unbounded": _f(
        "bool", "`max_retries=None` on the task and a retry that no explicit limit caps"
    ),
    "retry.manual": _f("bool", "the body calls `<task>.retry(...)`"),
    "retry.backoff_read": _f(
        "bool",
        "a bound task reads its own backoff options (`self.retry_backoff`...) or hands `self` "
        "to another function, which may pace a manual retry with them",
    ),
    "retry.manual_via_self": _f("bool", "a `.retry(...)` call goes through the first parameter"),
    "retry.manual_unpaced": _f(
        "bool",
        "a `.retry()` call has no countdown/eta nor backoff, and no `default_retry_delay`",
    ),
    "retry.first_call_line": _f("int", "line of the first `.retry(...)` call"),
    "side_effects": _f(
        "list[str]", "non-idempotent operations: `kind:call` (`http-write:requests.post`)"
    ),
    "guards": _f("list[str]", "idempotency guards: `kind:detail`"),
    "idempotent_marker": _f("bool", "a `# idempotent: <reason>` comment inside the task"),
    "acks_late": _f("bool", "effective `acks_late` (task option, annotations or `task_acks_late`)"),
    "acks_late.source": _f("str", "where `acks_late` comes from"),
    "time_limit": _f("float", "effective hard time limit in seconds"),
    "soft_time_limit": _f("float", "effective soft time limit in seconds"),
    "time_limit.declared": _f("bool", "a soft or hard time limit applies (task or global)"),
    "queue": _f("str", "effective queue (decorator > first matching route > default queue)"),
    "queue.source": _f("str", "decorator, route or default"),
    "queue.decorator": _f("str", "queue given on the declaration"),
    "queue.route": _f("str", "queue of the first matching `task_routes` entry"),
    "queue.consumed": _f("bool", "a worker command consumes the effective queue"),
    "queue.declared": _f(
        "bool", "the effective queue is in `task_queues` (none when not declared)"
    ),
    "result.ignored": _f("bool", "effective `ignore_result` (task option or `task_ignore_result`)"),
    "result.policy_set": _f("bool", "`ignore_result` set on the task or globally"),
    "project.result_backend": _f("bool", "the project configures a result backend"),
    "project.workers_found": _f("bool", "at least one worker command was found"),
    "project.queues": _f(
        "list[str]", "every queue the project names: used, declared or consumed by a worker"
    ),
    "queue.route_disagrees": _f(
        "bool", "`queue.decorator` and `queue.route` are both set and name different queues"
    ),
}

HANDLER = {
    "task": _f("str", "registered name of the enclosing task"),
    "caught": _f(
        "list[str]", "caught exception classes as dotted paths; empty for a bare `except:`"
    ),
    "broad": _f("bool", "bare `except:`, `Exception` or `BaseException`"),
    "silences": _f("bool", "the body only passes, continues, breaks or returns None"),
    "reraises": _f("bool", "the handler raises"),
    "retries": _f("bool", "the handler calls `.retry(...)`"),
    "captures": _f("bool", "the handler calls `sentry_sdk.capture_*`"),
    "log.levels": _f("list[str]", "levels logged in the handler"),
    "log.max_level": _f("str", "highest level logged: none, debug, info, warning, error, critical"),
    "prints": _f("bool", "the handler calls `print(...)`"),
    "returns_value": _f("bool", "the handler returns a value other than None"),
    "other": _f("bool", "the handler does something else (assignments, calls...)"),
    "cleanup": _f(
        "bool",
        "inside a `finally:` or an outer `except` body: it guards cleanup while the "
        "task's own failure is already handled or propagating",
    ),
}

BEAT_ENTRY = {
    "key": _f("str", "schedule key (or `add_periodic_task` name)"),
    "task": _f("str", "the task name the entry fires"),
    "task.known": _f("bool", "a scanned declaration registers that name"),
    "schedule": _f("str", "the schedule as written"),
    "schedule.words": _f("str", "the schedule in words (`daily at 03:00`)"),
    "schedule.partial": _f("list[str]", "crontab fields missing below a given larger field"),
    "comment": _f("str", "owner/reason comment above the entry, on its first line or inside it"),
    "source": _f("str", "dict or add_periodic_task"),
    "named": _f("bool", "an `add_periodic_task` call passes `name=` (dict entries: always)"),
    "container": _f("str", "the variable or setting holding the entry"),
    "place": _f("str", "the file that defines the entry"),
    "conditional": _f("bool", "defined under an `if`/`try`: may not be in effect"),
}

BEAT_PLACE = {
    "place": _f("str", "a file that defines beat entries"),
    "path": _f("str", "file defining the entries"),
    "entries": _f("int", "number of entries defined there"),
    "rank": _f("int", "1 for the place holding most entries, then 2, 3..."),
    "places": _f("int", "how many places define beat entries"),
    "main": _f("str", "the place of rank 1: where most entries are defined"),
}

ROUTE = {
    "pattern": _f("str", "the `task_routes` key: a name, glob or regex"),
    "kind": _f("str", "exact, glob, regex or router"),
    "queue": _f("str", "the queue it routes to"),
    "matches": _f("int", "how many scanned tasks it matches"),
}

QUEUE = {
    "name": _f("str", "queue name"),
    "declared": _f("bool", "listed in `task_queues`; none when `task_queues` is not declared"),
    "consumers": _f("int", "worker commands consuming it"),
    "used_by": _f("list[str]", "task names, `route:<pattern>` and `call:<path:line>` using it"),
}

DISPATCH = {
    "method": _f("str", "delay, apply_async, send_task, signature, s, si, *_on_commit"),
    "task": _f("str", "registered name of the dispatched task, when resolved"),
    "task.known": _f("bool", "the dispatched name is registered by a scanned task"),
    "task.literal": _f("bool", 'the task is named by a string literal (`send_task("...")`)'),
    "queue": _f("str", "call-site `queue=`"),
    "in_atomic": _f("bool", "lexically inside `transaction.atomic`"),
    "deferred": _f("bool", "inside `transaction.on_commit(...)` or `*_on_commit`"),
    "atomic.using": _f("str", "the innermost atomic block's `using=` database alias"),
    "instance_args": _f("list[str]", "arguments that are ORM model instances"),
    "function": _f("str", "enclosing function"),
}

MAKE_TARGET = {
    "name": _f("str", "target name"),
    "help": _f("str", "`## help` on the target line or a comment directly above"),
    "celery": _f("bool", "the target runs Celery or shows its logs"),
    "phony": _f("bool", "listed in `.PHONY`"),
    "recipe": _f("list[str]", "recipe lines, variables expanded"),
}

SETTING = {
    "key": _f("str", "the setting name as written"),
    "status": _f("str", "ignored (Celery never reads it) or mixed (old and new names mixed)"),
    "suggestion": _f("str", "the spelling that works here"),
    "detail": _f("str", "why Celery ignores or rejects it"),
}

FILE = {
    "path": _f("str", "repository-relative path"),
    "role": _f("str", "python, makefile, procfile, compose, shell, beat-artifact..."),
}

SENTRY = {
    "initialised": _f("bool", "a `sentry_sdk.init(...)` call (false: the project never calls it)"),
    "celery_instrumented": _f("bool", "this call leaves Sentry's Celery integration active"),
    "project.celery_instrumented": _f("bool", "any `sentry_sdk.init(...)` instruments Celery"),
    "integrations": _f("list[str]", "classes listed in `integrations=`, as dotted paths"),
    "disabled_integrations": _f("list[str]", "classes listed in `disabled_integrations=`"),
    "default_integrations": _f("bool", "`default_integrations` (true when not given)"),
    "auto_enabling_integrations": _f("bool", "`auto_enabling_integrations` (true when not given)"),
    "detail": _f("str", "why Celery is left uninstrumented, in words (none when it is not)"),
}

RESULT_BACKEND = {
    "backend": _f("str", "the configured `result_backend`"),
    "expires": _f("float", "`result_expires` in seconds"),
    "expires_set": _f("bool", "`result_expires` is set explicitly (also to None)"),
    "expires_never": _f("bool", "`result_expires` is None or 0: results are kept forever"),
}

PROJECT = {
    "sentry.initialised": _f("bool", "`sentry_sdk.init(...)` is called somewhere"),
    "sentry.celery_instrumented": _f("bool", "Sentry's Celery integration is active"),
    "result.backend": _f("str", "configured result backend"),
    "result.backend_set": _f("bool", "a result backend is configured"),
    "result.expires": _f("float", "`result_expires` in seconds"),
    "result.expires_set": _f("bool", "`result_expires` is set explicitly (also to None)"),
    "result.expires_never": _f("bool", "`result_expires` is None or 0: results are kept forever"),
    "beat.processes": _f(
        "int", "processes that can start beat (beat commands, `worker -B`, replicas)"
    ),
    "beat.lock": _f(
        "bool", "a beat lock (RedBeat, single-beat...) covers every process that can start beat"
    ),
    "beat.commands": _f("list[str]", "`path:line` of every command that starts beat"),
    "make.found": _f("bool", "a Makefile was found"),
    "make.targets": _f("list[str]", "Makefile target names"),
    "make.provides": _f(
        "list[str]",
        "target names `make` answers: the targets, plus the conventional Celery "
        "targets a `%` pattern rule such as `%-logs:` matches",
    ),
    "workers.found": _f("bool", "at least one worker command was found"),
    "tasks": _f("int", "number of tasks found"),
}

SCHEMA: SubjectSchema = {
    "task": TASK,
    "handler": HANDLER,
    "beat_entry": BEAT_ENTRY,
    "beat_place": BEAT_PLACE,
    "route": ROUTE,
    "queue": QUEUE,
    "dispatch": DISPATCH,
    "make_target": MAKE_TARGET,
    "setting": SETTING,
    "file": FILE,
    "sentry": SENTRY,
    "result_backend": RESULT_BACKEND,
    "project": PROJECT,
}
