"""Rule documentation generated from the catalog, in ruff's layout.

Each rule reads: What it does / Why is this bad? / Example / Use instead /
Options (https://docs.astral.sh/ruff/rules/). The example defaults to the
rule's first flag example, so the docs show code the test suite has run.
Output is a pure function of the catalog: same rules, same bytes.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from taskaudit.core.markdown import code_block
from taskaudit.rules.markers import strip_markers
from taskaudit.rules.model import SECTIONS, SEVERITIES, Catalog, Example, ParamValue, Rule
from taskaudit.rules.subjects import SubjectSchema
from taskaudit.rules.yamldoc import Node

_LANGUAGES = {".py": "python", ".yml": "yaml", ".yaml": "yaml", ".toml": "toml", ".cfg": "ini"}


def _language(path: str) -> str:
    name = PurePosixPath(path).name
    if name == "Makefile":
        return "make"
    return _LANGUAGES.get(PurePosixPath(path).suffix, "text")


def _code(text: str, language: str) -> str:
    return f"```{language}\n{strip_markers(text).rstrip()}\n```"


def _example(example: Example) -> str:
    if example.code is not None:
        return _code(example.code, "python")
    return "\n\n".join(
        f"`{path}`:\n\n{_code(text, _language(path))}" for path, text in example.files
    )


def _value(value: ParamValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return str(value)


def render_rule_markdown(rule: Rule, level: int = 2) -> str:
    """One rule's documentation; ``level`` is the heading level of its title."""
    head, sub = "#" * level, "#" * (level + 1)
    parts = [f"{head} {rule.id} `{rule.slug}` ({rule.severity})", f"**{rule.title}**"]
    if not rule.enabled:
        parts.append("*Disabled by default.*")
    parts += [
        f"*{e.severity.capitalize()} when `{condition_text(e.node)}`.*"
        for e in rule.escalate
        if e.node is not None
    ]
    parts += [f"{sub} What it does", rule.docs.what.strip(), f"{sub} Why is this bad?"]
    parts.append(rule.docs.why.strip())
    # docs.example and docs.fix are code, fenced here as in every renderer.
    written = code_block(rule.docs.example) if rule.docs.example else None
    example = written or (_example(rule.examples.flag[0]) if rule.examples.flag else None)
    if example:
        parts += [f"{sub} Example", example.strip()]
    parts += [f"{sub} Use instead", code_block(rule.docs.fix)]
    if rule.params or rule.docs.options:
        parts.append(f"{sub} Options")
        if rule.docs.options:
            parts.append(rule.docs.options.strip())
        if rule.params:
            parts.append(
                "\n".join(
                    f"- `{k}` (default: `{_value(v)}`)" for k, v in sorted(rule.params.items())
                )
            )
    return "\n\n".join(parts) + "\n"


def severity_label(rule: Rule) -> str:
    """``info``, or ``info to warning`` for a rule whose findings may escalate."""
    highest = min((e.severity for e in rule.escalate), key=SEVERITIES.index, default=None)
    return f"{rule.severity} to {highest}" if highest else rule.severity


def condition_text(node: Node) -> str:
    """A condition as one line of YAML flow style: ``{expires_never: true}``."""
    value = node.value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {condition_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "[" + ", ".join(condition_text(item) for item in value) + "]"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return json.dumps(value) if isinstance(value, str) else str(value)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_catalog_markdown(catalog: Catalog) -> str:
    """All rules: per section, a summary table then each rule's documentation."""
    parts = ["# Rules"]
    for section in SECTIONS:
        rules = [rule for rule in catalog.rules if rule.section == section]
        if not rules:
            continue
        parts.append(f"## {section.capitalize()}")
        table = ["| ID | Slug | Severity | Title |", "|---|---|---|---|"]
        table += [
            f"| {r.id} | `{r.slug}` | {severity_label(r)} | {_cell(r.title)} |" for r in rules
        ]
        parts.append("\n".join(table))
        parts += [render_rule_markdown(rule, level=3).rstrip("\n") for rule in rules]
    return "\n\n".join(parts) + "\n"


def render_fields_markdown(schema: SubjectSchema) -> str:
    """The facts each subject kind offers to rules."""
    parts = [
        "# Facts available to rules",
        "Any field may be `null` (not set) or undecidable (only known at run time).",
    ]
    for kind in sorted(schema):
        rows = ["| Field | Type | Meaning |", "|---|---|---|"]
        rows += [
            f"| `{name}` | {spec.type} | {_cell(spec.doc)} |"
            for name, spec in sorted(schema[kind].items())
        ]
        parts += [f"## `{kind}`", "\n".join(rows)]
    return "\n\n".join(parts) + "\n"
