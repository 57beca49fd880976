from __future__ import annotations

from rules.fixtures import HEAD, errors, load
from taskaudit.rules.conditions import AllOf, AnyOf, Compare, Condition, Not

OPERATORS = (
    "contains, contains_any, eq, ge, glob, gt, in, in_field, "
    "is_empty, is_set, le, lt, matches, ne, not_in"
)


def compiled(condition: str, params: str = "{}") -> Condition | None:
    (rule,) = load(HEAD + f"    params: {params}\n    require: {condition}\n").rules
    return rule.require


def shape(condition: Condition | None) -> object:
    """The tree without its compiled closures: (op, field, operand) leaves."""
    if isinstance(condition, Compare):
        return (condition.op, condition.field, condition.operand)
    if isinstance(condition, AllOf):
        return ("all", [shape(c) for c in condition.conditions])
    if isinstance(condition, AnyOf):
        return ("any", [shape(c) for c in condition.conditions])
    if isinstance(condition, Not):
        return ("not", shape(condition.condition))
    return None


def test_a_plain_value_is_equality_and_entries_are_anded() -> None:
    assert shape(compiled("{retry.declared: true, name: pull}")) == (
        "all",
        [("eq", "retry.declared", True), ("eq", "name", "pull")],
    )


def test_an_operator_mapping_with_several_operators_is_anded() -> None:
    assert shape(compiled("{body.statements: {gt: 3, le: 40}}")) == (
        "all",
        [("gt", "body.statements", 3), ("le", "body.statements", 40)],
    )


def test_combinators_nest() -> None:
    condition = "{any: [{style: app.task}, {not: {name: {glob: ['apps.*', 'x.?']}}}]}"
    assert shape(compiled(condition)) == (
        "any",
        [("eq", "style", "app.task"), ("not", ("glob", "name", ("apps.*", "x.?")))],
    )


def test_a_param_operand_is_bound_to_its_default() -> None:
    condition = "{body.statements: {gt: {param: max_statements}}, style: {param: preferred}}"
    params = "{max_statements: 40, preferred: shared_task}"
    assert shape(compiled(condition, params)) == (
        "all",
        [("gt", "body.statements", 40), ("eq", "style", "shared_task")],
    )


def test_null_is_a_valid_equality_operand() -> None:
    assert shape(compiled("{name: null, queues: {eq: null}}")) == (
        "all",
        [("eq", "name", None), ("eq", "queues", None)],
    )


def test_int_operand_is_fine_for_a_float_field() -> None:
    assert shape(compiled("{time_limit: {ge: 30}}")) == ("ge", "time_limit", 30)


def test_list_fields_take_string_operands_for_eq_in_glob_and_matches() -> None:
    condition = "{queues: {eq: a, in: [b, c], glob: 'h*', matches: '^x', contains: d}}"
    assert shape(compiled(condition)) == (
        "all",
        [
            ("eq", "queues", "a"),
            ("in", "queues", ("b", "c")),
            ("glob", "queues", "h*"),
            ("matches", "queues", "^x"),
            ("contains", "queues", "d"),
        ],
    )


def test_unknown_field_suggests_the_closest_name() -> None:
    assert errors(HEAD + "    when: {retry.declard: true}\n") == [
        "r0.yaml:10:12: TA302: unknown field 'retry.declard' for subject 'task'; "
        "did you mean 'retry.declared'?"
    ]


def test_unknown_operator_lists_the_closed_set() -> None:
    assert errors(HEAD + "    when: {queues: {bogus: 1}}\n") == [
        f"r0.yaml:10:21: TA302: queues: unknown operator 'bogus'; expected one of: {OPERATORS}"
    ]


def test_operator_that_does_not_apply_to_the_field_type() -> None:
    assert errors(HEAD + "    when: {time_limit: {contains: a}, name: {gt: 3}}\n") == [
        "r0.yaml:10:25: TA302: time_limit: 'contains' does not apply to a float field",
        "r0.yaml:10:46: TA302: name: 'gt' does not apply to a str field",
    ]


def test_operand_of_the_wrong_type() -> None:
    text = HEAD + (
        "    require: {retry.backoff: 'yes', style: {eq: 1}, body.statements: {lt: '3'},"
        " time_limit: {gt: true}, name: {in: [1, 2]}}\n"
    )
    assert errors(text) == [
        "r0.yaml:10:30: TA302: retry.backoff: 'eq' needs bool or null, got 'yes'",
        "r0.yaml:10:49: TA302: style: 'eq' needs str or null, got 1",
        "r0.yaml:10:75: TA302: body.statements: 'lt' needs a number, got '3'",
        "r0.yaml:10:98: TA302: time_limit: 'gt' needs a number, got true",
        "r0.yaml:10:116: TA302: name: 'in' needs a list of str, got [1, 2]",
    ]


def test_operand_for_a_list_field_says_it_is_compared_element_by_element() -> None:
    assert errors(HEAD + "    require: {queues: {eq: [a]}}\n") == [
        "r0.yaml:10:28: TA302: queues: 'eq' needs str or null (a list field is compared element "
        "by element), got ['a']"
    ]


def test_operand_shapes() -> None:
    text = HEAD + (
        "    require: {name: [{a: 1}], style: {eq: {param: 3}}, queues: {contains_any: []},"
        " retry.backoff: {is_set: 1}, body.statements: {glob: x}}\n"
    )
    assert errors(text) == [
        "r0.yaml:10:21: TA302: a list operand holds plain values only",
        "r0.yaml:10:43: TA302: an operand is a value, a list, or {param: <name>}",
        "r0.yaml:10:79: TA302: queues: 'contains_any' needs a non-empty list of strings, got []",
        "r0.yaml:10:108: TA302: retry.backoff: 'is_set' needs true or false, got 1",
        "r0.yaml:10:130: TA302: body.statements: 'glob' does not apply to an int field",
    ]


def test_glob_needs_a_string_or_a_non_empty_list() -> None:
    assert errors(HEAD + "    require: {name: {glob: []}}\n") == [
        "r0.yaml:10:28: TA302: name: 'glob' needs a string or a non-empty list of strings, got []"
    ]


def test_invalid_regex_is_reported_at_load() -> None:
    assert errors(HEAD + "    require: {name: {matches: '('}}\n") == [
        "r0.yaml:10:31: TA302: name: invalid regex '(': "
        "missing ), unterminated subpattern at position 0"
    ]


def test_param_reference_must_name_a_declared_param() -> None:
    text = HEAD + "    params: {max: 40}\n    when: {body.statements: {gt: {param: mx}}}\n"
    assert errors(text) == ["r0.yaml:11:42: TA302: unknown param 'mx'; did you mean 'max'?"]


def test_param_reference_is_type_checked_through_its_default() -> None:
    text = HEAD + "    params: {max: 40}\n    when: {name: {param: max}}\n"
    assert errors(text) == [
        "r0.yaml:11:18: TA302: name: 'eq' needs str or null, got param 'max' = 40"
    ]


def test_empty_and_malformed_combinators() -> None:
    text = HEAD + "    require: {any: [], not: 3, all: x, name: {}}\n"
    assert errors(text) == [
        "r0.yaml:10:20: TA302: 'any' needs a non-empty list of conditions",
        "r0.yaml:10:29: TA302: a condition is a non-empty mapping",
        "r0.yaml:10:37: TA302: 'all' needs a non-empty list of conditions",
        "r0.yaml:10:46: TA302: name: no operator given",
    ]
    assert errors(HEAD + "    when: {}\n") == [
        "r0.yaml:10:11: TA302: a condition is a non-empty mapping"
    ]
