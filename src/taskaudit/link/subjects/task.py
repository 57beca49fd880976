"""The ``task`` subject: one per registered task, with its effective options.

Options are the ones Celery applies (``taskaudit.link.registry``: globals,
base class, factory, decorator, ``task_annotations``); queues follow
Celery's routing precedence (``taskaudit.celery.routing``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from taskaudit.core.values import Dict, Unknown
from taskaudit.extract.body_retry import RetryCall
from taskaudit.link.alternatives import exclusive
from taskaudit.link.choices import has_time_limit
from taskaudit.link.model import Project, Task
from taskaudit.link.subjects.kind import Kind
from taskaudit.link.subjects.values import (
    as_bool,
    as_number,
    as_str,
    dotted_list,
    undecidable,
    unless_unseen,
)
from taskaudit.rules.subjects import FieldValue, Subject, Undecidable


@dataclass(frozen=True, slots=True)
class _Queues:
    """What every task's queue fields compare against, computed once per project."""

    consumed: frozenset[str]
    declared: dict[str, bool | None]
    workers_unknown: bool
    known: tuple[str, ...]
    # A worker without -Q consumes every queue of `task_queues`: when that list is
    # computed at run time, what such a worker consumes is not known either.
    bare_unknown: dict[str, str]

    @classmethod
    def of(cls, project: Project) -> _Queues:
        lists = [w.queues for w in project.workers if isinstance(w.queues, tuple)]
        by_workers = {q for queues in lists for q in queues if isinstance(q, str)}
        return cls(
            consumed=frozenset(q.name for q in project.queues if q.consumers),
            declared={q.name: q.declared for q in project.queues},
            workers_unknown=any(
                not isinstance(w.queues, tuple | type(None)) for w in project.workers
            ),
            known=tuple(sorted({q.name for q in project.queues} | by_workers)),
            bare_unknown={
                q.name: q.declared_unknown
                for q in project.queues
                if q.declared_unknown and any(w.queues is None for w in project.workers)
            },
        )


class TaskContext:
    """One task and the project around it; shared intermediate values computed once."""

    def __init__(self, task: Task, project: Project, queues: _Queues, names: Counter[str]):
        self.task, self.project, self.queues, self.names = task, project, queues, names
        self.opts = task.options
        self.retry_calls: Sequence[RetryCall] = task.body.retry_calls if task.body else ()

    @cached_property
    def autoretry(self) -> FieldValue:
        return dotted_list(self.opts.get("autoretry_for"))

    def autoretry_set(self) -> FieldValue:
        found = self.autoretry
        return found if isinstance(found, Undecidable) else bool(found)


TASK: Kind[TaskContext] = Kind("task")
_add = TASK.add


def _name(c: TaskContext) -> FieldValue:
    task = c.task
    if task.name_known:
        return task.name
    return Undecidable(task.name_reason or "the task name is computed at run time")


def _duplicates(c: TaskContext) -> FieldValue:
    task = c.task
    if not task.name_known:
        return _name(c)
    if c.names[task.name] <= 1:
        return ()
    return tuple(
        sorted(
            f"{t.location.path}:{t.location.line}"
            for t in c.project.tasks
            if t is not task and t.name == task.name and t.name_known and not exclusive(t, task)
        )
    )


def _unpaced(c: TaskContext) -> FieldValue:
    return (
        any(r.countdown is None and not r.eta and not r.backoff_expression for r in c.retry_calls)
        and "default_retry_delay" not in c.opts
    )


def _delay_chosen(c: TaskContext) -> FieldValue:
    """The retry delay is the team's: ``default_retry_delay`` or a ``retry_kwargs`` countdown.

    Autoretry hands ``retry_kwargs`` to ``Task.retry``, which falls back to
    ``default_retry_delay`` only without ``countdown``/``eta`` (measured on
    Celery 5.5.3 and 5.7.0); ``default_retry_delay`` may come from the task's
    own options, its base class or ``task_annotations``.
    """
    if "default_retry_delay" in c.opts:
        return True
    kwargs = c.opts.get("retry_kwargs")
    if isinstance(kwargs, Unknown):
        return undecidable(kwargs)
    if not isinstance(kwargs, Dict):
        return False
    if "countdown" in kwargs or "eta" in kwargs:
        return True
    computed = next((k for k, _ in kwargs.items if isinstance(k, Unknown)), None)
    return undecidable(computed) if computed is not None else False


def _max_retries(c: TaskContext) -> FieldValue:
    value = c.opts.get("max_retries")
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _unbounded(c: TaskContext) -> FieldValue:
    """Whether a retry runs under the task's ``max_retries=None`` (TA303).

    ``Task.retry(max_retries=None)`` falls back to the task's own limit
    (celery/app/task.py), so only an explicit number in ``retry_kwargs`` or
    in the call itself bounds that retry.
    """
    if "max_retries" not in c.opts or c.opts["max_retries"] is not None:
        return False
    kwargs = c.opts.get("retry_kwargs")
    capped = isinstance(kwargs, Dict) and kwargs.get("max_retries") is not None
    return (c.autoretry_set() is True and not capped) or any(
        r.max_retries is None for r in c.retry_calls
    )


