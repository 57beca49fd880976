"""The ``handler`` subject: one per ``except`` clause inside a task's own body.

Its identity is its content (the task and what it catches), never its
position, so adding an unrelated handler above a baselined one leaves the
baselined finding baselined.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from taskaudit.extract.body_handlers import Handler
from taskaudit.link.model import Project, Task
from taskaudit.link.subjects.kind import Kind
from taskaudit.rules.subjects import FieldValue, Subject

_LEVELS = ("none", "debug", "info", "warning", "error", "critical")
_LEVEL_RANK = {"debug": 1, "info": 2, "warning": 3, "error": 4, "exception": 4, "critical": 5}


@dataclass(frozen=True, slots=True)
class HandlerContext:
    task: Task
    handler: Handler


def _max_level(c: HandlerContext) -> FieldValue:
    ranks = [_LEVEL_RANK[level] for level in c.handler.log_levels if level in _LEVEL_RANK]
    return _LEVELS[max(ranks)] if ranks else "none"


HANDLER: Kind[HandlerContext] = Kind("handler")
_add = HANDLER.add

# fmt: off
_add("task", "str", "registered name of the enclosing task", lambda c: c.task.name)
_add("caught", "list[str]",
     "caught exception classes as dotted paths; empty for a bare `except:`",
     lambda c: c.handler.caught)
_add("broad", "bool", "bare `except:`, `Exception` or `BaseException`", lambda c: c.handler.broad)
_add("silences", "bool", "the body only passes, continues, breaks or returns None",
     lambda c: c.handler.silences)
_add("reraises", "bool", "the handler raises", lambda c: c.handler.reraises)
_add("retries", "bool", "the handler calls `.retry(...)`", lambda c: c.handler.retries)
_add("captures", "bool", "the handler calls `sentry_sdk.capture_*`", lambda c: c.handler.captures)
_add("log.levels", "list[str]", "levels logged in the handler", lambda c: c.handler.log_levels)
_add("log.max_level", "str",
     "highest level logged: none, debug, info, warning, error, critical", _max_level)
_add("prints", "bool", "the handler calls `print(...)`", lambda c: c.handler.prints)
_add("returns_value", "bool", "the handler returns a value other than None",
     lambda c: c.handler.returns_value)
_add("other", "bool", "the handler does something else (assignments, calls...)",
     lambda c: c.handler.other)
_add("cleanup", "bool",
     "inside a `finally:` or an outer `except` body: it guards cleanup while the "
     "task's own failure is already handled or propagating",
     lambda c: c.handler.cleanup)
_add("falls_through_unbound", "list[str]",
     "names bound only in the `try` body that the code after the `try` reads when this "
     "handler falls through (an `UnboundLocalError` waiting)",
     lambda c: c.handler.falls_through_unbound)
# fmt: on


def handler_identity(task: Task, handler: Handler) -> str:
    """The task and the classes caught; fingerprints number same-content handlers in order."""
    caught = ",".join(handler.caught) if handler.caught else "bare"
    return f"handler:{task.name}:{caught}"


def handler_subjects(project: Project) -> Iterator[Subject]:
    for task in project.tasks:
        if task.body is None:
            continue
        for h in task.body.handlers:
            yield HANDLER.subject(HandlerContext(task, h), h.location, handler_identity(task, h))
