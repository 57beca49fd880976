from __future__ import annotations

from rules.fixtures import HEAD, load, task
from taskaudit.core.location import Location
from taskaudit.rules import (
    UNDECIDABLE,
    FieldValue,
    Finding,
    Subject,
    Undecidable,
    Undecided,
    evaluate,
)

BACKOFF = HEAD + "    when: {retry.declared: true}\n    require: {retry.backoff: true}\n"
CATALOG = load(BACKOFF)


def finding(line: int, identity: str, message: str, path: str = "app/tasks.py") -> Finding:
    where = Location(path, line, 1)
    return Finding("TA302", "retry-without-backoff", "warning", where, message, identity, "retries")


def flagged(text: str, *subjects: Subject) -> list[tuple[int, str]]:
    result = evaluate(load(text), subjects)
    return [(f.location.line, f.message) for f in result.findings]


def test_when_true_and_require_false_is_a_finding() -> None:
    subjects = [task(4, "a.pull", name="a.pull", retry__declared=True, retry__backoff=False)]
    assert evaluate(CATALOG, subjects).findings == (
        finding(4, "a.pull", "a.pull retries without backoff"),
    )


def test_near_misses_when_false_or_require_true() -> None:
    subjects = [
        task(1, "a", name="a", retry__declared=False, retry__backoff=False),
        task(2, "b", name="b", retry__declared=True, retry__backoff=True),
        task(3, "c", name="c"),  # fields absent read as null: not in scope
        task(4, "d", name="d", retry__declared=False, retry__backoff=UNDECIDABLE),
    ]
    assert evaluate(CATALOG, subjects) == evaluate(CATALOG, [])


def test_without_require_every_subject_in_scope_is_a_finding() -> None:
    text = HEAD + "    when: {style: app.task}\n"
    subjects = [task(1, "a", name="a", style="app.task"), task(2, "b", name="b", style="shared")]
    assert flagged(text, *subjects) == [(1, "a retries without backoff")]


def test_without_when_every_subject_is_in_scope() -> None:
    text = HEAD + "    require: {name: {matches: '^apps\\.'}}\n"
    subjects = [task(1, "x", name="apps.x"), task(2, "y", name="y"), task(3, "z")]
    assert flagged(text, *subjects) == [
        (2, "y retries without backoff"),
        (3, "none retries without backoff"),
    ]


def test_subjects_of_other_kinds_are_not_looked_at() -> None:
    other = Subject("beat_entry", Location("app/celery.py", 9, 1), "beat:x", {"key": "x"})
    assert flagged(HEAD, other, task(1, "a", name="a")) == [(1, "a retries without backoff")]


def test_findings_are_sorted_by_path_line_column_rule_and_message() -> None:
    text = (
        HEAD
        + "\n"
        + HEAD.split("rules:\n", 1)[1]
        .replace("TA302", "TA101")
        .replace("retry-without-backoff", "task-name-missing")
    )
    subjects = [
        Subject("task", Location("b.py", 1, 1), "b", {"name": "b"}),
        Subject("task", Location("a.py", 9, 5), "a2", {"name": "a2"}),
        Subject("task", Location("a.py", 9, 1), "a1", {"name": "a1"}),
    ]
    result = evaluate(load(text), subjects)
    assert [(str(f.location), f.rule_id) for f in result.findings] == [
        ("a.py:9:1", "TA101"),
        ("a.py:9:1", "TA302"),
        ("a.py:9:5", "TA101"),
        ("a.py:9:5", "TA302"),
        ("b.py:1:1", "TA101"),
        ("b.py:1:1", "TA302"),
    ]


def test_a_disabled_rule_does_not_run() -> None:
    assert flagged(HEAD + "    enabled: false\n", task(1, "a", name="a")) == []


def test_message_renders_every_value_kind_and_params() -> None:
    text = (
        HEAD.replace(
            '"{name} retries without backoff"',
            '"{name}|{retry.declared}|{retry.backoff}|{queues}|{time_limit}|{body.statements}|'
            '{style}|{params.limit}|{params.names}"',
        )
        + "    params: {limit: 40, names: [a, b]}\n"
    )
    subject = task(
        1,
        "a",
        name="a",
        retry__declared=True,
        retry__backoff=False,
        queues=("q1", "q2"),
        time_limit=1.5,
        body__statements=UNDECIDABLE,
    )
    assert flagged(text, subject) == [(1, "a|yes|no|q1, q2|1.5|?|none|40|a, b")]


def test_an_undecidable_field_that_matters_is_an_undecided_outcome() -> None:
    reason = "queue from os.environ"
    subjects = [
        task(7, "a.pull", name="a.pull", retry__declared=True, retry__backoff=Undecidable(reason)),
        task(8, "a.push", name="a.push", retry__declared=UNDECIDABLE, retry__backoff=False),
    ]
    result = evaluate(CATALOG, subjects)
    assert result.findings == ()
    assert result.undecided == (
        Undecided(
            "TA302",
            "retry-without-backoff",
            Location("app/tasks.py", 7, 1),
            "a.pull",
            ("retry.backoff",),
            (reason,),
        ),
        Undecided(
            "TA302",
            "retry-without-backoff",
            Location("app/tasks.py", 8, 1),
            "a.push",
            ("retry.declared",),
            ("value only known at run time",),
        ),
    )
    assert result.undecided[0].message == (
        "TA302 (retry-without-backoff) could not decide: retry.backoff (queue from os.environ)"
    )


