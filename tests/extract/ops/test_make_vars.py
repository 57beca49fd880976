from __future__ import annotations

from taskaudit.extract.ops.make_vars import assign, expand


def _table(*assignments: tuple[str, str, str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for name, operator, value in assignments:
        assign(table, name, operator, value)
    return table


def test_assignment_operators() -> None:
    table = _table(
        ("A", "=", "one  # trailing comment"),
        ("A", "?=", "ignored"),
        ("B", "?=", "kept"),
        ("C", ":=", "$(A)"),
        ("C", "+=", "two"),
        ("D", "!=", "git rev-parse HEAD"),
        ("E", "::=", "$$HOME"),
    )
    assert table == {
        "A": "one",
        "B": "kept",
        "C": "one two",
        "D": "$(shell git rev-parse HEAD)",
        "E": "$$HOME",
    }
    assert expand("$(E)", table) == "$HOME"


def test_expansion_forms() -> None:
    table = _table(("X", "=", "x"), ("Y", "=", "${X}y"), ("Z", "=", "z"))
    assert expand("$(Y) ${Y} $X-$Z", table) == "xy xy x-z"


def test_functions_automatic_and_unknown_names_stay_verbatim() -> None:
    table = _table(("X", "=", "x"))
    assert expand("$(shell echo $(X)) $@ $< $(UNSET) $(X:.c=.o) $$1", table) == (
        "$(shell echo $(X)) $@ $< $(UNSET) $(X:.c=.o) $1"
    )


def test_runaway_definitions_are_cut_off() -> None:
    table = _table(("A", "=", "$(B)$(B)$(B)$(B)"), ("B", "=", "$(C)$(C)$(C)$(C)"))
    table.update({"C": "$(D)" * 10, "D": "$(E)" * 10, "E": "$(F)" * 10, "F": "0123456789" * 10})
    assert len(expand("$(A)", table)) < 200_000
