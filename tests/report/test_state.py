from __future__ import annotations

from taskaudit.report.state import MonthCounts, State, StateEntry, embed_state, read_state

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


def _v1(body: str, month: str, entries: list[StateEntry]) -> str:
    """A report as taskaudit 0.1.0 wrote it: state format 1, one line, no history."""
    import hashlib
    import json

    keys = ("fingerprint", "rule_id", "path", "first_seen")
    rows = [{key: getattr(e, key) for key in keys} for e in entries]
    payload = {"format": 1, "month": month, "findings": rows}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    payload["sha256"] = hashlib.sha256(f"{body}\0{canonical}".encode()).hexdigest()
    text = json.dumps(payload, sort_keys=True, separators=(",", ":")).replace("--", "-\\u002d")
    return f"{body}\n<!-- taskaudit:state {text} -->\n"


def test_state_puts_one_month_and_one_finding_on_each_line() -> None:
    second = StateEntry("abd:0", "TA301", "apps/x.py", "2026-11", "task `x` declares no retry")
    history = [MonthCounts("2026-10", (1, 2, 0)), MonthCounts("2026-11", (1, 3, 0))]
    text = embed_state("# T\n", "2026-11", [second, ENTRY], history)
    comment = text.split("\n\n", 1)[1]
    assert comment.splitlines()[1:] == [
        '"history":[',
        '["2026-10",1,2,0],',
        '["2026-11",1,3,0]',
        "],",
        '"findings":[',
        '["abc:0","TA401","2026-10","apps/a-\\u002db.py",""],',
        '["abd:0","TA301","2026-11","apps/x.py","task `x` declares no retry"]',
        "]} -->",
    ]
    assert read_state(text) == State("2026-11", (ENTRY, second), True, tuple(history))


def test_markup_in_a_message_stays_out_of_the_comment() -> None:
    hostile = StateEntry("x:0", "TA401", "a.py", "2026-10", "<script>--></script>")
    text = embed_state("# T\n", "2026-11", [hostile])
    comment = text.split("\n\n", 1)[1]
    assert "<script" not in comment and "-->" not in comment[:-5]
    state = read_state(text)
    assert state is not None and state.entries == (hostile,)


def test_a_report_of_format_1_still_reads_and_is_intact() -> None:
    text = _v1("# Old\n", "2026-10", [ENTRY])
    assert read_state(text) == State("2026-10", (ENTRY,), intact=True)
    edited = read_state(text.replace("# Old", "# Old, edited"))
    assert edited is not None and edited.intact is False


def test_a_history_row_that_is_not_four_numbers_is_no_state() -> None:
    text = embed_state("# T\n", "2026-11", [], [MonthCounts("2026-11", (1, 2, 3))])
    assert read_state(text.replace('["2026-11",1,2,3]', '["2026-11",1,2]')) is None
    assert read_state(text.replace('["2026-11",1,2,3]', '["2026-11",1,true,3]')) is None