def test_an_undecidable_field_that_cannot_change_the_answer_is_ignored() -> None:
    text = HEAD + (
        "    when: {any: [{retry.declared: true}, {style: app.task}]}\n"
        "    require: {all: [{retry.backoff: true}, {name: {glob: 'apps.*'}}]}\n"
    )
    subjects = [
        # `any` with one true branch is true whatever the undecidable sibling is
        task(1, "a", name="a", retry__declared=True, style=UNDECIDABLE, retry__backoff=False),
        # `all` with one false branch is false: the name decides, backoff does not matter
        task(2, "b", name="b", retry__declared=True, retry__backoff=UNDECIDABLE),
        # out of scope for sure: require is never looked at
        task(3, "c", name="c", retry__declared=False, style="shared", retry__backoff=UNDECIDABLE),
        # require holds for sure
        task(
            4,
            "d",
            name="apps.d",
            retry__declared=UNDECIDABLE,
            style="app.task",
            retry__backoff=True,
        ),
    ]
    result = evaluate(load(text), subjects)
    assert [(f.location.line, f.identity) for f in result.findings] == [(1, "a"), (2, "b")]
    assert result.undecided == ()


def test_undecidable_scope_with_a_failing_requirement_blames_the_scope_field() -> None:
    subjects = [task(1, "a", name="a", retry__declared=UNDECIDABLE, retry__backoff=False)]
    (unsure,) = evaluate(CATALOG, subjects).undecided
    assert unsure.fields == ("retry.declared",)


def test_undecidable_scope_with_a_holding_requirement_is_no_outcome() -> None:
    subjects = [task(1, "a", name="a", retry__declared=UNDECIDABLE, retry__backoff=True)]
    assert evaluate(CATALOG, subjects) == evaluate(CATALOG, [])


EACH = (
    HEAD.replace('"{name} retries without backoff"', '"no worker shows logs for {item}"').replace(
        "subject: task", "subject: project"
    )
    + "    each: missing_targets\n"
)


def project(**fields: FieldValue) -> Subject:
    return Subject("project", Location("Makefile", 1, 1), "project", fields)


def test_each_gives_one_finding_per_element_with_an_item_identity() -> None:
    result = evaluate(load(EACH), [project(missing_targets=("celery-logs", "beat-logs"))])
    assert [(f.message, f.identity) for f in result.findings] == [
        ("no worker shows logs for beat-logs", "project:beat-logs"),
        ("no worker shows logs for celery-logs", "project:celery-logs"),
    ]


def test_each_filters_elements_with_item_conditions() -> None:
    text = EACH + "    when: {item: {glob: 'celery-*'}}\n    require: {beat_lock: true}\n"
    subjects = [
        project(missing_targets=("celery-logs", "beat-logs", "celery-heavy-logs")),
        project(missing_targets=("celery-logs",), beat_lock=True),
    ]
    result = evaluate(load(text), subjects)
    assert [f.identity for f in result.findings] == [
        "project:celery-heavy-logs",
        "project:celery-logs",
    ]


def test_each_near_misses_empty_null_and_repeated_elements() -> None:
    catalog = load(EACH)
    assert evaluate(catalog, [project(missing_targets=()), project()]) == evaluate(catalog, [])
    result = evaluate(catalog, [project(missing_targets=("x", "x"))])
    assert [f.identity for f in result.findings] == ["project:x"]


def test_each_over_an_undecidable_list_is_one_undecided_outcome() -> None:
    result = evaluate(load(EACH), [project(missing_targets=Undecidable("computed targets"))])
    assert result.findings == ()
    assert result.undecided == (
        Undecided(
            "TA302",
            "retry-without-backoff",
            Location("Makefile", 1, 1),
            "project",
            ("missing_targets",),
            ("computed targets",),
        ),
    )


def test_each_undecidable_per_element_carries_the_item_identity() -> None:
    text = EACH + "    require: {beat_lock: true}\n"
    result = evaluate(load(text), [project(missing_targets=("a",), beat_lock=UNDECIDABLE)])
    assert [(u.identity, u.fields) for u in result.undecided] == [("project:a", ("beat_lock",))]


def test_each_over_a_param_compares_items_with_a_list_field() -> None:
    from rules.fixtures import load as load_rules_text
    from taskaudit.core.location import Location
    from taskaudit.rules import Subject, evaluate

    text = (
        "version: 1\n"
        "rules:\n"
        "  - id: TA900\n"
        "    slug: wanted-missing\n"
        "    severity: info\n"
        "    section: operations\n"
        "    subject: task\n"
        "    params: {wanted: [a, b, c]}\n"
        "    each: {param: wanted}\n"
        "    require: {item: {in_field: queues}}\n"
        "    message: 'no {item}'\n"
        "    docs: {what: w, why: y, fix: f}\n"
    )
    catalog = load_rules_text(text)
    subject = Subject("task", Location("t.py", 3, 1), "task:t", {"queues": ("b",)})
    found = evaluate(catalog, [subject]).findings
    assert [(f.message, f.identity) for f in found] == [
        ("no a", "task:t:a"),
        ("no c", "task:t:c"),
    ]
