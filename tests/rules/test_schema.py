from __future__ import annotations

from rules.fixtures import HEAD, errors, load
from taskaudit.core.location import Location
from taskaudit.rules import RuleDocs

GOOD_MESSAGE = '"{name} retries without backoff"'
GOOD_DOCS = "{what: Retries without backoff., why: It hammers the broker., fix: Add backoff.}"

EXAMPLES = """\
    examples:
      flag:
        - |
          @shared_task(autoretry_for=(IOError,))  # expect: TA302
          def pull(): ...
      pass:
        - |
          @shared_task(autoretry_for=(IOError,), retry_backoff=True)
          def pull(): ...
        - files:
            app/tasks.py: "x = 1\\n"
            Makefile: "celery-logs:\\n"
"""


def test_a_complete_rule_loads_with_every_part() -> None:
    text = HEAD + "    params: {max_statements: 40, queues: [heavy]}\n" + EXAMPLES
    (rule,) = load(text, require_examples=True).rules
    assert (rule.id, rule.slug, rule.severity, rule.section, rule.subject) == (
        "TA302",
        "retry-without-backoff",
        "warning",
        "retries",
        "task",
    )
    assert rule.message.text == "{name} retries without backoff"
    assert dict(rule.params) == {"max_statements": 40, "queues": ("heavy",)}
    assert rule.docs == RuleDocs(
        "Retries without backoff.", "It hammers the broker.", "Add backoff."
    )
    assert rule.location == Location("r0.yaml", 3, 5)
    assert (rule.enabled, rule.each, rule.when, rule.require) == (True, None, None, None)
    assert [e.code for e in rule.examples.flag] == [
        "@shared_task(autoretry_for=(IOError,))  # expect: TA302\ndef pull(): ...\n"
    ]
    assert [(e.code, e.files, e.location.line) for e in rule.examples.passing] == [
        ("@shared_task(autoretry_for=(IOError,), retry_backoff=True)\ndef pull(): ...\n", (), 17),
        (None, (("app/tasks.py", "x = 1\n"), ("Makefile", "celery-logs:\n")), 20),
    ]


def test_header_values_are_checked_each_at_its_own_place() -> None:
    text = (
        HEAD.replace("TA302", "TA30")
        .replace("retry-without-backoff", "Retry")
        .replace("warning", "fatal")
        .replace("retries\n", "retry\n")
        .replace("subject: task", "subject: tasks")
    )
    sections = (
        "naming, declaration, retries, failures, idempotency, queues, results, beat, "
        "dispatch, operations, configuration, meta"
    )
    assert errors(text) == [
        r"r0.yaml:3:9: rules[0]: id: 'TA30' does not match ^[A-Z]{1,5}\d{3,4}$",
        r"r0.yaml:4:11: rules[0]: slug: 'Retry' does not match ^[a-z][a-z0-9-]*$",
        "r0.yaml:5:15: rules[0]: severity: 'fatal' is not one of: error, warning, info",
        f"r0.yaml:6:14: rules[0]: section: 'retry' is not one of: {sections}; "
        "did you mean 'retries'?",
        "r0.yaml:7:14: rules[0]: subject: unknown subject kind 'tasks'; did you mean 'task'?",
    ]


def test_near_miss_ids_and_slugs_that_are_valid() -> None:
    text = HEAD.replace("TA302", "TAXYZ1001").replace("retry-without-backoff", "a1-b")
    (rule,) = load(text).rules
    assert (rule.id, rule.slug) == ("TAXYZ1001", "a1-b")


def test_missing_and_unknown_keys() -> None:
    text = "version: 1\nrules:\n  - id: TA101\n    sevrity: info\n"
    assert errors(text) == [
        "r0.yaml:3:5: TA101: rule: missing key 'docs'",
        "r0.yaml:3:5: TA101: rule: missing key 'message'",
        "r0.yaml:3:5: TA101: rule: missing key 'section'",
        "r0.yaml:3:5: TA101: rule: missing key 'severity'",
        "r0.yaml:3:5: TA101: rule: missing key 'slug'",
        "r0.yaml:3:5: TA101: rule: missing key 'subject'",
        "r0.yaml:4:5: TA101: rule: unknown key 'sevrity'; did you mean 'severity'?",
    ]


def test_wrong_types() -> None:
    text = HEAD.replace(GOOD_MESSAGE, "3") + "    enabled: maybe\n    params: [1]\n"
    assert errors(text) == [
        "r0.yaml:8:14: TA302: message: expected a non-empty string, got 3",
        "r0.yaml:10:14: TA302: enabled: expected true or false, got 'maybe'",
        "r0.yaml:11:13: TA302: params: expected a mapping, got a list",
    ]


def test_params_must_be_snake_case_names_with_plain_values() -> None:
    text = HEAD + "    params: {Max: 1, heavy: {a: 1}, mixed: [a, 1], ok: 1.5}\n"
    assert errors(text) == [
        "r0.yaml:10:14: TA302: params: 'Max' is not a lower_snake_case name",
        "r0.yaml:10:29: TA302: params.heavy: expected a string, number, true/false or list of "
        "strings, got a mapping",
        "r0.yaml:10:44: TA302: params.mixed: expected a string, number, true/false or list of "
        "strings, got a list",
    ]


def test_docs_need_what_why_and_fix_as_text() -> None:
    text = HEAD.replace(GOOD_DOCS, '{what: "", why: 3, tip: x}')
    assert errors(text) == [
        "r0.yaml:9:11: TA302: docs: missing key 'fix'",
        "r0.yaml:9:18: TA302: docs.what: expected a non-empty string, got ''",
        "r0.yaml:9:27: TA302: docs.why: expected a non-empty string, got 3",
        "r0.yaml:9:30: TA302: docs: unknown key 'tip'",
    ]


