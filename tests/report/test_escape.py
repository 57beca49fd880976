from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from taskaudit.report.escape import md_cell, md_code, md_text, plain

PARSER = MarkdownIt("commonmark").enable("table")


def test_cell_escapes_table_and_inline_syntax() -> None:
    assert md_cell("a|b") == "a\\|b"
    assert md_cell("`x` *y* _z_ [l](u) ~s~") == "\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\~s\\~"
    assert md_cell("<script>&amp;</script>") == "&lt;script&gt;&amp;amp;&lt;/script&gt;"
    assert md_cell("one\ntwo\r\nthree") == "one<br>two<br>three"
    assert md_cell("back\\slash") == "back\\\\slash"
    assert md_cell("bell\x07 esc\x1b[31m rtl\u202e") == "bell\\\\x07 esc\\\\x1b\\[31m rtl\\\\u202e"
    assert md_cell(None) == ""
    assert md_cell(3) == "3"


def test_text_never_opens_a_block_at_line_start() -> None:
    assert md_text("- item") == "\\- item"
    assert md_text("+ item") == "\\+ item"
    assert md_text("12. item") == "12\\. item"
    assert md_text("3) item") == "3\\) item"
    assert md_text("# title") == "\\# title"
    assert md_text("  > quote") == "&gt; quote"


def test_plain_words_pass_through_untouched() -> None:
    # Near misses: characters that look special but are inert where they stand.
    assert md_text("a-b+c=d 1.5 (x) {y} 'q' \"d\" @me") == "a-b+c=d 1.5 (x) {y} 'q' \"d\" @me"
    assert md_cell("apps.sync.tasks.pull") == "apps.sync.tasks.pull"
    assert md_text("caf\u00e9 \u65e5\u672c") == "caf\u00e9 \u65e5\u672c"


def test_code_span_uses_a_longer_fence_than_the_value() -> None:
    assert md_code("celery -A config") == "`celery -A config`"
    assert md_code("a `b` c") == "``a `b` c``"
    assert md_code("`edge`") == "`` `edge` ``"
    assert md_code("x|y\nz") == "`x\\|y\\nz`"
    assert md_code("") == ""


def test_plain_shows_control_characters_for_terminals() -> None:
    assert plain("red\x1b[31m") == "red\\x1b[31m"
    assert plain("a\nb") == "a\\x0ab"
    assert plain("a\r\nb", keep_newlines=True) == "a\nb"
    assert plain("ordinary text") == "ordinary text"


def _cells(row: str) -> list[str]:
    html = PARSER.render(f"| a | b |\n|---|---|\n{row}\n")
    body = html.split("<tbody>")[1]
    assert body.count("<tr>") == 1
    return [str(cell) for cell in body.split("<td>")[1:]]


@given(st.text())
def test_any_string_keeps_the_table_shape(value: str) -> None:
    for cell in (md_cell(value), md_code(value)):
        cells = _cells(f"| {cell} | end |")
        assert len(cells) == 2
        assert cells[1].startswith("end</td>")


@given(st.text())
def test_no_html_gets_through_but_line_breaks(value: str) -> None:
    tokens = PARSER.parseInline(md_text(value))[0].children or []
    html = {t.content for t in tokens if t.type == "html_inline"}
    assert html <= {"<br>"}
