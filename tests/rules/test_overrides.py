from __future__ import annotations

import pytest

from rules.fixtures import HEAD, errors, load, task
from taskaudit.core.location import Location
from taskaudit.rules import (
    RuleFileErrors,
    evaluate,
    override_enabled,
    override_params,
    override_severity,
)

SIZED = HEAD + (
    "    params: {max_statements: 40, ratio: 1.5, heavy: ['h*'], strict: true}\n"
    "    when: {body.statements: {gt: {param: max_statements}}}\n"
    "    require: {queues: {glob: {param: heavy}}}\n"
)
CATALOG = load(SIZED)
ORIGIN = Location("pyproject.toml", 12, 1)
SUBJECTS = [task(5, "big", name="big", body__statements=50, queues=("light",))]


def problems(call: object) -> list[str]:
    assert callable(call)
    with pytest.raises(RuleFileErrors) as raised:
        call()
    return str(raised.value).splitlines()


def test_new_param_values_rebind_the_conditions() -> None:
    assert [f.identity for f in evaluate(CATALOG, SUBJECTS).findings] == ["big"]
    raised = override_params(CATALOG, {"TA302": {"max_statements": 60}}, ORIGIN)
    assert dict(raised.rules[0].params)["max_statements"] == 60
    assert evaluate(raised, SUBJECTS).findings == ()
    lighter = override_params(CATALOG, {"retry-without-backoff": {"heavy": ["l*"]}}, ORIGIN)
    assert evaluate(lighter, SUBJECTS).findings == ()


def test_an_int_is_accepted_for_a_float_param() -> None:
    changed = override_params(CATALOG, {"TA302": {"ratio": 2}}, ORIGIN)
    assert dict(changed.rules[0].params)["ratio"] == 2


def test_same_values_keep_the_rule_as_it_was() -> None:
    same = override_params(CATALOG, {"TA302": {"max_statements": 40}}, ORIGIN)
    assert same.rules[0] is CATALOG.rules[0]


def test_param_values_of_the_wrong_type_or_name() -> None:
    values: dict[str, object] = {
        "max_statements": "60",
        "ratio": True,
        "heavy": ["a", 1],
        "nope": 1,
        "strict": 1,
    }
    assert problems(lambda: override_params(CATALOG, {"TA302": values}, ORIGIN)) == [
        "pyproject.toml:12:1: TA302: params.heavy: expected list[str], got a list with a "
        "non-string item",
        "pyproject.toml:12:1: TA302: params.max_statements: expected int, got '60'",
        "pyproject.toml:12:1: TA302: params.ratio: expected float, got true",
        "pyproject.toml:12:1: TA302: params.strict: expected bool, got 1",
        "pyproject.toml:12:1: TA302: unknown param 'nope'",
    ]


def test_a_param_value_that_breaks_a_condition_is_reported() -> None:
    assert problems(lambda: override_params(CATALOG, {"TA302": {"heavy": []}}, ORIGIN)) == [
        "pyproject.toml:12:1: TA302: queues: 'glob' needs a string or a non-empty list of "
        "strings, got param 'heavy' = []"
    ]


def test_unknown_rule_for_params() -> None:
    assert problems(lambda: override_params(CATALOG, {"TA999": {"x": 1}}, ORIGIN)) == [
        "pyproject.toml:12:1: unknown rule 'TA999'"
    ]


def test_severity_by_id_or_slug() -> None:
    assert override_severity(CATALOG, {"TA302": "error"}, ORIGIN).rules[0].severity == "error"
    by_slug = override_severity(CATALOG, {"retry-without-backoff": "info"}, ORIGIN)
    assert by_slug.rules[0].severity == "info"


def test_bad_severity_and_misspelt_slug() -> None:
    overrides = {"TA302": "fatal", "retry-without-backofff": "info"}
    assert problems(lambda: override_severity(CATALOG, overrides, ORIGIN)) == [
        "pyproject.toml:12:1: TA302: severity 'fatal' is not one of: error, warning, info",
        "pyproject.toml:12:1: unknown rule 'retry-without-backofff'; "
        "did you mean 'retry-without-backoff'?",
    ]


def test_disable_and_enable() -> None:
    off = override_enabled(CATALOG, {"TA302": False}, ORIGIN)
    assert (off.rules[0].enabled, evaluate(off, SUBJECTS).findings) == (False, ())
    back = override_enabled(off, {"retry-without-backoff": True}, ORIGIN)
    assert [f.identity for f in evaluate(back, SUBJECTS).findings] == ["big"]


def test_enabled_must_be_a_bool() -> None:
    overrides: dict[str, bool] = {"TA302": "no"}  # type: ignore[dict-item]
    assert problems(lambda: override_enabled(CATALOG, overrides, ORIGIN)) == [
        "pyproject.toml:12:1: TA302: enabled: expected true or false, got 'no'"
    ]


def test_overrides_section_params_are_checked_where_they_are_written() -> None:
    layer = (
        "version: 1\noverrides:\n  - id: TA302\n"
        "    params: {max_statements: 60, ratio: x, nope: 1}\n"
    )
    assert errors(SIZED, layer) == [
        "r1.yaml:4:41: TA302: params.ratio: expected float, got 'x'",
        "r1.yaml:4:50: TA302: unknown param 'nope'",
    ]


def test_overrides_section_params_apply() -> None:
    layer = "version: 1\noverrides:\n  - {id: TA302, params: {max_statements: 60}}\n"
    assert evaluate(load(SIZED, layer), SUBJECTS).findings == ()


def test_overrides_section_names_rules_by_id() -> None:
    layer = "version: 1\noverrides:\n  - {id: retry-without-backoff, severity: info}\n"
    assert errors(SIZED, layer) == [
        "r1.yaml:3:5: overrides: 'retry-without-backoff' is a slug; name the rule by its id, TA302"
    ]


def test_an_override_of_a_rule_that_failed_to_load_reports_only_the_rule() -> None:
    broken = HEAD.replace("severity: warning", "severity: fatal")
    layer = "version: 1\noverrides:\n  - {id: TA302, severity: info}\n"
    assert errors(broken, layer) == [
        "r0.yaml:5:15: TA302: severity: 'fatal' is not one of: error, warning, info"
    ]
