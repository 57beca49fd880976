from __future__ import annotations

import ast
import sys
import textwrap

import pytest

from taskaudit.core.location import Location
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body import analyze_body
from taskaudit.extract.body_handlers import Handler, is_logger

HEADER = """\
import logging
import traceback
import requests
import requests.exceptions as rex
import sentry_sdk
import structlog
from sentry_sdk import capture_exception as cap
from apps.sync.models import Practice
logger = logging.getLogger(__name__)
RETRYABLE = (IOError, requests.Timeout)
BROAD = Exception
"""
DEF = HEADER.count("\n") + 1  # the `def` line; body line N is at DEF + N


def handlers(body: str, *, self_name: str | None = "self") -> list[Handler]:
    source = HEADER + "def pull(self, pk):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    tree = ast.parse(source)
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef)
    scope = build_scope(tree, "apps.sync.tasks", False)
    facts = analyze_body(func, scope, "apps/sync/tasks.py", self_name=self_name)
    return list(facts.handlers)


def does(body: str) -> list[tuple[str, ...]]:
    """Per handler: the true flags, then `log:<level>` for each level logged."""
    flags = ("silences", "reraises", "retries", "captures", "prints", "returns_value", "other")
    return [
        (*(f for f in flags if getattr(h, f)), *(f"log:{level}" for level in h.log_levels))
        for h in handlers(body)
    ]


def one(handler_body: str) -> tuple[str, ...]:
    """What a single `except Exception as e:` handler with this body does."""
    source = "try:\n    sync(pk)\nexcept Exception as e:\n" + textwrap.indent(
        textwrap.dedent(handler_body), "    "
    )
    [found] = does(source)
    return found


def test_handler_fields_and_location() -> None:
    body = """\
    try:
        sync(pk)
    except Exception:
        pass
    """
    assert handlers(body) == [
        Handler(
            location=Location("apps/sync/tasks.py", DEF + 3, 5),
            caught=("Exception",),
            broad=True,
            silences=True,
            reraises=False,
            retries=False,
            captures=False,
            log_levels=(),
            prints=False,
            returns_value=False,
            other=False,
        )
    ]


@pytest.mark.parametrize(
    "handler_body",
    [
        "pass",
        "...",
        "return",
        "return None",
        '"""Nothing to do: the row is gone."""\npass',
        '"ignored"',
        "pass\nreturn None",
    ],
)
def test_bodies_that_only_drop_the_failure_silence_it(handler_body: str) -> None:
    assert one(handler_body) == ("silences",)


def test_continue_and_break_in_a_loop_silence() -> None:
    body = """\
    for item in items:
        try:
            sync(item)
        except ValueError:
            continue
        try:
            sync(item)
        except KeyError:
            break
    """
    assert does(body) == [("silences",), ("silences",)]


@pytest.mark.parametrize(
    ("handler_body", "expected"),
    [
        ("return False", ("returns_value",)),
        ("return {'status': 'failed'}", ("returns_value",)),
        ("result = None", ("other",)),
        ("pass\nraise", ("reraises",)),
        ("mark_failed(pk)", ("other",)),
        ("if pk:\n    pass", ()),
    ],
)
def test_near_misses_that_do_not_only_silence(handler_body: str, expected: tuple[str, ...]) -> None:
    assert one(handler_body) == expected


