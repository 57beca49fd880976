"""One rule entry of a rules file, checked and compiled.

A rule entry is checked key by key against the closed vocabulary
documented in docs/rule-language.md, then its conditions and message
against the subject schema. Problems are collected, not raised one by one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from taskaudit.rules.compile import ConditionContext, compile_condition
from taskaudit.rules.errors import Problems, did_you_mean
from taskaudit.rules.examples import read_examples
from taskaudit.rules.model import (
    ID_PATTERN,
    SECTIONS,
    SEVERITIES,
    SLUG_PATTERN,
    Escalation,
    ParamValue,
    Rule,
    RuleDocs,
)
from taskaudit.rules.shape import Reader, describe
from taskaudit.rules.subjects import FieldSpec, SubjectSchema, rule_fields
from taskaudit.rules.template import compile_template
from taskaudit.rules.title import derived_title, title_problem
from taskaudit.rules.yamldoc import Node

RULE_KEYS = ("id", "slug", "severity", "section", "subject", "message", "docs")
OPTIONAL_RULE_KEYS = (
    "title",
    "enabled",
    "params",
    "each",
    "when",
    "require",
    "escalate",
    "examples",
)
OVERRIDE_KEYS = ("severity", "params", "enabled")
_PARAM_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def param_value(node: Node) -> ParamValue | None:
    """A param is a string, a number, a boolean or a list of strings."""
    value = node.value
    if isinstance(value, tuple):
        items = tuple(item.value for item in value)
        strings = tuple(item for item in items if isinstance(item, str))
        return strings if len(strings) == len(items) else None
    return None if value is None or isinstance(value, dict) else value


def _params(reader: Reader, node: Node | None) -> dict[str, ParamValue]:
    params: dict[str, ParamValue] = {}
    entries = reader.entries(node, "params") if node is not None else None
    for name, child in (entries or {}).items():
        value = param_value(child)
        if not _PARAM_NAME.match(name):
            reader.error(child, f"params: {name!r} is not a lower_snake_case name", at_key=True)
        elif value is None:
            wanted = "a string, number, true/false or list of strings"
            reader.error(child, f"params.{name}: expected {wanted}, got {describe(child)}")
        else:
            params[name] = value
    return params


def entry_prefix(node: Node, fallback: str) -> str:
    id_node = node.value.get("id") if isinstance(node.value, dict) else None
    if id_node is not None and isinstance(id_node.value, str) and ID_PATTERN.match(id_node.value):
        return f"{id_node.value}: "
    return f"{fallback}: "


def _is_partial(node: Node) -> bool:
    keys = set(node.value) if isinstance(node.value, dict) else set()
    return "id" in keys and "subject" not in keys and keys <= {"id", *OVERRIDE_KEYS}


def read_rule(
    node: Node, index: int, schema: SubjectSchema, problems: Problems, need: bool
) -> Rule | None:
    """The rule in ``node``, or None after reporting why it is not one."""
    reader = Reader(problems, entry_prefix(node, f"rules[{index}]"))
    if _is_partial(node):
        reader.error(node, "a partial entry (severity, params, enabled) goes under 'overrides:'")
        return None
    before = len(problems)
    keys = reader.mapping(
        node, "rule", (*RULE_KEYS, "examples") if need else RULE_KEYS, OPTIONAL_RULE_KEYS
    )
    if keys is None:
        return None
    rule_id, slug = reader.text(keys.get("id"), "id"), reader.text(keys.get("slug"), "slug")
    if rule_id is not None and not ID_PATTERN.match(rule_id):
        reader.error(keys["id"], f"id: {rule_id!r} does not match {ID_PATTERN.pattern}")
    if slug is not None and not SLUG_PATTERN.match(slug):
        reader.error(keys["slug"], f"slug: {slug!r} does not match {SLUG_PATTERN.pattern}")
    severity = reader.choice(keys.get("severity"), "severity", SEVERITIES)
    section = reader.choice(keys.get("section"), "section", SECTIONS)
    subject = reader.text(keys.get("subject"), "subject")
    fields = schema.get(subject) if subject is not None else None
    if subject is not None and fields is None:
        hint = did_you_mean(subject, schema)
        reader.error(keys["subject"], f"subject: unknown subject kind {subject!r}{hint}")
    params = _params(reader, keys.get("params"))
    docs = _docs(reader, keys.get("docs"))
    title = _title(reader, keys.get("title"))
    examples = read_examples(reader, keys.get("examples"), rule_id or "", need)
    enabled = reader.boolean(keys.get("enabled"), "enabled")
    message = reader.text(keys.get("message"), "message")
    if fields is None or subject is None or rule_id is None:
        return None
    each, each_param = _each(reader, keys.get("each"), subject, fields, params)
    # A broken ``each:`` is reported once, not again at every use of ``item``.
    fields = rule_fields(fields, each or each_param or ("each" if "each" in keys else None))
    template = None
    if message is not None:
        try:
            template = compile_template(message, fields, params)
        except ValueError as error:
            reader.error(keys["message"], f"message: {error}")
    context = ConditionContext(rule_id, subject, fields, params, problems)
    when = compile_condition(keys["when"], context) if "when" in keys else None
    require = compile_condition(keys["require"], context) if "require" in keys else None
    escalate = read_escalations(reader, keys.get("escalate"), severity, context)
    if len(problems) > before or not (slug and severity and section and template and docs):
        return None
    return Rule(
        id=rule_id,
        slug=slug,
        title=title or derived_title(docs.what) or slug,
        severity=severity,
        section=section,
        subject=subject,
        message=template,
        when=when,
        require=require,
        params=params,
        docs=docs,
        examples=examples,
        location=node.location,
        enabled=enabled is not False,
        each=each,
        each_param=each_param,
        escalate=escalate,
        when_node=keys.get("when"),
        require_node=keys.get("require"),
    )


def read_escalations(
    reader: Reader, node: Node | None, severity: str | None, context: ConditionContext
) -> tuple[Escalation, ...]:
    """``escalate:``: a list of ``{when: <condition>, severity: <level above the rule's>}``."""
    if node is None:
        return ()
    found: list[Escalation] = []
    for index, item in enumerate(reader.items(node, "escalate")):
        what = f"escalate[{index}]"
        keys = reader.mapping(item, what, ("when", "severity"))
        if keys is None or "when" not in keys:
            continue
        level = reader.choice(keys.get("severity"), f"{what}.severity", SEVERITIES)
        condition = compile_condition(keys["when"], context)
        if condition is None or level is None or severity is None:
            continue
        if SEVERITIES.index(level) >= SEVERITIES.index(severity):  # most severe first
            message = f"{what}.severity: {level!r} is not above the rule's severity {severity!r}"
            reader.error(keys["severity"], message)
            continue
        found.append(Escalation(condition, level, keys["when"]))
    return tuple(found)


def _each(
    reader: Reader,
    node: Node | None,
    subject: str,
    fields: Mapping[str, FieldSpec],
    params: Mapping[str, ParamValue],
) -> tuple[str | None, str | None]:
    """``(field, None)`` for ``each: FIELD``, ``(None, param)`` for ``each: {param: NAME}``."""
    if node is not None and isinstance(node.value, dict):
        param = node.value.get("param")
        if set(node.value) != {"param"} or param is None or not isinstance(param.value, str):
            reader.error(node, "each: expected a list field or {param: <name>}")
            return None, None
        if not isinstance(params.get(param.value), tuple):
            reader.error(param, f"each: param {param.value!r} is not a list of strings")
            return None, None
        return None, param.value
    return _each_field(reader, node, subject, fields), None


def _each_field(
    reader: Reader, node: Node | None, subject: str, fields: Mapping[str, FieldSpec]
) -> str | None:
    name = reader.text(node, "each")
    if node is None or name is None:
        return None
    spec = fields.get(name)
    if spec is None:
        hint = did_you_mean(name, fields)
        reader.error(node, f"each: unknown field {name!r} for subject {subject!r}{hint}")
        return None
    if spec.type != "list[str]":
        reader.error(node, f"each: {name!r} is a {spec.type} field, not list[str]")
        return None
    return name


def _title(reader: Reader, node: Node | None) -> str | None:
    """``title:`` checked; None when absent (a user's file may leave it out) or broken."""
    title = reader.text(node, "title")
    problem = title_problem(title) if title is not None else None
    if node is not None and problem is not None:
        reader.error(node, f"title: {problem}")
        return None
    return title


def _docs(reader: Reader, node: Node | None) -> RuleDocs | None:
    if node is None:
        return None
    optional = ("example", "options", "fix_title")
    keys = reader.mapping(node, "docs", ("what", "why", "fix"), optional)
    if keys is None:
        return None
    text = {key: reader.text(child, f"docs.{key}") for key, child in keys.items()}
    what, why, fix = text.get("what"), text.get("why"), text.get("fix")
    fix_title = text.get("fix_title")
    problem = title_problem(fix_title) if fix_title is not None else None
    if problem is not None:
        reader.error(keys["fix_title"], f"docs.fix_title: {problem}")
    if what is None or why is None or fix is None:
        return None
    return RuleDocs(what, why, fix, text.get("example"), text.get("options"), fix_title)
