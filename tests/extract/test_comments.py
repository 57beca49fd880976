from __future__ import annotations

import textwrap

import pytest

from taskaudit.extract.comments import (
    Comment,
    CommentFacts,
    Marker,
    Suppression,
    comment_for,
    scan_comments,
)

NEEDS_CODES = "a suppression must name the rules it silences, e.g. ignore[TA401]"
BAD_REASON = "write the reason after ' -- ', e.g. ignore[TA401] -- the next run retries"
NO_FILE_LEVEL = (
    "taskaudit has no file-level suppression; list the file under "
    "per-file-ignores in [tool.taskaudit]"
)


def scan(source: str) -> CommentFacts:
    return scan_comments(textwrap.dedent(source))


def test_comments_with_position_text_and_own_line() -> None:
    source = """\
    # owner: data team
    x = 1  #   trailing text
        # indented
    """
    assert scan(source).comments == (
        Comment(1, 1, "owner: data team", True),
        Comment(2, 8, "trailing text", False),
        Comment(3, 5, "indented", True),
    )


def test_hashes_inside_strings_and_docstrings_are_not_comments() -> None:
    source = '''\
    """Module docstring.

    # taskaudit: ignore[TA401]
    # idempotent: not really
    """
    url = "https://example.com/#anchor"  # real
    text = f"{value!r} # taskaudit: ignore[TA402]"
    '''
    facts = scan(source)
    assert (facts.comments, facts.suppressions, facts.markers) == (
        (Comment(6, 38, "real", False),),
        (),
        (),
    )


def test_untokenizable_source_falls_back_to_a_line_scan() -> None:
    source = '''\
    x = """
    # taskaudit: ignore[TA401]
    """  # after the string
    call(1,  # taskaudit: ignore[TA401]
    s = "# not a comment"  # idempotent: the row is keyed by pk
    '''
    facts = scan(source)
    assert facts == CommentFacts(
        comments=(
            Comment(3, 6, "after the string", False),
            Comment(4, 10, "taskaudit: ignore[TA401]", False),
            Comment(5, 24, "idempotent: the row is keyed by pk", False),
        ),
        suppressions=(Suppression(4, 10, ("TA401",), None, None),),
        markers=(Marker(5, "idempotent", "the row is keyed by pk"),),
    )


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# taskaudit: ignore[TA401]", ((("TA401",)), None, None)),
        ("# taskaudit: ignore[TA401] -- practice deleted", (("TA401",), "practice deleted", None)),
        (
            "# taskaudit: ignore[TA401, ta402]  --  two reasons -- kept whole",
            (("TA401", "TA402"), "two reasons -- kept whole", None),
        ),
        ("# TaskAudit : IGNORE[ta1101]--short", (("TA1101",), "short", None)),
        ("# taskaudit: ignore[TA401] --", (("TA401",), None, None)),
        ("# taskaudit: ignore", ((), None, NEEDS_CODES)),
        ("# taskaudit: ignore[]", ((), None, NEEDS_CODES)),
        ("# taskaudit: ignore -- no codes", ((), "no codes", NEEDS_CODES)),
        ("# taskaudit: ignore[TA401", ((), None, "unclosed '[' in the suppression")),
        ("# taskaudit: ignore[TA401] because", (("TA401",), None, BAD_REASON)),
        ("# taskaudit: ignore[TA401]: reason", (("TA401",), None, BAD_REASON)),
        (
            "# taskaudit: ignore[exception-swallowed]",
            ((), None, "'exception-swallowed' is not a rule id"),
        ),
        (
            "# taskaudit: ignore[TA401, oops!]",
            (("TA401",), None, "'oops!' is not a rule id"),
        ),
        ("# taskaudit: disable[TA401]", ((), None, "unknown directive; expected ignore[TA401]")),
        ("# taskaudit: ignore-file", ((), None, NO_FILE_LEVEL)),
        ("# taskaudit: file-ignore[TA401]", ((), None, NO_FILE_LEVEL)),
    ],
)
def test_suppression_syntax(
    comment: str, expected: tuple[tuple[str, ...], str | None, str | None]
) -> None:
    [found] = scan(f"x = 1  {comment}\n").suppressions
    assert (found.codes, found.reason, found.malformed) == expected


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa: TA401",
        "# type: ignore[TA401]",
        "# see taskaudit: ignore[TA401] in the docs",
        "# taskaudit ignore[TA401]",
        "# pylint: disable=broad-except",
    ],
)
def test_other_directives_are_not_suppressions(comment: str) -> None:
    assert scan(f"x = 1  {comment}\n").suppressions == ()


