"""What each ``except`` clause of a task does with the failure it catches.

A task's failure reaches the worker log and Sentry only if it escapes the task
(Celery marks the task FAILURE, and sentry-sdk's Celery integration captures
exceptions raised by tasks: docs.sentry.io, "Celery" integration), is
re-raised, is turned into ``self.retry(...)``, is captured explicitly
(``sentry_sdk.capture_exception``), or is logged: stdlib ``logging`` levels
(docs.python.org, "logging") and ``logger.exception``. These facts feed
TA401-TA403 and the TA501 ``except IntegrityError`` guard.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.core.values import Ref, Seq
from taskaudit.extract.body_names import BodyNamer
from taskaudit.extract.globs import any_match
from taskaudit.extract.walk import own_nodes

# Logger methods and the level each logs at (`warn`/`fatal` are stdlib aliases).
LOG_METHODS: Mapping[str, str] = {
    "debug": "debug", "info": "info", "warning": "warning", "warn": "warning",
    "error": "error", "exception": "exception", "critical": "critical", "fatal": "critical",
}  # fmt: skip
_LOG_LEVEL_NAMES: Mapping[str, str] = {
    "DEBUG": "debug", "INFO": "info", "WARNING": "warning", "WARN": "warning",
    "ERROR": "error", "CRITICAL": "critical", "FATAL": "critical",
}  # fmt: skip
_LOG_LEVEL_NUMBERS: Mapping[int, str] = {
    10: "debug", 20: "info", 30: "warning", 40: "error", 50: "critical",
}  # fmt: skip
# Calls that report to an error tracker: sentry-sdk (any alias, hub or scope), raven.
CAPTURE_PATTERNS: tuple[str, ...] = (
    "*.capture_exception", "*.capture_message", "*.capture_event",
    "*.captureException", "*.captureMessage",
)  # fmt: skip
PRINT_CALLS = frozenset({"print", "traceback.print_exc", "traceback.print_exception"})
BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException"})
# A logger is named for what it is (`logger`, `task_logger`, `LOG`, `get_logger()`);
# a bare "log" inside a word (`catalog`, `backlog`, `login`) is something else.
_LOGGER_NAME = re.compile(
    r"(?:^|_|(?<=[a-z])(?=L))(?i:log|logger|logging|getlogger)(?:$|_|\(|(?<=[a-z])(?=[A-Z]))"
)
# Statements that neither do work nor surface anything by themselves.
_NO_WORK = (
    ast.Pass, ast.Continue, ast.Break, ast.Return, ast.Raise,
    ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith,
    ast.Try, ast.TryStar, ast.Match,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Handler:
    location: Location  # the `except` keyword
    caught: tuple[str, ...]  # resolved dotted names; () for a bare except; "?" when unresolvable
    broad: bool
    silences: bool
    reraises: bool
    retries: bool
    captures: bool
    log_levels: tuple[str, ...]
    prints: bool
    returns_value: bool
    other: bool
    # Inside a `finally:` or an outer `except` body: the task's own failure is already
    # being handled or propagated, and this one only guards cleanup (a temp file's unlink).
    cleanup: bool = False
    # Names bound only in the `try` body that the code after the `try` reads when this
    # handler falls through: an `UnboundLocalError` waiting, not an absent row skipped.
    falls_through_unbound: tuple[str, ...] = ()


def classify_handler(
    node: ast.ExceptHandler,
    location: Location,
    names: BodyNamer,
    is_retry: Callable[[ast.Call], bool],
) -> Handler:
    inner = list(own_nodes(node.body, into_functions=False))
    calls = [n for n in inner if isinstance(n, ast.Call)]
    levels = {level for level in (log_level(call, names) for call in calls) if level}
    caught = caught_names(node.type, names)

    def recognised(call: ast.Call) -> bool:
        return bool(
            is_retry(call)
            or log_level(call, names)
            or _captures(call, names)
            or _prints(call, names)
        )

    returns = [n.value for n in inner if isinstance(n, ast.Return)]
    return Handler(
        location=location,
        caught=caught,
        broad=not caught or any(name in BROAD_EXCEPTIONS for name in caught),
        silences=all(_is_silent(stmt) for stmt in node.body),
        reraises=any(isinstance(n, ast.Raise) for n in inner),
        retries=any(is_retry(call) for call in calls),
        captures=any(_captures(call, names) for call in calls),
        log_levels=tuple(sorted(levels)),
        prints=any(_prints(call, names) for call in calls),
        returns_value=any(not _is_none(value) for value in returns),
        other=any(_is_other(n, recognised) for n in inner if isinstance(n, ast.stmt)),
    )


def caught_names(node: ast.expr | None, names: BodyNamer) -> tuple[str, ...]:
    if node is None:
        return ()
    if isinstance(node, ast.Tuple):
        return tuple(name for elt in node.elts for name in caught_names(elt, names))
    if (
        isinstance(node, ast.Name)
        and node.id not in names.local
        and node.id in names.scope.constants
    ):
        # A module-level `RETRYABLE = (IOError, requests.Timeout)` used as `except RETRYABLE:`.
        constant = names.scope.constants[node.id]
        items = constant.items if isinstance(constant, Seq) else (constant,)
        return tuple(item.qualname if isinstance(item, Ref) else "?" for item in items)
    root = node
    while isinstance(root, ast.Attribute):
        root = root.value
    if isinstance(root, ast.Name) and root.id in names.local:
        # `except model.DoesNotExist:` on a parameter: the class is unknown, the kind is not.
        return (f"?.{node.attr}",) if isinstance(node, ast.Attribute) else ("?",)
    dotted = names.scope.dotted(node)
    if dotted is None and isinstance(node, ast.Attribute) and not isinstance(root, ast.Name):
        # `except get_user_model().DoesNotExist:`, `apps.get_model(...).DoesNotExist`:
        # the model comes from a call, the exception is still its DoesNotExist.
        return (f"?.{node.attr}",)
    return (dotted or "?",)


def log_level(call: ast.Call, names: BodyNamer) -> str | None:
    """The level a logging call logs at; "" for a ``log(level, ...)`` whose level is computed."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    # `log = LogAdapter(...)` is typed by its constructor; its own name still says logger.
    if not (is_logger(names.expr(func.value)) or is_logger(ast.unparse(func.value))):
        return None
    if func.attr in LOG_METHODS:
        return LOG_METHODS[func.attr]
    if func.attr != "log":
        return None
    level = (
        call.args[0]
        if call.args
        else next((kw.value for kw in call.keywords if kw.arg == "level"), None)
    )
    if isinstance(level, ast.Constant) and isinstance(level.value, int):
        return _LOG_LEVEL_NUMBERS.get(level.value, "")
    if isinstance(level, ast.Attribute | ast.Name):
        return _LOG_LEVEL_NAMES.get(names.expr(level).rpartition(".")[2], "")
    return ""


