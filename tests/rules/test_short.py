from __future__ import annotations

import pytest

from taskaudit.rules.template import compile_template

FIELDS = ("function", "name", "queue", "queue.source", "key", "detail", "line", "task")


def short(message: str) -> str | None:
    """The short form with each placeholder shown as written, or None for the whole message."""
    template = compile_template(message, FIELDS, ())
    shown = {name: "{" + name + "}" for name in FIELDS}
    return template.format_short(shown, {})


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # the fact before ": " or "; ", without what it costs
        (
            "task `{function}` has no explicit name=; Celery registers it as `{name}`",
            "task `{function}` has no explicit name=",
        ),
        (
            "task `{function}` sets max_retries=None: it retries forever",
            "task `{function}` sets max_retries=None",
        ),
        # asides in parentheses are left out, with the space before them
        (
            "task `{function}` is sent to queue `{queue}` ({queue.source}), which no worker "
            "consumes: its messages pile up",
            "task `{function}` is sent to queue `{queue}`, which no worker consumes",
        ),
        (
            "task `{function}` calls self.retry(...) (line {line}) but is not bound: it fails",
            "task `{function}` calls self.retry(...) but is not bound",
        ),
        # a lead that only names the subject is not the fact: the next separator cuts
        (
            "task `{function}`: the decorator's queue `{queue}` wins; routes say otherwise",
            "task `{function}`: the decorator's queue `{queue}` wins",
        ),
        (
            "`{key}`: {detail}, in a file read without a namespace; Celery refuses",
            "`{key}`: {detail}, in a file read without a namespace",
        ),
        # a separator inside parentheses belongs to the aside
        ("retries (autoretry_for: {name}) on anything", "retries on anything"),
    ],
)
def test_the_short_form_keeps_the_fact(message: str, expected: str) -> None:
    assert short(message) == expected


@pytest.mark.parametrize(
    "message",
    [
        "beat entry `{key}` has no owner comment",  # nothing to cut
        "retries on `a: b` and `c; d`",  # separators inside code spans
        "task `{function}` calls `{name}` (never closed",  # an unclosed "(" is no aside
        "queue `{queue}` used at {detail}:3 by {task}",  # ":" without a space after it
    ],
)
def test_near_misses_that_are_not_cut(message: str) -> None:
    assert short(message) is None


def test_a_lead_with_two_code_spans_is_a_fact_not_a_subject() -> None:
    message = "`{task}()` of `{name}` inside `transaction.atomic()`: the worker runs first"
    assert short(message) == "`{task}()` of `{name}` inside `transaction.atomic()`"


def test_the_cut_is_found_in_the_template_never_in_the_values() -> None:
    template = compile_template("task `{function}` declares no retry: it fails", FIELDS, ())
    hostile = {"function": "a: b; c (d) `e"}
    assert template.format_short(hostile, {}) == "task `a: b; c (d) `e` declares no retry"
    assert template.format(hostile, {}) == "task `a: b; c (d) `e` declares no retry: it fails"
