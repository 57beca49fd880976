from __future__ import annotations

from taskaudit.extract.ops.words import is_dynamic, normalise, simple_commands


def test_operators_split_commands_and_redirections_drop() -> None:
    line = "a 1 && b 2>&1 | c > out.log; (d) & e <in"
    assert simple_commands(line) == [["a", "1"], ["b"], ["c"], ["d"], ["e"]]


def test_quotes_escapes_and_expansions_stay_in_words() -> None:
    line = """x 'a b' "c \\"d\\" $E" f\\ g $(h i) ${J:-k l} `m n` %(ENV_O)s"""
    assert simple_commands(line) == [
        ["x", "a b", 'c "d" $E', "f g", "$(h i)", "${J:-k l}", "`m n`", "%(ENV_O)s"]
    ]


def test_comments_only_at_word_start() -> None:
    assert simple_commands("a b#c # rest\nd") == [["a", "b#c"], ["d"]]


def test_unbalanced_quotes_run_to_the_end() -> None:
    assert simple_commands("a 'b c") == [["a", "b c"]]
    assert simple_commands('a "b c') == [["a", "b c"]]


def test_dynamic_markers() -> None:
    assert [is_dynamic(w) for w in ("a", "$A", "`a`", "%(ENV_A)s", "{{ a }}", "50%")] == [
        False,
        True,
        True,
        True,
        True,
        False,
    ]


def test_normalise() -> None:
    assert normalise("  a \\\n\t b  c ") == "a b c"