def _retry_declared(c: TaskContext) -> FieldValue:
    return c.autoretry_set() is True or "max_retries" in c.opts or bool(c.retry_calls)


def _any_limit(c: TaskContext) -> FieldValue:
    state = has_time_limit(c.task)
    if state is not None:
        return state
    values = [c.opts.get("time_limit"), c.opts.get("soft_time_limit")]
    return undecidable(next(v for v in values if isinstance(v, Unknown)))


def _queue(c: TaskContext) -> FieldValue:
    queue = c.task.queue
    if not isinstance(queue, str):
        return undecidable(queue)
    if c.task.queue_source == "default" and c.task.config_gaps:
        # A route or the default queue may be set where taskaudit could not see.
        return Undecidable(c.task.config_gaps[0].undecided())
    return queue


def _consumed(c: TaskContext) -> FieldValue:
    queue = _queue(c)
    if not isinstance(queue, str):
        return queue
    if queue in c.queues.consumed:
        return True
    if c.queues.workers_unknown:
        return Undecidable("a worker's queues are computed at run time")
    if queue in c.queues.bare_unknown:
        return Undecidable(c.queues.bare_unknown[queue])
    return False


def _declared_queue(c: TaskContext) -> FieldValue:
    queue = _queue(c)
    if not isinstance(queue, str):
        return queue if isinstance(queue, Undecidable) else None
    return unless_unseen(c.queues.declared.get(queue), c.task.config_gaps)


def _disagree(c: TaskContext) -> FieldValue:
    """Whether the decorator's queue overrides a route that names another queue (TA606)."""
    decorator, route = c.opts.get("queue"), c.task.route_queue
    if decorator is None or route is None:
        return False
    if isinstance(decorator, Unknown):
        return undecidable(decorator)
    if isinstance(route, Unknown):
        return undecidable(route)
    return as_str(decorator) != route


def _option_bool(c: TaskContext, option: str) -> FieldValue:
    """A boolean option; its absence on the task is only known when the config was seen."""
    value = as_bool(c.opts.get(option)) if option in c.opts else False
    if option in c.task.explicit:
        return value  # the task's own option wins over any global default
    return unless_unseen(value, c.task.config_gaps)


def _backoff_options(c: TaskContext) -> FieldValue:
    names = ("retry_backoff", "retry_backoff_max", "retry_jitter")
    return tuple(sorted(k for k in names if k in c.task.explicit))


def _body_list(c: TaskContext, what: str) -> FieldValue:
    body = c.task.body
    if body is None:
        return ()
    if what == "calls":
        return tuple(sorted({call.name for call in body.calls}))
    if what == "side_effects":
        return tuple(f"{s.kind}:{s.call}" for s in body.side_effects)
    # A guard covering one insert (``Guard.covers``) already took that insert out of
    # the side effects; it says nothing about the task's other side effects.
    return tuple(f"{g.kind}:{g.detail}" for g in body.guards if g.covers is None)


def _route_queue(c: TaskContext) -> FieldValue:
    route = c.task.route_queue
    return as_str(route) if route is not None else None


# fmt: off
_add("name", "str", "the name the task registers (explicit, or its app's `gen_task_name`)",
     _name)
_add("name.explicit", "bool", "the declaration passes `name=` (or a factory does)",
     lambda c: c.task.name_explicit)
_add("name.known", "bool", "the name is a literal (not computed at run time)",
     lambda c: c.task.name_known)
_add("name.expected", "str", "the full dotted path: module path + function name",
     lambda c: c.task.expected_name)
_add("decorators.inner", "list[str]",
     "dotted paths of the decorators below Celery's: they wrap the function the worker runs",
     lambda c: c.task.inner_decorators)
_add("name.matches_expected", "bool", "`name` equals `name.expected`",
     lambda c: c.task.name == c.task.expected_name)
_add("name.duplicates", "list[str]",
     "`path:line` of other declarations registering the same name", _duplicates)
_add("module", "str", "dotted path of the defining module", lambda c: c.task.module)
_add("function", "str", "function (or Task class) name", lambda c: c.task.function)
_add("style", "str", "declaration style at the root: shared_task, app.task, legacy or class",
     lambda c: c.task.style)
_add("via", "str", "project factory, alias or base class the declaration goes through",
     lambda c: c.task.via)
_add("bound", "bool", "`bind=True`, or a method of a Task class", lambda c: c.task.bound)
_add("body.statements", "int", "statements in the task's own body (nested defs count as one)",
     lambda c: c.task.body.statements if c.task.body else 0)
_add("calls", "list[str]",
     "every call in the body, normalised (`requests.post`, `x.objects.create`)",
     lambda c: _body_list(c, "calls"))
_add("retry.declared", "bool", "any retry policy: `autoretry_for`, `max_retries` or `self.retry`",
     _retry_declared)
_add("retry.autoretry", "bool", "`autoretry_for` is set and not empty",
     lambda c: c.autoretry_set())
