from __future__ import annotations

from taskaudit.extract.ops.make_lines import logical_lines


def test_continuations_join_and_keep_the_first_line_number() -> None:
    text = "a = 1 \\\n    2\nrun:\n\tcelery -A p \\\n\t\tworker\n"
    assert logical_lines(text) == [(1, "a = 1  2"), (3, "run:"), (4, "\tcelery -A p  worker")]


def test_define_blocks_are_dropped_but_recipe_lines_named_define_are_not() -> None:
    text = (
        "define BODY\nrun:\n\tcelery -A p worker\nendef\n"
        "x:\n\tdefine-thing\n"
        "export define LATER\nendef\n"
    )
    assert logical_lines(text) == [(5, "x:"), (6, "\tdefine-thing")]