@pytest.mark.parametrize(
    ("handler_body", "level"),
    [
        ("logger.debug('x')", "debug"),
        ("logger.info('x')", "info"),
        ("logger.warning('x')", "warning"),
        ("logger.warn('x')", "warning"),
        ("log.warn('x')", "warning"),
        ("logger.error('x', exc_info=True)", "error"),
        ("logger.exception('x')", "exception"),
        ("logger.critical('x')", "critical"),
        ("logger.fatal('x')", "critical"),
        ("logging.error('x')", "error"),
        ("logger.log(logging.ERROR, 'x')", "error"),
        ("logger.log(logging.WARN, 'x')", "warning"),
        ("logger.log(20, 'x')", "info"),
        ("logger.log(level=logging.DEBUG, msg='x')", "debug"),
        ("self.get_logger().error('x')", "error"),
        ("logging.getLogger(__name__).warning('x')", "warning"),
        ("structlog.get_logger().error('failed', pk=pk)", "error"),
        ("self.logger.info('x')", "info"),
        ("task_logger.error('x')", "error"),
        ("LOGGER.error('x')", "error"),
        ("_logger.info('x')", "info"),
        ("audit_log.warning('x')", "warning"),
        ("taskLogger.info('x')", "info"),
    ],
)
def test_log_levels(handler_body: str, level: str) -> None:
    assert one(handler_body) == (f"log:{level}",)


def test_levels_are_sorted_and_distinct() -> None:
    body = "logger.warning('a')\nlogger.error('b')\nlogger.warning('c')\nlogger.debug('d')"
    assert one(body) == ("log:debug", "log:error", "log:warning")


def test_a_logger_bound_in_the_task_keeps_its_name() -> None:
    body = """\
    log = structlog.get_logger()
    adapter = logging.LoggerAdapter(logger, {})
    try:
        sync(pk)
    except ValueError:
        log.error("failed")
    except KeyError:
        adapter.info("failed")
    """
    assert does(body) == [("log:error",), ("log:info",)]


@pytest.mark.parametrize(
    "handler_body",
    [
        "catalog.error('x')",
        "messages.warning(request, 'x')",
        "backlog.info('x')",
        "dialog.critical('x')",
        "logger.log(level, 'x')",
        "logger.flush()",
    ],
)
def test_calls_that_are_not_logging_at_a_known_level(handler_body: str) -> None:
    assert one(handler_body) == ("other",)


@pytest.mark.parametrize(
    ("receiver", "expected"),
    [
        ("logger", True),
        ("self.get_logger()", True),
        ("logging.getLogger()", True),
        ("celery_logger", True),
        ("logging.LoggerAdapter", True),
        ("catalog", False),
        ("login", False),
        ("self.blog", False),
        ("logbook", False),
    ],
)
def test_is_logger(receiver: str, expected: bool) -> None:
    assert is_logger(receiver) is expected


@pytest.mark.parametrize(
    "handler_body", ["print(e)", "traceback.print_exc()", "traceback.print_exception(e)"]
)
def test_printing_is_recorded_apart_from_logging(handler_body: str) -> None:
    assert one(handler_body) == ("prints",)


@pytest.mark.parametrize(
    "handler_body",
    [
        "sentry_sdk.capture_exception(e)",
        "sentry_sdk.capture_message('sync failed')",
        "cap(e)",
        "sentry_sdk.get_current_scope().capture_exception(e)",
        "raven_client.captureException()",
    ],
)
def test_error_tracker_captures(handler_body: str) -> None:
    assert one(handler_body) == ("captures",)


@pytest.mark.parametrize("handler_body", ["capture(e)", "self.capture_output()"])
def test_calls_that_only_look_like_captures(handler_body: str) -> None:
    assert one(handler_body) == ("other",)


@pytest.mark.parametrize(
    ("handler_body", "expected"),
    [
        ("raise", ("reraises",)),
        ("raise RuntimeError('sync failed') from e", ("reraises",)),
        ("if pk:\n    raise\nlogger.info('ignored')", ("reraises", "log:info")),
        ("raise self.retry(exc=e)", ("reraises", "retries")),
        ("self.retry(exc=e, countdown=60)", ("retries",)),
        ("pull.retry(exc=e)", ("retries",)),
        ("cap(e)\nraise", ("reraises", "captures")),
    ],
)
def test_reraise_and_retry(handler_body: str, expected: tuple[str, ...]) -> None:
    assert one(handler_body) == expected


def test_a_raise_inside_a_nested_function_does_not_reraise() -> None:
    body = "def later():\n    raise\nregister(later)"
    assert one(body) == ("other",)


