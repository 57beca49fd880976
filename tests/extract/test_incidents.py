from __future__ import annotations

import textwrap

import pytest

from taskaudit.extract.incidents import IncidentNote, Mention, extract_incident

PATH = "roadmap/done/2026-03-duplicate-invoices.md"


def note(text: str, path: str = PATH) -> IncidentNote:
    return extract_incident(textwrap.dedent(text), path)


def tokens(line: str) -> list[str]:
    return [m.token for m in note(f"# Title\n{line}\n").mentions]


def test_note_fields() -> None:
    text = """\
    # Duplicate invoices after a worker restart

    - Date: 2026-03-12 (detected 2026-03-13)

    `apps.pennylane_sync.tasks.push_invoice` ran twice;
    push_invoice is now guarded.
    """
    assert note(text) == IncidentNote(
        path=PATH,
        title="Duplicate invoices after a worker restart",
        mentions=(
            Mention("apps.pennylane_sync.tasks.push_invoice", 5),
            Mention("pennylane_sync", 5),
            Mention("push_invoice", 5),
            Mention("push_invoice", 6),
        ),
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("`sync_doctolib_practice` failed", ["sync_doctolib_practice"]),
        ("sync_doctolib_practice failed", ["sync_doctolib_practice"]),
        ("apps.sync.tasks.pull failed", ["apps.sync.tasks.pull"]),
        ("push_payment.delay() fired twice", ["push_payment", "push_payment.delay"]),
        ("the _private_helper ran", ["_private_helper"]),
        ("same task_name and task_name again", ["task_name"]),
    ],
)
def test_candidate_task_references(line: str, expected: list[str]) -> None:
    assert tokens(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The sync failed silently at night.",
        "__init__ was not the problem",
        "retried 3 times on 2026-03-12 at 18:40",
        "an email-address-like word and a hyphen-ated one",
        "snake-case words are not identifiers",
        "_ and __ alone",
    ],
)
def test_prose_without_candidates(line: str) -> None:
    assert tokens(line) == []


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Heading one\ntext\n", "Heading one"),
        ("## Closing hashes ##\n", "Closing hashes"),
        ("Issue #42 in sync_all\n\n# Later heading\n", "Later heading"),
        ("\n\nFirst line of prose\nsecond\n", "First line of prose"),
        (
            "---\ntitle: 'Beat fired twice'\ndate: 2025-11-02\n---\n# Body heading\n",
            "Beat fired twice",
        ),
        ("---\nowner: ops\n---\n# Body heading\n", "Body heading"),
        ("#hashtag is not a heading\n", "#hashtag is not a heading"),
        ("", "2026-03-duplicate-invoices.md"),
    ],
)
def test_title(text: str, title: str) -> None:
    assert note(text).title == title


def test_mentions_are_sorted_by_token_then_line() -> None:
    text = "# T\nzeta_task then alpha_task\nalpha_task again\n"
    assert note(text).mentions == (
        Mention("alpha_task", 2),
        Mention("alpha_task", 3),
        Mention("zeta_task", 2),
    )