def is_logger(receiver: str) -> bool:
    """Whether a receiver, as ``BodyNamer.expr`` writes it, reads as a logger."""
    return bool(_LOGGER_NAME.search(receiver.rpartition(".")[2]))


_is_capture = any_match(CAPTURE_PATTERNS)


def _captures(call: ast.Call, names: BodyNamer) -> bool:
    return _is_capture(names.callee(call))


def _prints(call: ast.Call, names: BodyNamer) -> bool:
    return names.callee(call) in PRINT_CALLS


def _is_none(node: ast.expr | None) -> bool:
    return node is None or (isinstance(node, ast.Constant) and node.value is None)


def _is_silent(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Pass | ast.Continue | ast.Break):
        return True
    if isinstance(stmt, ast.Return):
        return _is_none(stmt.value)
    # String statements are comments in disguise; `...` is a placeholder.
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


def _is_other(stmt: ast.stmt, recognised: Callable[[ast.Call], bool]) -> bool:
    """A statement that does work besides surfacing or dropping the failure."""
    if isinstance(stmt, _NO_WORK):
        return False
    if not isinstance(stmt, ast.Expr):
        return True
    value = stmt.value.value if isinstance(stmt.value, ast.Await) else stmt.value
    if isinstance(value, ast.Constant):
        return False
    return not (isinstance(value, ast.Call) and recognised(value))
