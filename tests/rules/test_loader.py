from __future__ import annotations

from pathlib import Path

import pytest

from rules.fixtures import HEAD, SCHEMA, errors, load
from taskaudit.core.location import Location
from taskaudit.rules import FieldSpec, RuleFileError, RuleFileErrors, RuleText, load_rules

OTHER = HEAD.replace("TA302", "TA303").replace("retry-without-backoff", "retry-unbounded")


def summary(*texts: str) -> list[tuple[str, str, str, bool]]:
    return [(r.id, r.slug, r.severity, r.enabled) for r in load(*texts).rules]


def test_error_prints_as_path_line_column_message() -> None:
    error = RuleFileError("rules.yaml", 7, 15, "severity: 'fatal' is not one of: error")
    assert str(error) == "rules.yaml:7:15: severity: 'fatal' is not one of: error"


def test_all_problems_are_reported_together_sorted_by_place() -> None:
    text = "rules: {}\nversion: 2\nextra: 1\n"
    assert errors(text) == [
        "r0.yaml:1:8: rules: expected a list, got a mapping",
        "r0.yaml:2:10: version: expected 1, got 2",
        "r0.yaml:3:1: file: unknown key 'extra'",
    ]


def test_empty_file() -> None:
    assert errors("") == ["r0.yaml:1:1: empty rules file; expected 'version: 1' and 'rules:'"]


def test_version_is_required_and_a_bare_list_is_not_a_file() -> None:
    assert errors("rules: []\n") == ["r0.yaml:1:1: file: missing key 'version'"]
    assert errors("- id: TA101\n") == ["r0.yaml:1:1: file: expected a mapping, got a list"]


def test_version_true_is_not_one() -> None:
    assert errors("version: true\nrules: []\n") == ["r0.yaml:1:10: version: expected 1, got True"]


def test_sources_may_be_pairs_or_rule_texts() -> None:
    by_pair = load_rules([("a.yaml", HEAD)], SCHEMA, require_examples=False)
    by_text = load_rules([RuleText("a.yaml", HEAD)], SCHEMA, require_examples=False)
    assert by_pair == by_text
    assert by_pair.ids == ("TA302",)
    assert by_pair.rules[0].location == Location("a.yaml", 3, 5)


def test_later_file_replaces_a_rule_with_the_same_id_entirely() -> None:
    replaced = HEAD.replace("severity: warning", "severity: error").replace(
        "section: retries", "section: failures"
    )
    catalog = load(HEAD, replaced)
    assert [(r.id, r.severity, r.section, r.location.path) for r in catalog.rules] == [
        ("TA302", "error", "failures", "r1.yaml")
    ]


def test_later_file_adds_rules_and_the_catalog_stays_in_natural_id_order() -> None:
    big = HEAD.replace("TA302", "TA1001").replace("retry-without-backoff", "make-target-missing")
    assert [r.id for r in load(big, OTHER, HEAD).rules] == ["TA302", "TA303", "TA1001"]


def test_duplicate_id_within_one_file() -> None:
    text = HEAD + HEAD.split("rules:\n", 1)[1]
    assert errors(text) == ["r0.yaml:10:9: TA302: duplicate id (first at line 3)"]


def test_duplicate_slug_within_one_file() -> None:
    text = HEAD + OTHER.split("rules:\n", 1)[1].replace("retry-unbounded", "retry-without-backoff")
    assert errors(text) == [
        "r0.yaml:10:5: TA303: slug 'retry-without-backoff' is already used by TA302 (r0.yaml:3:5)"
    ]


def test_duplicate_slug_across_files() -> None:
    clash = OTHER.replace("retry-unbounded", "retry-without-backoff")
    assert errors(HEAD, clash) == [
        "r1.yaml:3:5: TA303: slug 'retry-without-backoff' is already used by TA302 (r0.yaml:3:5)"
    ]


def test_replacing_a_rule_frees_its_old_slug() -> None:
    renamed = HEAD.replace("retry-without-backoff", "retry-unpaced")
    reuse = OTHER.replace("retry-unbounded", "retry-without-backoff")
    assert summary(HEAD, renamed, reuse) == [
        ("TA302", "retry-unpaced", "warning", True),
        ("TA303", "retry-without-backoff", "warning", True),
    ]


def test_overrides_change_severity_and_enabled_of_an_earlier_rule() -> None:
    layer = "version: 1\noverrides:\n  - {id: TA302, severity: error, enabled: false}\n"
    assert summary(HEAD, layer) == [("TA302", "retry-without-backoff", "error", False)]


def test_override_of_an_unknown_id() -> None:
    layer = "version: 1\noverrides:\n  - {id: TA999, severity: error}\n"
    assert errors(HEAD, layer) == ["r1.yaml:3:5: overrides: unknown rule id 'TA999'"]


def test_override_that_changes_nothing() -> None:
    layer = "version: 1\noverrides:\n  - {id: TA302}\n"
    assert errors(HEAD, layer) == [
        "r1.yaml:3:5: TA302: an override changes at least one of: severity, params, enabled"
    ]


def test_override_with_an_unknown_key() -> None:
    layer = "version: 1\noverrides:\n  - {id: TA302, severty: error}\n"
    assert errors(HEAD, layer) == [
        "r1.yaml:3:17: TA302: override: unknown key 'severty'; did you mean 'severity'?"
    ]


def test_partial_entry_under_rules_is_pointed_to_overrides() -> None:
    layer = "version: 1\nrules:\n  - {id: TA302, severity: error}\n"
    assert errors(HEAD, layer) == [
        "r1.yaml:3:5: TA302: a partial entry (severity, params, enabled) goes under 'overrides:'"
    ]


def test_problems_in_several_files_are_reported_together() -> None:
    assert errors("version: 1\nrules: 3\n", "version: 1\nrules:\n\t- x\n") == [
        "r0.yaml:2:8: rules: expected a list, got 3",
        "r1.yaml:3:1: tab character: indent YAML with spaces",
    ]


def test_a_broken_schema_is_a_programming_error() -> None:
    schema = {"task": {"any": FieldSpec("bool", "x"), "n": FieldSpec("string", "x")}}
    with pytest.raises(ValueError) as raised:
        load_rules([("r.yaml", HEAD)], schema)
    assert str(raised.value) == (
        "invalid subject schema: task.any: reserved field name; task.n: unknown field type 'string'"
    )


def test_file_over_two_megabytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024 * 1024 + 1)
    with pytest.raises(RuleFileErrors) as raised:
        load_rules([path], SCHEMA)
    assert str(raised.value) == f"{path.as_posix()}:1:1: file is larger than 2 MB"


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_bytes(b"version: 1\n# caf\xe9\nrules: []\n")
    with pytest.raises(RuleFileErrors) as raised:
        load_rules([path], SCHEMA)
    assert str(raised.value) == f"{path.as_posix()}:1:1: not UTF-8 (byte 16)"


def test_file_with_a_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEAD.encode())
    catalog = load_rules([path], SCHEMA, require_examples=False)
    assert catalog.ids == ("TA302",)