def test_optional_docs_keys_are_kept() -> None:
    text = HEAD.replace("fix: Add backoff.}", "fix: Add backoff., example: x(), options: none}")
    (rule,) = load(text).rules
    assert (rule.docs.example, rule.docs.options) == ("x()", "none")


def test_message_placeholders_are_checked_against_fields_and_params() -> None:
    text = HEAD.replace(GOOD_MESSAGE, '"{nme} took {params.max}"') + "    params: {max: 1}\n"
    assert errors(text) == [
        "r0.yaml:8:14: TA302: message: unknown placeholder {nme}; did you mean {name}?"
    ]
    text = HEAD.replace(GOOD_MESSAGE, '"{name} took {params.mix}"') + "    params: {max: 1}\n"
    assert errors(text) == [
        "r0.yaml:8:14: TA302: message: unknown placeholder {params.mix}; did you mean {params.max}?"
    ]


def test_message_braces() -> None:
    text = HEAD.replace(GOOD_MESSAGE, '"{name} {"')
    assert errors(text) == [
        "r0.yaml:8:14: TA302: message: unbalanced '{' in message; write '{{' for a brace"
    ]
    (rule,) = load(HEAD.replace(GOOD_MESSAGE, '"{{literal}} {name}"')).rules
    assert rule.message.format({"name": "pull"}, {}) == "{literal} pull"


def test_examples_are_required_by_default_in_the_suite() -> None:
    assert errors(HEAD, require_examples=True) == [
        "r0.yaml:3:5: TA302: rule: missing key 'examples'"
    ]
    text = HEAD + "    examples: {flag: [], pass: []}\n"
    assert errors(text, require_examples=True) == [
        "r0.yaml:10:22: TA302: examples.flag: at least one example is required",
        "r0.yaml:10:32: TA302: examples.pass: at least one example is required",
    ]
    text = HEAD + "    examples: {flag: 'x  # expect: TA302'}\n"
    assert errors(text, require_examples=True) == [
        "r0.yaml:10:15: TA302: examples: missing key 'pass'"
    ]


def test_examples_may_be_omitted_when_not_required() -> None:
    (rule,) = load(HEAD + "    examples: {flag: 'x  # expect: TA302'}\n").rules
    assert ([e.code for e in rule.examples.flag], rule.examples.passing) == (
        ["x  # expect: TA302"],
        (),
    )


def test_example_markers_and_files_are_checked() -> None:
    text = HEAD + (
        "    examples:\n"
        "      flag: |\n"
        "        x = 1  # expect: TA303\n"
        "      pass:\n"
        "        - 'y = 1  # expect: TA302'\n"
        "        - {files: {'/abs.py': 'x', 'a/../b.py': 'y', 'ok.py': 3}}\n"
        "        - {file: x}\n"
        "        - 'z  # expect: TA30x'\n"
    )
    assert errors(text, require_examples=True) == [
        "r0.yaml:11:13: TA302: examples.flag[0]: no '# expect: TA302' marker",
        "r0.yaml:14:11: TA302: examples.pass[0]: a pass example has an '# expect: TA302' marker",
        "r0.yaml:15:20: TA302: examples.pass[1].files: '/abs.py' is not a relative POSIX path",
        "r0.yaml:15:36: TA302: examples.pass[1].files: 'a/../b.py' is not a relative POSIX path",
        "r0.yaml:15:63: TA302: examples.pass[1].files.ok.py: expected a non-empty string, got 3",
        "r0.yaml:16:11: TA302: examples.pass[2]: missing key 'files'",
        "r0.yaml:16:12: TA302: examples.pass[2]: unknown key 'file'; did you mean 'files'?",
        "r0.yaml:17:11: TA302: examples.pass[3]: line 1: malformed marker '# expect: TA30x'",
    ]


def test_each_names_a_list_field_of_the_subject() -> None:
    assert errors(HEAD + "    each: queue\n") == [
        "r0.yaml:10:11: TA302: each: unknown field 'queue' for subject 'task'; "
        "did you mean 'queues'?"
    ]
    assert errors(HEAD + "    each: name\n") == [
        "r0.yaml:10:11: TA302: each: 'name' is a str field, not list[str]"
    ]


def test_a_broken_each_does_not_also_report_every_use_of_item() -> None:
    text = HEAD + "    each: name\n    when: {item: x}\n"
    assert errors(text) == ["r0.yaml:10:11: TA302: each: 'name' is a str field, not list[str]"]


def test_item_without_each() -> None:
    assert errors(HEAD + "    when: {item: x}\n") == [
        "r0.yaml:10:12: TA302: unknown field 'item' for subject 'task'; "
        "'item' is only defined in a rule with 'each:'"
    ]
    assert errors(HEAD.replace(GOOD_MESSAGE, '"{item}"')) == [
        "r0.yaml:8:14: TA302: message: unknown placeholder {item}"
    ]


def test_each_makes_item_a_string_field_for_conditions_and_message() -> None:
    text = HEAD.replace(GOOD_MESSAGE, '"no worker for {item}"') + (
        "    each: queues\n    when: {item: {glob: 'heavy*'}}\n"
    )
    (rule,) = load(text).rules
    assert rule.each == "queues"
    assert rule.message.format({"item": "heavy-io"}, {}) == "no worker for heavy-io"