def test_several_directives_share_one_comment() -> None:
    facts = scan("x = 1  # noqa: E501  # taskaudit: ignore[TA401] -- why  # idempotent: keyed\n")
    assert (facts.suppressions, facts.markers) == (
        (Suppression(1, 22, ("TA401",), "why", None),),
        (Marker(1, "idempotent", "keyed"),),
    )


def test_a_hash_inside_a_reason_does_not_split_it() -> None:
    [found] = scan("x = 1  # taskaudit: ignore[TA401] -- see issue #42\n").suppressions
    assert found.reason == "see issue #42"


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# idempotent: upsert keyed by the practice id", ("upsert keyed by the practice id",)),
        ("#Idempotent:PUT on the entry's own id", ("PUT on the entry's own id",)),
        ("# idempotent:", ()),
        ("# idempotent:    ", ()),
        ("# idempotent", ()),
        ("# not idempotent: sends an e-mail", ()),
        ("# idempotency: later", ()),
    ],
)
def test_idempotent_markers_need_a_reason(comment: str, expected: tuple[str, ...]) -> None:
    assert tuple(m.reason for m in scan(f"{comment}\n").markers) == expected


BEAT = """\
CELERY_BEAT_SCHEDULE = {
    # Owner: sync team.
    # Pulls the Doctolib agenda every night.
    "doctolib-nightly": {"task": "apps.sync.tasks.pull"},
    "pennylane-export": {"task": "apps.pennylane.tasks.export"},  # finance: monthly FEC

    # taskaudit: ignore[TA802] -- owner on leave
    "orphan": {"task": "apps.x.tasks.y"},
    # stale note, then a blank line

    "after-blank": {"task": "apps.x.tasks.z"},
    # noqa: E501
    # Owner: ops.
    # type: ignore
    "mixed": {"task": "apps.x.tasks.w"},  # noqa: E501
    # Block above
    "trailing-wins": {"task": "apps.x.tasks.v"},  # the trailing one
    "no-comment": {"task": "apps.x.tasks.u"},
}
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (4, "Owner: sync team. Pulls the Doctolib agenda every night."),
        (5, "finance: monthly FEC"),
        (8, None),
        (11, None),
        (15, "Owner: ops."),
        (17, "the trailing one"),
        (18, None),
        (1, None),
    ],
)
def test_comment_for_a_beat_entry(line: int, expected: str | None) -> None:
    assert comment_for(scan_comments(BEAT), line) == expected


MARKED = """\
CELERY_BEAT_SCHEDULE = {
    # Owner: data quality.
    "digest": {"task": "apps.x.tasks.digest"},  # expect: TA806
    "orphan": {"task": "apps.x.tasks.orphan"},  # expect: TA802, TA801
    "both": {"task": "apps.x.tasks.both"},  # weekly, for finance  # expect: TA806
    "prose": {"task": "apps.x.tasks.prose"},  # expect: two runs a day
    "lowercase": {"task": "apps.x.tasks.lower"},  # Expect: ta802
}
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (3, "Owner: data quality."),  # the marker is skipped, the block above still counts
        (4, None),  # a marker alone is no owner: TA802 still fires on a marked entry
        (5, "weekly, for finance"),
        (6, "expect: two runs a day"),  # near miss: prose that starts with "expect:"
        (7, "Expect: ta802"),  # not a marker either: rules/markers.py reads only this case
    ],
)
def test_an_expect_marker_is_never_owner_prose(line: int, expected: str | None) -> None:
    assert comment_for(scan_comments(MARKED), line) == expected
