from __future__ import annotations

import pytest

from rules.fixtures import HEAD, errors, load
from taskaudit.rules.title import MAX_TITLE, derived_title, title_problem

CUT = "as if cut mid-sentence; write a whole phrase"


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ("Task with no retry policy\nand more", "one line, without a line break"),
        ("Task with no retry policy\n", "one line, without a line break"),
        (" Task with no retry policy", "no leading or trailing spaces"),
        ("x" * (MAX_TITLE + 1), "81 characters; at most 80"),
        ("Task with no retry policy.", "no trailing period: a title is a phrase, not a sentence"),
        ("Task with no retry…", f"ends with an ellipsis, {CUT}"),
        ("Task with no retry...", f"ends with an ellipsis, {CUT}"),
        ("A task declared without an explicit name (on the", f"ends with 'the', {CUT}"),
        ("Task whose retries come at once, without", f"ends with 'without', {CUT}"),
        ("Retries hit the service:", f"ends with ':', {CUT}"),
        ("Retries hit the service,", f"ends with ',', {CUT}"),
        ("Task retried (without backoff", f"an unclosed bracket or backtick, {CUT}"),
        ("Task retried with `retry_backoff", f"an unclosed bracket or backtick, {CUT}"),
    ],
)
def test_what_is_not_a_title(title: str, problem: str) -> None:
    assert title_problem(title) == problem


@pytest.mark.parametrize(
    "title",
    [
        "Retries with no upper bound (max_retries=None)",
        "self.retry() in a task that is not bound",
        "Crontab that leaves the smaller fields at '*'",
        "Queue used but not declared in `task_queues`",
        "x" * MAX_TITLE,
        "Setting that Celery never reads",  # "reads" is not "read as": a whole phrase
        "Old and new setting names mixed without a namespace",
    ],
)
def test_near_misses_that_are_titles(title: str) -> None:
    assert title_problem(title) is None


@pytest.mark.parametrize(
    ("what", "title"),
    [
        ("A task with no retry policy. It fails for good.", "A task with no retry policy"),
        ("A task named `app.tasks.x` here.\nWrapped line.", "A task named `app.tasks.x` here"),
        ("Retries, e.g. with `self.retry()`. More.", "Retries, e.g. with `self.retry()`"),
        ("First paragraph\nwrapped.\n\nSecond paragraph.", "First paragraph wrapped"),
        (
            "A task declared without an explicit `name=` (on the decorator, the project's "
            "declaration factory, or the `name` attribute of a Task class).",
            "A task declared without an explicit `name=`…",
        ),
        (
            "Beat entries defined in more than one place or outside the configured canonical "
            "schedule location for the project.",
            "Beat entries defined in more than one place or outside the configured canonical…",
        ),
    ],
)
def test_a_derived_title_is_the_first_sentence_never_cut_mid_word(what: str, title: str) -> None:
    assert derived_title(what) == title
    assert len(derived_title(what)) <= MAX_TITLE


def test_the_loader_keeps_a_given_title_and_derives_a_missing_one() -> None:
    given = HEAD + '    title: "Retries that come all at once"\n'
    assert load(given).rules[0].title == "Retries that come all at once"
    # HEAD has no title: docs.what is "Retries without backoff."
    assert load(HEAD).rules[0].title == "Retries without backoff"


def test_a_broken_title_is_an_error_at_its_place() -> None:
    assert errors(HEAD + '    title: "Retries that come all at once."\n') == [
        "r0.yaml:10:12: TA302: title: no trailing period: a title is a phrase, not a sentence"
    ]
    long = "Retries " + "again and " * 8 + "again"
    assert errors(HEAD + f"    title: {long}\n") == [
        "r0.yaml:10:12: TA302: title: 93 characters; at most 80"
    ]
    assert errors(HEAD + "    title: |\n      Retries that come\n      all at once\n") == [
        "r0.yaml:10:12: TA302: title: one line, without a line break"
    ]
    assert errors(HEAD + "    title: Retries that come all at once and\n") == [
        f"r0.yaml:10:12: TA302: title: ends with 'and', {CUT}"
    ]
    assert errors(HEAD + "    title: 7\n") == [
        "r0.yaml:10:12: TA302: title: expected a non-empty string, got 7"
    ]


def test_a_fix_title_is_kept_and_checked_like_a_title() -> None:
    docs = "    docs: {what: W., why: Y., fix: F., fix_title: Add `retry_backoff=True`}\n"
    with_fix = HEAD.replace(HEAD.splitlines()[-1] + "\n", docs)
    assert load(with_fix).rules[0].docs.fix_title == "Add `retry_backoff=True`"
    assert load(HEAD).rules[0].docs.fix_title is None  # optional: a user's file may leave it out
    broken = with_fix.replace("Add `retry_backoff=True`", "Add backoff.")
    assert errors(broken) == [
        "r0.yaml:9:51: TA302: docs.fix_title: no trailing period: a title is a phrase, "
        "not a sentence"
    ]
