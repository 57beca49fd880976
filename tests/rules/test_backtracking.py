"""Exponential regexes are refused at load; the shapes were timed on CPython 3.11.7.

With n repetitions of the character a pattern repeats ("a", or "1", "x",
"xa" where it needs them) and a "!" that makes the match fail, each refused
shape's time multiplies as n grows: most took over 5 s at n = 26; (a|aa)+,
(a+a)+ and (a{1,3})+ grow more slowly (0.1 s, 0.04 s and 1.5 s at 26,
three to ten times more every four characters). Each accepted one took
under a millisecond on "a" * 28 + "!", "ab" * 14 + "!", "a." * 14 + "!" and
"b1" * 14 + "!".
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rules.fixtures import HEAD, errors, load
from taskaudit.rules.backtracking import backtracking_problem

REFUSED = [
    "(a+)+$",
    "(a*)*$",
    "(a|a)+$",
    "(a|aa)+$",
    "(a+|b)+$",
    "(a{1,3})+$",
    "(a+a)+$",
    "(.*,)+$",
    r"(\w+\s?)+$",
    r"([a-z]+\d*)+$",
    r"(\d+,?)+$",
    r"(\w+|x)+",
    "(x(?:a|a))+",
]
ACCEPTED = [
    r"(\w+\.)+$",  # each repetition ends at a dot \w cannot take
    r"^apps\.(\w+\.)*tasks\.\w+$",
    r"^(?:[a-z_]+\.)+[a-z_]+$",
    "(a+b)+$",
    "(a+b+)+$",
    "(a?)+$",  # a repetition that matches anything is one character long
    "(a{3})+$",
    "(ab|c)+",
    "(foo|bar)+",
    r"(?:(?:get|go)\w*\.)+",
    "(?:a+)++$",  # possessive: never gives characters back
    "(?>a+)+$",  # atomic, likewise
    ".*a.*b",  # polynomial, not exponential
    "^heavy",
]


@pytest.mark.parametrize("pattern", REFUSED)
def test_exponential_shapes_are_refused(pattern: str) -> None:
    assert backtracking_problem(pattern) is not None


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_near_misses_are_accepted_and_fast_on_hostile_names(pattern: str) -> None:
    assert backtracking_problem(pattern) is None
    regex = re.compile(pattern)
    started = time.perf_counter()
    for name in ("a" * 40 + "!", "ab" * 20 + "!", "a." * 20 + "!", "b1" * 20 + "!"):
        regex.search(name)
    assert time.perf_counter() - started < 0.5


def test_a_refused_regex_is_an_error_at_its_operand() -> None:
    assert errors(HEAD + "    require: {name: {matches: '(a+)+$'}}\n") == [
        "r0.yaml:10:31: TA302: name: regex '(a+)+$' can take exponential time: a repetition "
        "can end in more than one place, as in (a+)+ or (\\w+\\s?)+; end each repetition on a "
        "character its variable part cannot match, as in (\\w+\\.)+, or make the repeat "
        "possessive, as in (\\w+\\s?)++"
    ]
    assert errors(HEAD + "    require: {name: {matches: '(\\w+|x)+'}}\n") == [
        "r0.yaml:10:31: TA302: name: regex '(\\\\w+|x)+' can take exponential time: "
        "alternatives inside a repeat can match alike, as in (\\w+|x)+; make them start with "
        "different characters"
    ]
    assert load(HEAD + "    require: {name: {matches: '^(\\w+\\.)+tasks$'}}\n").ids == ("TA302",)


def test_a_hostile_name_against_a_refused_rule_neither_hangs_nor_tracebacks(
    tmp_path: Path,
) -> None:
    hostile = "a" * 40 + "!"
    (tmp_path / "tasks.py").write_text(
        f'from celery import shared_task\n\n@shared_task(name="{hostile}")\ndef f(): ...\n',
        encoding="utf-8",
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        HEAD
        + "    require: {name: {matches: '(a+)+$'}}\n"
        + '    examples: {flag: ["x = 1  # expect: TA302\\n"], pass: ["x = 1\\n"]}\n',
        encoding="utf-8",
    )
    args = ["scan", str(tmp_path), "--rules", str(rules), "--format", "json", "--isolated"]
    done = subprocess.run(
        [sys.executable, "-m", "taskaudit", *args, "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"taskaudit: {rules}:")
    assert "regex '(a+)+$' can take exponential time" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_a_param_changed_to_a_refused_regex_is_an_error_where_it_is_changed() -> None:
    rule = (
        HEAD
        + "    params: {pattern: '^apps[.]'}\n"
        + "    require: {name: {matches: {param: pattern}}}\n"
    )
    override = "version: 1\noverrides:\n  - id: TA302\n    params: {pattern: '(a+)+$'}\n"
    assert load(rule).ids == ("TA302",)
    (problem,) = errors(rule, override)
    assert problem.startswith(
        "r1.yaml:4:23: TA302: name: regex param 'pattern' = '(a+)+$' can take exponential time: "
    )
