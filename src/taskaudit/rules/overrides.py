"""Changing an existing rule's severity, params or enabled state.

Two callers: an ``overrides:`` entry in a later rules file, and the user's
configuration (ruff-like ``[tool.taskaudit]`` per-rule settings). A param
keeps the type of its default (an int default also accepts an int for a
float param), and the rule's conditions are rebound to the new values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from taskaudit.core.location import Location
from taskaudit.rules.compile import ConditionContext, compile_condition, show
from taskaudit.rules.errors import Problems, did_you_mean
from taskaudit.rules.model import SEVERITIES, Catalog, ParamValue, Rule
from taskaudit.rules.operators import fits
from taskaudit.rules.schema import OVERRIDE_KEYS, entry_prefix, param_value
from taskaudit.rules.shape import Reader
from taskaudit.rules.subjects import rule_fields
from taskaudit.rules.yamldoc import Node


@dataclass(frozen=True, slots=True)
class Override:
    """A partial entry in a rules file; ``params`` maps a name to its located value."""

    id: str
    location: Location
    severity: str | None = None
    params: Mapping[str, tuple[ParamValue | None, Location]] = field(default_factory=dict)
    enabled: bool | None = None


def read_override(node: Node, index: int, problems: Problems) -> Override | None:
    """The partial entry in ``node``, or None after reporting why it is not one."""
    reader = Reader(problems, entry_prefix(node, f"overrides[{index}]"))
    keys = reader.mapping(node, "override", ("id",), OVERRIDE_KEYS)
    if keys is None:
        return None
    rule_id = reader.text(keys.get("id"), "id")
    # Compared with the raw entry, so a misspelt key is reported only once.
    if isinstance(node.value, dict) and len(node.value) == 1:
        reader.error(node, "an override changes at least one of: severity, params, enabled")
    severity = reader.choice(keys.get("severity"), "severity", SEVERITIES)
    enabled = reader.boolean(keys.get("enabled"), "enabled")
    entries = reader.entries(keys["params"], "params") if "params" in keys else {}
    if rule_id is None or entries is None or len(keys) == 1:
        return None
    params = {name: (param_value(child), child.location) for name, child in entries.items()}
    return Override(rule_id, node.location, severity, params, enabled)


def _coerce(raw: object) -> ParamValue | None:
    if isinstance(raw, list | tuple):
        return tuple(raw) if all(isinstance(item, str) for item in raw) else None
    return raw if isinstance(raw, str | int | float | bool) else None


def _describe(raw: object) -> str:
    if raw is None:
        return "null"
    if isinstance(raw, list | tuple):
        return "a list with a non-string item"
    return "a mapping" if isinstance(raw, dict) else type(raw).__name__


def _type_of(value: ParamValue) -> str:
    if isinstance(value, tuple):
        return "list[str]"
    return {bool: "bool", int: "int", float: "float"}.get(type(value), "str")


def with_params(
    catalog: Catalog, rule: Rule, values: Mapping[str, tuple[object, Location]], problems: Problems
) -> Rule:
    """``rule`` with ``values`` replacing param defaults; problems go to ``problems``."""
    params = dict(rule.params)
    for name, (raw, where) in sorted(values.items()):
        value = _coerce(raw)
        if name not in rule.params:
            hint = did_you_mean(name, rule.params)
            problems.add(where, f"{rule.id}: unknown param {name!r}{hint}")
            continue
        wanted = _type_of(rule.params[name])
        if value is None or not fits(value, wanted):
            got = _describe(raw) if value is None else show(value)
            problems.add(where, f"{rule.id}: params.{name}: expected {wanted}, got {got}")
            continue
        params[name] = value
    if params == rule.params:
        return rule
    where = min(location for _, location in values.values())
    fields = rule_fields(catalog.schema.get(rule.subject, {}), rule.each or rule.each_param)
    context = ConditionContext(rule.id, rule.subject, fields, params, problems, origin=where)
    when = compile_condition(rule.when_node, context) if rule.when_node else None
    require = compile_condition(rule.require_node, context) if rule.require_node else None
    escalate = tuple(
        dataclasses.replace(escalation, when=condition)
        for escalation in rule.escalate
        if escalation.node is not None
        and (condition := compile_condition(escalation.node, context)) is not None
    )
    return dataclasses.replace(rule, params=params, when=when, require=require, escalate=escalate)


def _lookup(catalog: Catalog, key: str, origin: Location, problems: Problems) -> Rule | None:
    rule = catalog.get(key)
    if rule is None:
        hint = did_you_mean(key, [*catalog.ids, *(r.slug for r in catalog.rules)])
        problems.add(origin, f"unknown rule {key!r}{hint}")
    return rule


# Where each configured entry was written, by key path: ("TA202",) for a rule's
# entry, ("TA202", "max_statements") for one of its params.
Places = Mapping[tuple[str, ...], Location]


def _at(places: Places | None, origin: Location, *key: str) -> Location:
    for length in range(len(key), 0, -1):
        if places is not None and (found := places.get(key[:length])) is not None:
            return found
    return origin


def override_params(
    catalog: Catalog,
    overrides: Mapping[str, Mapping[str, object]],
    origin: Location,
    places: Places | None = None,
) -> Catalog:
    """Params from configuration, keyed by rule id or slug; raises ``RuleFileErrors``.

    Problems point at the entry in ``places``, else at ``origin``.
    """
    problems = Problems()
    changed = []
    for key, values in sorted(overrides.items()):
        rule = _lookup(catalog, key, _at(places, origin, key), problems)
        if rule is not None:
            located = {
                name: (value, _at(places, origin, key, name)) for name, value in values.items()
            }
            changed.append(with_params(catalog, rule, located, problems))
    problems.raise_if_any()
    return catalog.replace(*changed)


def override_severity(
    catalog: Catalog,
    overrides: Mapping[str, str],
    origin: Location,
    places: Places | None = None,
) -> Catalog:
    """Severities from configuration, keyed by rule id or slug; raises ``RuleFileErrors``.

    A configured severity is that of every finding of the rule: its
    ``escalate:`` entries no longer apply. Problems point at the entry in
    ``places``, else at ``origin``.
    """
    problems = Problems()
    changed = []
    for key, severity in sorted(overrides.items()):
        where = _at(places, origin, key)
        rule = _lookup(catalog, key, where, problems)
        if severity not in SEVERITIES:
            hint = did_you_mean(str(severity), SEVERITIES)
            listed = ", ".join(SEVERITIES)
            problems.add(where, f"{key}: severity {severity!r} is not one of: {listed}{hint}")
        elif rule is not None:
            changed.append(dataclasses.replace(rule, severity=severity, escalate=()))
    problems.raise_if_any()
    return catalog.replace(*changed)


def override_enabled(catalog: Catalog, overrides: Mapping[str, bool], origin: Location) -> Catalog:
    """Rules switched on or off from configuration; raises ``RuleFileErrors``."""
    problems = Problems()
    changed = []
    for key, enabled in sorted(overrides.items()):
        rule = _lookup(catalog, key, origin, problems)
        if not isinstance(enabled, bool):
            problems.add(origin, f"{key}: enabled: expected true or false, got {enabled!r}")
        elif rule is not None:
            changed.append(dataclasses.replace(rule, enabled=enabled))
    problems.raise_if_any()
    return catalog.replace(*changed)
