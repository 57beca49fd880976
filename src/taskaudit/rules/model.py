"""Loaded rules: frozen, validated, with conditions compiled for evaluation.

The vocabulary follows the catalog in RULES.md: an id (``TA302``), a
kebab-case slug, a severity that maps onto SARIF levels (error / warning /
note), and a report section.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from taskaudit.core.location import Location
from taskaudit.rules.conditions import Condition, Fields
from taskaudit.rules.subjects import SubjectSchema
from taskaudit.rules.template import Template
from taskaudit.rules.yamldoc import Node

SEVERITIES = ("error", "warning", "info")
# Report order, following the catalog's chapters.
SECTIONS = (
    "naming",
    "declaration",
    "retries",
    "failures",
    "idempotency",
    "queues",
    "results",
    "beat",
    "dispatch",
    "operations",
    "configuration",
    "meta",
)
ID_PATTERN = re.compile(r"^[A-Z]{1,5}\d{3,4}$")
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")

ParamValue: TypeAlias = str | int | float | bool | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleDocs:
    what: str
    why: str
    fix: str
    example: str | None = None
    options: str | None = None
    fix_title: str | None = None  # the fix in a few words, one line (a title's rules)


@dataclass(frozen=True, slots=True)
class Example:
    """A bare snippet (``code``) or named files; ``location`` is where it sits in the rules file."""

    location: Location
    code: str | None = None
    files: tuple[tuple[str, str], ...] = ()

    def sources(self, default_path: str) -> dict[str, str]:
        if self.code is not None:
            return {default_path: self.code}
        return dict(self.files)


@dataclass(frozen=True, slots=True)
class RuleExamples:
    flag: tuple[Example, ...] = ()
    passing: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    slug: str
    severity: str
    section: str
    subject: str
    message: Template
    when: Condition | None
    require: Condition | None
    params: Mapping[str, ParamValue]
    docs: RuleDocs
    examples: RuleExamples
    location: Location
    # The loader always sets it: the rule's ``title:``, or one derived from docs.what.
    title: str = ""
    enabled: bool = True
    # A list[str] field: one outcome per element, read as the pseudo-field ``item``.
    each: str | None = None
    # ``each: {param: NAME}``: one outcome per element of that list param instead.
    each_param: str | None = None
    # ``escalate:``: a finding where one of these holds gets its higher severity instead.
    escalate: tuple[Escalation, ...] = ()
    # The YAML the conditions came from, kept to rebind them when params change.
    when_node: Node | None = dataclasses.field(default=None, compare=False, repr=False)
    require_node: Node | None = dataclasses.field(default=None, compare=False, repr=False)

    def severity_of(self, fields: Fields) -> str:
        """The severity of a finding with these fields: the first escalation that holds."""
        for escalation in self.escalate:
            if escalation.when.evaluate(fields) is True:
                return escalation.severity
        return self.severity


@dataclass(frozen=True, slots=True)
class Escalation:
    """One entry of ``escalate:``: a condition, and the severity a finding gets when it holds."""

    when: Condition
    severity: str
    node: Node | None = dataclasses.field(default=None, compare=False, repr=False)


def id_sort_key(rule_id: str) -> tuple[str, int]:
    """Natural order: TA999 before TA1001."""
    prefix = rule_id.rstrip("0123456789")
    return (prefix, int(rule_id[len(prefix) :] or 0))


@dataclass(frozen=True, slots=True)
class Catalog:
    """Rules in id order, with the subject schema they were checked against."""

    rules: tuple[Rule, ...]
    schema: SubjectSchema = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def get(self, key: str) -> Rule | None:
        """The rule with this id or slug."""
        for rule in self.rules:
            if key in {rule.id, rule.slug}:
                return rule
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)

    def only(self, rule_id: str) -> Catalog:
        return Catalog(tuple(r for r in self.rules if r.id == rule_id), self.schema)

    def replace(self, *rules: Rule) -> Catalog:
        """This catalog with ``rules`` added, or replacing those with the same id."""
        by_id = {rule.id: rule for rule in self.rules}
        by_id.update((rule.id, rule) for rule in rules)
        ordered = sorted(by_id.values(), key=lambda rule: id_sort_key(rule.id))
        return Catalog(tuple(ordered), self.schema)
