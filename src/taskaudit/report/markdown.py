"""Rendering the monthly drift report (``roadmap/backlog/celery-task-drift-YYYY-MM.md``).

Jinja (https://jinja.palletsprojects.com/) with ``StrictUndefined``, so a
misspelt variable fails instead of printing nothing, and autoescape off
(Markdown is not HTML): every scanned value goes through the ``md_*``
filters instead. A user's template may come from the scanned repository,
so it runs in Jinja's sandbox. The hidden state comment is appended here,
after the template, so no template can forget or forge it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from taskaudit.report.context import report_context
from taskaudit.report.errors import ReportError
from taskaudit.report.escape import md_cell, md_code, md_doc, md_span, md_text
from taskaudit.report.history import PreviousReport
from taskaudit.report.state import StateEntry, embed_state
from taskaudit.report.summary import plural
from taskaudit.resources import template
from taskaudit.results import ScanResult

TEMPLATE_NAME = "drift-report.md.j2"


_MAX_SIZE = 100_000  # characters or items a user template may build with '*'


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, plus bounds on what '*' and '**' may build from a few bytes."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: object, right: object
    ) -> object:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError(f"an exponent above 64 is refused (got {right})")
        if operator == "*":
            for sized, times in ((left, right), (right, left)):
                if (
                    isinstance(sized, str | list | tuple)
                    and isinstance(times, int)
                    and len(sized) * times > _MAX_SIZE
                ):
                    raise SecurityError(f"'*' building more than {_MAX_SIZE} items is refused")
        return super().call_binop(context, operator, left, right)


def _printable(value: object) -> object:
    # A printed callable shows its memory address: neither useful nor deterministic.
    if callable(value) and not isinstance(value, jinja2.Undefined):
        raise SecurityError(
            f"a template may not print a function or method ({type(value).__name__})"
        )
    return value


def _only_the_report(text: str) -> Callable[[str], tuple[str, str, Callable[[], bool]] | None]:
    # include/import/extends of any other name fail (TemplateNotFound) instead of recursing.
    return lambda name: (text, name, lambda: True) if name == TEMPLATE_NAME else None


def _environment(text: str, sandboxed: bool) -> jinja2.Environment:
    kind = _BoundedSandbox if sandboxed else jinja2.Environment
    env = kind(
        # A filename (not only a name) makes Jinja's traceback frames carry it.
        loader=jinja2.FunctionLoader(_only_the_report(text)),
        finalize=_printable if sandboxed else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md_cell=md_cell,
        md_text=md_text,
        md_code=md_code,
        md_span=md_span,
        md_doc=md_doc,
        plural=plural,
    )
    return env


def _template_line(trace: TracebackType | None) -> int | None:
    """The template line Jinja's rewritten traceback points at, innermost last."""
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == TEMPLATE_NAME:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _render(text: str, context: dict[str, object], *, sandboxed: bool, origin: str) -> str:
    try:
        return _environment(text, sandboxed).get_template(TEMPLATE_NAME).render(context)
    except jinja2.TemplateSyntaxError as error:
        raise ReportError(f"{origin}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        line = _template_line(sys.exc_info()[2])
        where = f"{origin}:{line}" if line else origin
        raise ReportError(f"{where}: a template may not load another ({error.name!r})") from None
    except jinja2.TemplateError as error:
        line = _template_line(sys.exc_info()[2])
        where = f"{origin}:{line}" if line else origin
        raise ReportError(f"{where}: {error.message or error.__class__.__name__}") from None
    except (RecursionError, OverflowError, MemoryError) as error:
        line = _template_line(sys.exc_info()[2])
        where = f"{origin}:{line}" if line else origin
        reason = str(error) or error.__class__.__name__
        raise ReportError(f"{where}: the template is too costly to render ({reason})") from None


SUMMARY_CHARS = 160  # of a finding's message kept in the state, for "Resolved"


def _summary(message: str) -> str:
    return message if len(message) <= SUMMARY_CHARS else message[: SUMMARY_CHARS - 1] + "…"


def render_report(
    result: ScanResult,
    *,
    month: str,
    previous: PreviousReport | None,
    template_text: str | None = None,
    template_origin: str = "template",
) -> str:
    """The report's Markdown, ending with the state next month's report reads.

    ``template_text`` is a user template (rendered sandboxed); without it the
    packaged ``templates/drift-report.md.j2`` is used. ``template_origin``
    names it in error messages.
    """
    context, trend, months = report_context(result, month=month, previous=previous)
    if template_text is None:
        text = template(TEMPLATE_NAME).read_text(encoding="utf-8")
        body = _render(text, context, sandboxed=False, origin=TEMPLATE_NAME)
    else:
        body = _render(template_text, context, sandboxed=True, origin=template_origin)
    seen = trend.first_seen(month)
    entries = [
        StateEntry(
            r.fingerprint,
            r.finding.rule_id,
            r.finding.location.path,
            seen[r.fingerprint],
            _summary(r.finding.short or r.finding.message),
        )
        for r in result.open
    ]
    return embed_state(body, month, entries, months)
