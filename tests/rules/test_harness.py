from __future__ import annotations

from collections.abc import Sequence

import pytest

from rules.fixtures import HEAD, load
from taskaudit.core.location import Location
from taskaudit.rules import (
    Catalog,
    ExampleCase,
    ExampleResult,
    Finding,
    iter_examples,
    parse_expectations,
    run_example,
    run_examples,
)
from taskaudit.rules.markers import Marker, find_markers, strip_markers

EXAMPLES = (
    HEAD
    + """\
    enabled: false
    examples:
      flag:
        - |
          @shared_task(autoretry_for=(IOError,))
          def pull(): ...  # expect: TA302
        - files:
            app/a.py: "def a(): ...  # expect: TA302, TA101\\n"
            app/b.py: "x = 1\\ndef b(): ...  # expect: TA302\\n"
      pass:
        - |
          pull = shared_task(lambda: None)
"""
)
CATALOG = load(EXAMPLES, require_examples=True)


def fake_scan(files: dict[str, str], catalog: Catalog, rule_id: str) -> Sequence[Finding]:
    """Flags every line that defines a function, plus a TA999 finding the harness must ignore."""
    assert catalog.ids == (rule_id,) and catalog.rules[0].enabled
    found = []
    for path, text in sorted(files.items()):
        assert "expect:" not in text
        for number, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith("def "):
                where = Location(path, number, 1)
                found.append(Finding(rule_id, "s", "warning", where, "m", "i", "retries"))
                found.append(Finding("TA999", "s", "warning", where, "m", "i", "retries"))
    return found


def test_markers_name_one_or_several_ids() -> None:
    text = "a  # expect: TA302\nb\nc #expect:TA302,TA1001\n'# expect' without colon\n"
    assert find_markers(text) == [Marker(1, ("TA302",)), Marker(3, ("TA302", "TA1001"))]


def test_a_malformed_marker_is_an_error() -> None:
    with pytest.raises(ValueError) as raised:
        find_markers("a\nb  # expect: TA302 because\n")
    assert str(raised.value) == "line 2: malformed marker '# expect: TA302 because'"


def test_stripping_markers_keeps_every_line_and_its_number() -> None:
    text = "a = 1  # expect: TA302\r\nb = 2\n# expect: TA101\nc  # noqa  # expect: TA101\n"
    assert strip_markers(text) == "a = 1\r\nb = 2\n\nc  # noqa\n"


def test_parse_expectations_of_a_bare_snippet_uses_the_default_path() -> None:
    files, expected = parse_expectations("x\ndef f(): ...  # expect: TA302\n", "TA302")
    assert files == {"app/tasks.py": "x\ndef f(): ...\n"}
    assert expected == {("app/tasks.py", 2)}
    files, expected = parse_expectations("x  # expect: TA101\n", default_path="m/tasks.py")
    assert (files, expected) == ({"m/tasks.py": "x\n"}, {("m/tasks.py", 1)})


def test_parse_expectations_over_several_files_keeps_only_the_rule_asked_for() -> None:
    example = {"a.py": "x  # expect: TA101\ny  # expect: TA302, TA101\n", "Makefile": "z\n"}
    files, expected = parse_expectations(example, "TA101")
    assert files == {"a.py": "x\ny\n", "Makefile": "z\n"}
    assert expected == {("a.py", 1), ("a.py", 2)}
    assert parse_expectations(example, "TA302")[1] == {("a.py", 2)}
    assert parse_expectations(example, "TA303")[1] == set()


def test_iter_examples_lists_every_example_with_a_readable_id() -> None:
    assert [str(case) for case in iter_examples(CATALOG)] == [
        "TA302-flag-0",
        "TA302-flag-1",
        "TA302-pass-0",
    ]


@pytest.mark.parametrize("case", iter_examples(CATALOG), ids=str)
def test_examples_run_through_a_parametrized_test(case: ExampleCase) -> None:
    result = run_example(case, CATALOG, fake_scan)
    assert result.ok, result.message


def test_run_examples_reports_ok_per_example() -> None:
    assert run_examples(CATALOG, fake_scan) == [
        ExampleResult("TA302", "flag", 0, True, "TA302-flag-0 (r0.yaml:13:11): ok"),
        ExampleResult("TA302", "flag", 1, True, "TA302-flag-1 (r0.yaml:16:11): ok"),
        ExampleResult("TA302", "pass", 0, True, "TA302-pass-0 (r0.yaml:20:11): ok"),
    ]


def test_a_flag_example_with_a_missing_and_an_unexpected_line_fails_with_a_diff() -> None:
    def off_by_one(files: dict[str, str], catalog: Catalog, rule_id: str) -> list[Finding]:
        return [
            Finding(
                rule_id, "s", "w", Location(f.location.path, f.location.line - 1, 1), "m", "i", "x"
            )
            for f in fake_scan(files, catalog, rule_id)
            if f.rule_id == rule_id
        ]

    results = run_examples(CATALOG, off_by_one)
    assert [(r.kind, r.index, r.ok) for r in results] == [
        ("flag", 0, False),
        ("flag", 1, False),
        ("pass", 0, True),
    ]
    assert results[0].message == (
        "TA302-flag-0 (r0.yaml:13:11): expected app/tasks.py:2; got app/tasks.py:1; "
        "missing app/tasks.py:2; unexpected app/tasks.py:1"
    )
    assert results[1].message == (
        "TA302-flag-1 (r0.yaml:16:11): expected app/a.py:1, app/b.py:2; got app/a.py:0, "
        "app/b.py:1; missing app/a.py:1, app/b.py:2; unexpected app/a.py:0, app/b.py:1"
    )


def test_a_pass_example_with_a_finding_fails() -> None:
    def noisy(files: dict[str, str], catalog: Catalog, rule_id: str) -> list[Finding]:
        where = Location("app/tasks.py", 1, 1)
        return [Finding(rule_id, "s", "warning", where, "m", "i", "retries")]

    result = run_example(iter_examples(CATALOG)[2], CATALOG, noisy)
    assert (result.ok, result.message) == (
        False,
        "TA302-pass-0 (r0.yaml:20:11): expected nothing; got app/tasks.py:1; "
        "unexpected app/tasks.py:1",
    )


def test_a_flag_example_that_finds_nothing_fails() -> None:
    def silent(files: dict[str, str], catalog: Catalog, rule_id: str) -> list[Finding]:
        return []

    result = run_example(iter_examples(CATALOG)[0], CATALOG, silent)
    assert result == ExampleResult(
        "TA302",
        "flag",
        0,
        False,
        "TA302-flag-0 (r0.yaml:13:11): expected app/tasks.py:2; got nothing; "
        "missing app/tasks.py:2",
    )
