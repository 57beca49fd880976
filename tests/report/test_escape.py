from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from taskaudit.report.escape import md_cell, md_code, md_doc, md_span, md_text, plain

PARSER = MarkdownIt("commonmark").enable("table")


def test_cell_escapes_table_and_inline_syntax() -> None:
    assert md_cell("a|b") == "a\\|b"
    assert md_cell("[l](u) !x") == "\\[l\\](u) !x"
    assert md_cell("<script>&amp;</script>") == "`<script>&amp;</script>`"
    assert md_cell("a < b &amp; c & d") == "a `<` b &amp;amp; c & d"
    assert md_cell("one\ntwo\r\nthree") == "one<br>two<br>three"
    assert md_cell("back\\slash") == "`back\\slash`"
    assert md_cell("bell\x07 rtl\u202e") == "bell\\\\x07 rtl\\\\u202e"
    assert md_cell(None) == ""
    assert md_cell(3) == "3"


def test_words_markdown_would_read_as_markup_become_code_spans() -> None:
    # No backslash before `_`, `*` or a backtick: grep finds the raw name.
    assert md_text("no global task_ignore_result") == "no global `task_ignore_result`"
    assert md_text("*y* _z_ ~s~") == "`*y*` `_z_` `~s~`"
    assert md_text("see www.x.org or a@b.io") == "see `www.x.org` or `a@b.io`"
    assert md_text("in a/b.py:12 (x_y).") == "in `a/b.py:12` (`x_y`)."
    assert md_text("call f_g() now") == "call `f_g()` now"
    assert md_text("set x in [tool.taskaudit]") == "set x in `[tool.taskaudit]`"
    assert md_text("leaves '*' alone") == "leaves `'*'` alone"
    assert md_cell("sync.tasks.pull") == "`sync.tasks.pull`"


def test_a_message_keeps_its_own_code_spans() -> None:
    assert md_cell("task `pull_x` has no name=") == "task `pull_x` has no name="
    assert md_cell("``a`b``") == "``a`b``"
    assert md_cell("a `x|y` b") == "a `x\\|y` b"
    assert md_text("a `x|y` b") == "a `x|y` b"
    # An unclosed backtick is a literal character: a code span of its own.
    assert md_cell("a`b") == "``a`b``"
    # Two spans that touch would merge their fences: they are kept apart.
    assert md_cell("x_y`z`") == "`x_y` `z`"


def test_text_never_opens_a_block_at_line_start() -> None:
    assert md_text("- item") == "\\- item"
    assert md_text("+ item") == "\\+ item"
    assert md_text("12. item") == "12\\. item"
    assert md_text("3) item") == "3\\) item"
    assert md_text("# title") == "\\# title"
    assert md_text("===") == "\\==="
    assert md_text("  > quote") == "`>` quote"


def test_plain_words_pass_through_untouched() -> None:
    # Near misses: characters that look special but are inert where they stand.
    assert md_text("a-b+c=d 1.5 (x) {y} 'q' \"d\" e.g. and/or") == (
        "a-b+c=d 1.5 (x) {y} 'q' \"d\" e.g. and/or"
    )
    assert md_cell("U.S. v3.14 i.e. ok") == "U.S. v3.14 i.e. ok"
    assert md_text("caf\u00e9 \u65e5\u672c #3") == "caf\u00e9 \u65e5\u672c #3"


def test_rule_docs_keep_their_markdown_but_no_html() -> None:
    assert md_doc("A *registered name*, `<br>` kept") == "A *registered name*, `<br>` kept"
    assert md_doc("<b>x</b> | ![i](u)") == "&lt;b&gt;x&lt;/b&gt; \\| !\\[i](u)"
    assert md_doc("two\nlines") == "two lines"


def test_code_span_uses_a_longer_fence_than_the_value() -> None:
    assert md_code("celery -A config") == "`celery -A config`"
    assert md_code("a `b` c") == "``a `b` c``"
    assert md_code("`edge`") == "`` `edge` ``"
    assert md_code("x|y\nz") == "`x\\|y\\nz`"
    assert md_code("") == ""
    # Outside a table a pipe needs no escape: the backslash would show.
    assert md_span("a|b") == "`a|b`"
    assert md_span("x `y`") == "`` x `y` ``"


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
    for escaped in (md_text(value), md_doc(value)):
        tokens = PARSER.parseInline(escaped)[0].children or []
        html = {t.content for t in tokens if t.type == "html_inline"}
        assert html <= {"<br>"}


@given(st.text())
def test_no_link_image_or_emphasis_comes_from_scanned_text(value: str) -> None:
    tokens = PARSER.parseInline(md_cell(value))[0].children or []
    made = {t.type for t in tokens} - {"text", "code_inline", "html_inline", "softbreak"}
    assert made == set()
