from __future__ import annotations

from rules.fixtures import HEAD, SCHEMA, load
from taskaudit.rules import render_catalog_markdown, render_fields_markdown, render_rule_markdown

SHORT_DOCS = (
    "docs: {what: Retries without backoff., why: It hammers the broker., fix: Add backoff.}"
)
DOCUMENTED = (
    HEAD.replace(
        SHORT_DOCS,
        """docs:
      what: A task that retries without exponential backoff. Its retries come at once.
      why: |
        Retries fire at a fixed pace and | hammer the broker.
      fix: |
        ```python
        @shared_task(autoretry_for=(IOError,), retry_backoff=True)
        def pull(): ...
        ```
      options: Raise `max_statements` for large tasks.""",
    )
    + """\
    params: {max_statements: 40, heavy: [a, b], strict: true}
    examples:
      flag:
        - |
          @shared_task(autoretry_for=(IOError,))  # expect: TA302
          def pull(): ...
      pass: ["x = 1\\n"]
"""
)

RULE_MARKDOWN = """\
## TA302 `retry-without-backoff` (warning)

**A task that retries without exponential backoff**

### What it does

A task that retries without exponential backoff. Its retries come at once.

### Why is this bad?

Retries fire at a fixed pace and | hammer the broker.

### Example

```python
@shared_task(autoretry_for=(IOError,))
def pull(): ...
```

### Use instead

```python
@shared_task(autoretry_for=(IOError,), retry_backoff=True)
def pull(): ...
```

### Options

Raise `max_statements` for large tasks.

- `heavy` (default: `[a, b]`)
- `max_statements` (default: `40`)
- `strict` (default: `true`)
"""


def test_one_rule_in_ruffs_layout_with_the_first_flag_example() -> None:
    (rule,) = load(DOCUMENTED, require_examples=True).rules
    assert render_rule_markdown(rule) == RULE_MARKDOWN


def test_a_rule_without_params_examples_or_options_has_only_what_why_and_fix() -> None:
    (rule,) = load(HEAD + "    enabled: false\n").rules
    assert render_rule_markdown(rule, level=3) == (
        "### TA302 `retry-without-backoff` (warning)\n\n"
        "**Retries without backoff**\n\n"
        "*Disabled by default.*\n\n"
        "#### What it does\n\nRetries without backoff.\n\n"
        "#### Why is this bad?\n\nIt hammers the broker.\n\n"
        "#### Use instead\n\n```text\nAdd backoff.\n```\n"
    )


def test_docs_example_wins_over_the_flag_example_and_files_are_labelled() -> None:
    text = HEAD.replace("fix: Add backoff.}", "fix: Add backoff., example: see below}") + (
        "    examples:\n"
        "      flag:\n"
        '        - files: {Makefile: "x:  # expect: TA302\\n", app/c.py: "y\\n"}\n'
    )
    (rule,) = load(text).rules
    assert "### Example\n\n```text\nsee below\n```\n\n" in render_rule_markdown(rule)
    plain = load(text.replace(", example: see below", "")).rules[0]
    assert (
        "### Example\n\n`Makefile`:\n\n```make\nx:\n```\n\n`app/c.py`:\n\n```python\ny\n```\n\n"
        in (render_rule_markdown(plain))
    )


def test_catalog_groups_rules_by_section_in_report_order() -> None:
    naming = (
        HEAD.split("rules:\n", 1)[1]
        .replace("TA302", "TA101")
        .replace("retry-without-backoff", "task-name-missing")
        .replace("retries\n", "naming\n")
        .replace("Retries without backoff.", "A task without a name. Celery names it.")
    )
    catalog = load(HEAD + naming)
    text = render_catalog_markdown(catalog)
    assert text.startswith(
        "# Rules\n\n"
        "## Naming\n\n"
        "| ID | Slug | Severity | Title |\n"
        "|---|---|---|---|\n"
        "| TA101 | `task-name-missing` | warning | A task without a name |\n\n"
        "### TA101 `task-name-missing` (warning)\n\n"
        "**A task without a name**\n\n"
    )
    assert text.index("## Retries\n") > text.index("### TA101")
    assert text.endswith("#### Use instead\n\n```text\nAdd backoff.\n```\n")
    declared_the_other_way = "version: 1\nrules:\n" + naming + HEAD.split("rules:\n", 1)[1]
    assert render_catalog_markdown(load(declared_the_other_way)) == text


def test_facts_per_subject_kind() -> None:
    schema = {"beat_entry": SCHEMA["beat_entry"], "project": SCHEMA["project"]}
    assert render_fields_markdown(schema) == (
        "# Facts available to rules\n\n"
        "Any field may be `null` (not set) or undecidable (only known at run time).\n\n"
        "## `beat_entry`\n\n"
        "| Field | Type | Meaning |\n|---|---|---|\n"
        "| `key` | str | the beat_schedule key |\n\n"
        "## `project`\n\n"
        "| Field | Type | Meaning |\n|---|---|---|\n"
        "| `beat_lock` | bool | a beat lock is configured |\n"
        "| `missing_targets` | list[str] | expected Make targets that are absent |\n"
    )