_add("retry.autoretry_for", "list[str]", "exception classes in `autoretry_for`, as dotted paths",
     lambda c: c.autoretry)
_add("retry.backoff", "bool", "`retry_backoff` is set to a true value",
     lambda c: as_bool(c.opts.get("retry_backoff")) or False)
_add("retry.delay_chosen", "bool",
     "`default_retry_delay` is set (task, base class or annotations), or `retry_kwargs` "
     "passes a `countdown`/`eta`", _delay_chosen)
_add("retry.backoff_options", "list[str]",
     "`retry_backoff*`/`retry_jitter` options set explicitly", _backoff_options)
_add("retry.max_retries", "int", "`max_retries` (effective), none when unset", _max_retries)
_add("retry.max_retries_set", "bool", "`max_retries` set explicitly (also to 0)",
     lambda c: "max_retries" in c.opts)
_add("retry.unbounded", "bool",
     "`max_retries=None` on the task and a retry that no explicit limit caps", _unbounded)
_add("retry.manual", "bool", "the body calls `<task>.retry(...)`",
     lambda c: bool(c.retry_calls))
_add("retry.backoff_read", "bool",
     "a bound task reads its own backoff options (`self.retry_backoff`...) or hands `self` "
     "to another function, which may pace a manual retry with them",
     lambda c: bool(c.task.bound is True and c.task.body and c.task.body.backoff_read))
_add("retry.manual_via_self", "bool", "a `.retry(...)` call goes through the first parameter",
     lambda c: any(r.via in ("self", c.task.first_param) for r in c.retry_calls))
_add("retry.manual_unpaced", "bool",
     "a `.retry()` call has no countdown/eta nor backoff, and no `default_retry_delay`",
     _unpaced)
_add("retry.first_call_line", "int", "line of the first `.retry(...)` call",
     lambda c: c.retry_calls[0].location.line if c.retry_calls else None)
_add("side_effects", "list[str]",
     "non-idempotent operations: `kind:call` (`http-write:requests.post`)",
     lambda c: _body_list(c, "side_effects"))
_add("guards", "list[str]",
     "idempotency guards of the whole task: `kind:detail` (a guard of one insert, such as "
     "`ignore_conflicts=True`, takes that insert out of `side_effects` instead)",
     lambda c: _body_list(c, "guards"))
_add("idempotent_marker", "bool", "a `# idempotent: <reason>` comment inside the task",
     lambda c: bool(c.task.markers))
_add("acks_late", "bool", "effective `acks_late` (task option, annotations or `task_acks_late`)",
     lambda c: _option_bool(c, "acks_late"))
_add("acks_late.source", "str", "where `acks_late` comes from",
     lambda c: c.task.option_sources.get("acks_late"))
_add("time_limit", "float", "effective hard time limit in seconds",
     lambda c: as_number(c.opts.get("time_limit")))
_add("soft_time_limit", "float", "effective soft time limit in seconds",
     lambda c: as_number(c.opts.get("soft_time_limit")))
_add("time_limit.declared", "bool", "a soft or hard time limit applies (task or global)",
     lambda c: unless_unseen(_any_limit(c), c.task.config_gaps))
_add("queue", "str", "effective queue (decorator > first matching route > default queue)",
     _queue)
_add("queue.source", "str", "decorator, route or default", lambda c: c.task.queue_source)
_add("queue.decorator", "str", "queue given on the declaration",
     lambda c: as_str(c.opts.get("queue")))
_add("queue.route", "str", "queue of the first matching `task_routes` entry", _route_queue)
_add("queue.consumed", "bool", "a worker command consumes the effective queue", _consumed)
_add("queue.declared", "bool",
     "the effective queue is in `task_queues` (none when not declared)", _declared_queue)
_add("result.ignored", "bool", "effective `ignore_result` (task option or `task_ignore_result`)",
     lambda c: _option_bool(c, "ignore_result"))
_add("result.policy_set", "bool", "`ignore_result` set on the task or globally",
     lambda c: unless_unseen("ignore_result" in c.opts, c.task.config_gaps))
_add("project.result_backend", "bool", "the project configures a result backend",
     lambda c: unless_unseen(c.task.results.backend_set, c.task.config_gaps))
_add("project.result_backend_stated", "bool",
     "its app states its result backend, `None` (no results, on purpose) included",
     lambda c: unless_unseen(c.task.results.backend_written, c.task.config_gaps))
_add("project.workers_found", "bool", "at least one worker command was found",
     lambda c: bool(c.project.workers))
_add("project.queues", "list[str]",
     "every queue the project names: used, declared or consumed by a worker",
     lambda c: c.queues.known)
_add("queue.route_disagrees", "bool",
     "`queue.decorator` and `queue.route` are both set and name different queues", _disagree)
# fmt: on


def task_subjects(project: Project) -> Iterator[Subject]:
    queues = _Queues.of(project)
    names = Counter(t.name for t in project.tasks if t.name_known)
    for task in project.tasks:
        context = TaskContext(task, project, queues, names)
        yield TASK.subject(context, task.location, f"task:{task.name}")
