from __future__ import annotations

from taskaudit.report.state import State, StateEntry, embed_state, read_state

ENTRY = StateEntry("abc:0", "TA401", "apps/a--b.py", "2026-10")


def test_state_is_one_html_comment_on_the_last_line() -> None:
    text = embed_state("# Title\n\nBody.\n", "2026-11", [ENTRY])
    body, comment = text.rsplit("\n\n", 1)
    assert body == "# Title\n\nBody."
    assert comment.startswith("<!-- taskaudit:state {")
    assert comment.endswith("} -->\n")
    # `--` cannot appear inside an HTML comment, even from a path.
    assert "--" not in comment.removeprefix("<!--").removesuffix("-->\n")


def test_state_reads_back_intact() -> None:
    text = embed_state("# Title\n", "2026-11", [ENTRY])
    assert read_state(text) == State("2026-11", (ENTRY,), intact=True)


def test_edits_to_the_body_or_the_state_are_detected() -> None:
    text = embed_state("# Title\n\nBody.\n", "2026-11", [ENTRY])
    body_edit = read_state(text.replace("Body.", "Body, edited."))
    assert body_edit is not None
    assert body_edit.intact is False
    state_edit = read_state(text.replace("2026-10", "2026-09"))
    assert state_edit is not None
    assert state_edit.intact is False


def test_text_without_a_final_state_comment_has_none() -> None:
    assert read_state("# Title\n") is None
    text = embed_state("# Title\n", "2026-11", [ENTRY])
    # A state that is no longer at the end is not the report's state.
    assert read_state(text + "appended by hand\n") is None