def test_retry_through_an_unbound_first_parameter_still_counts() -> None:
    body = "try:\n    sync(pk)\nexcept Exception as e:\n    raise self.retry(exc=e)\n"
    [handler] = handlers(body, self_name=None)
    assert (handler.retries, handler.reraises) == (True, True)


def caught(clause: str) -> list[tuple[tuple[str, ...], bool]]:
    body = f"errors = (ValueError,)\ntry:\n    sync(pk)\nexcept {clause}:\n    raise\n"
    return [(h.caught, h.broad) for h in handlers(body.replace("except :", "except:"))]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("", ((), True)),
        ("Exception", (("Exception",), True)),
        ("BaseException as exc", (("BaseException",), True)),
        ("(ValueError, Exception)", (("ValueError", "Exception"), True)),
        ("BROAD", (("Exception",), True)),
        ("requests.RequestException", (("requests.RequestException",), False)),
        ("rex.Timeout", (("requests.exceptions.Timeout",), False)),
        ("Practice.DoesNotExist", (("apps.sync.models.Practice.DoesNotExist",), False)),
        ("RETRYABLE", (("IOError", "requests.Timeout"), False)),
        ("ExceptionGroup", (("ExceptionGroup",), False)),
        ("errors", (("?",), False)),
        ("self.MaxRetriesExceededError", (("?.MaxRetriesExceededError",), False)),
        ("(KeyError, *EXTRA)", (("KeyError", "?"), False)),
        ("get_user_model().DoesNotExist", (("?.DoesNotExist",), False)),
        ('apps.get_model("sync", "Site").DoesNotExist', (("?.DoesNotExist",), False)),
        ("registry[pk].Missing", (("?.Missing",), False)),
        # A call without an attribute after it names no class at all.
        ("error_for(pk)", (("?",), False)),
    ],
)
def test_caught_types_resolve_through_imports_and_constants(
    clause: str, expected: tuple[tuple[str, ...], bool]
) -> None:
    assert caught(clause) == [expected]


@pytest.mark.skipif(sys.version_info < (3, 14), reason="PEP 758 syntax needs Python 3.14")
def test_pep_758_unparenthesised_tuple() -> None:
    assert caught("ValueError, KeyError") == [(("ValueError", "KeyError"), False)]


def test_which_handlers_belong_to_the_task() -> None:
    body = """\
    for item in items:
        with lock:
            try:
                sync(item)
            except ValueError:
                pass
    def helper():
        try:
            sync(pk)
        except Exception:
            pass
    class Local:
        def run(self):
            try:
                sync(pk)
            except Exception:
                pass
    try:
        sync(pk)
    except KeyError:
        try:
            undo(pk)
        except OSError:
            pass
    else:
        try:
            finish(pk)
        except IOError:
            pass
    try:
        sync(pk)
    except* TypeError:
        pass
    """
    assert [(h.location.line - DEF, h.caught) for h in handlers(body)] == [
        (5, ("ValueError",)),
        (20, ("KeyError",)),
        (23, ("OSError",)),
        (28, ("IOError",)),
        (32, ("TypeError",)),
    ]


def test_handlers_that_guard_cleanup_are_marked() -> None:
    body = """\
    try:
        build(pk)
    except ValueError:
        try:
            remove(pk)
        except OSError:
            pass
        raise
    finally:
        try:
            close(pk)
        except OSError:
            pass
    try:
        other(pk)
    except KeyError:
        pass
    """
    found = handlers(body)
    first = found[0].location.line  # the outer `except ValueError:`
    assert [(h.location.line - first, h.cleanup) for h in found] == [
        (0, False),
        (3, True),  # in the outer except body
        (9, True),  # in finally
        (13, False),
    ]


def test_an_exception_class_read_from_a_parameter_keeps_its_last_name() -> None:
    body = """\
    model = apps.get_model(label)
    try:
        model.objects.get(pk=pk)
    except model.DoesNotExist:
        return
    except error_class:
        pass
    """
    assert [h.caught for h in handlers(body)] == [("?.DoesNotExist",), ("?",)]
