"""Rule docs' code is fenced the same way in every renderer."""

from __future__ import annotations

from taskaudit.core.markdown import code_block


def test_python_is_fenced_as_python() -> None:
    assert code_block("x = 1\n") == "```python\nx = 1\n```"


def test_other_code_is_plain_text() -> None:
    text = "worker:\n\tcelery -A config worker\n"
    assert code_block(text) == "```text\nworker:\n\tcelery -A config worker\n```"


def test_markdown_with_its_own_fences_is_kept() -> None:
    text = "Route it:\n\n```python\nX = 1\n```\n"
    assert code_block(text) == text.strip("\n")


def test_backticks_inside_never_close_the_fence() -> None:
    assert code_block("s = '```'") == "````python\ns = '```'\n````"
