from __future__ import annotations

import pytest

from taskaudit.core.location import Location
from taskaudit.rules.errors import RuleFileErrors
from taskaudit.rules.yamldoc import Node, parse_rule_text


def problems(text: str) -> list[str]:
    with pytest.raises(RuleFileErrors) as raised:
        parse_rule_text("rules.yaml", text)
    return [str(error) for error in raised.value.errors]


def test_nodes_carry_one_based_locations_of_values_and_keys() -> None:
    tree = parse_rule_text("rules.yaml", "version: 1\nrules:\n  - id: TA101\n")
    assert isinstance(tree.value, dict)
    rules = tree.value["rules"]
    assert rules.key_location == Location("rules.yaml", 2, 1)
    assert isinstance(rules.value, tuple)
    entry = rules.value[0]
    assert entry.location == Location("rules.yaml", 3, 5)
    assert entry.value == {
        "id": Node("TA101", Location("rules.yaml", 3, 9), Location("rules.yaml", 3, 5))
    }


def test_scalars_keep_their_yaml_types() -> None:
    tree = parse_rule_text("r.yaml", "a: 1\nb: 1.5\nc: true\nd: null\ne: 'yes'\n")
    assert isinstance(tree.value, dict)
    assert {key: node.value for key, node in tree.value.items()} == {
        "a": 1,
        "b": 1.5,
        "c": True,
        "d": None,
        "e": "yes",
    }


def test_empty_text_is_an_empty_document() -> None:
    assert parse_rule_text("r.yaml", "# only a comment\n") == Node(None, Location("r.yaml"))


def test_anchor_is_refused_where_it_is_declared() -> None:
    text = "rules:\n  - &base {id: TA101}\n  - *base\n"
    assert problems(text) == ["rules.yaml:2:5: YAML anchor '&base' is not allowed"]


def test_billion_laughs_shape_is_refused_before_any_expansion() -> None:
    text = 'a: &a ["lol", "lol"]\nb: &b [*a, *a]\nc: [*b, *b]\n'
    assert problems(text) == ["rules.yaml:1:4: YAML anchor '&a' is not allowed"]


def test_duplicate_key_points_at_the_second_one() -> None:
    text = "version: 1\nrules:\n  - id: TA101\n    slug: a\n    id: TA102\n"
    assert problems(text) == ["rules.yaml:5:5: duplicate key 'id' (first at line 3)"]


def test_tab_indentation_is_named() -> None:
    text = "version: 1\nrules:\n  - id: TA101\n\tslug: a\n"
    assert problems(text) == ["rules.yaml:4:1: tab character: indent YAML with spaces"]


def test_a_tab_inside_a_quoted_string_is_fine() -> None:
    tree = parse_rule_text("r.yaml", 'a: "x\ty"\n')
    assert isinstance(tree.value, dict)
    assert tree.value["a"].value == "x\ty"


def test_syntax_error_uses_the_problem_mark() -> None:
    assert problems("rules: [a, b\nversion: 1\n") == [
        "rules.yaml:2:8: did not find expected ',' or ']'"
    ]


def test_keys_that_yaml_reads_as_other_types_must_be_quoted() -> None:
    assert problems("on: 1\n2: x\n'off': 3\n") == [
        "rules.yaml:1:1: key 'on' is read as bool, not a string; quote it",
        "rules.yaml:2:1: key '2' is read as int, not a string; quote it",
    ]


def test_language_specific_tags_are_refused_on_scalars_and_collections() -> None:
    text = "a: !!python/name:os.system x\nb: !!python/object:os.system {}\nc: !!binary aGk=\n"
    assert problems(text) == [
        "rules.yaml:1:4: unsupported YAML value of type 'python/name:os.system'",
        "rules.yaml:2:4: unsupported YAML value of type 'python/object:os.system'",
        "rules.yaml:3:4: unsupported YAML value of type 'binary'",
    ]


def test_text_over_two_megabytes_is_refused_before_parsing() -> None:
    text = "a: [" + "1, " * (700 * 1024) + "]\n"
    assert problems(text) == ["rules.yaml:1:1: file is larger than 2 MB"]


def test_text_just_under_the_limit_parses() -> None:
    text = "# " + "x" * (2 * 1024 * 1024 - 20) + "\na: 1\n"
    tree = parse_rule_text("r.yaml", text)
    assert isinstance(tree.value, dict)
    assert list(tree.value) == ["a"]
