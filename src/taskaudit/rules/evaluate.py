"""Running a catalog over subjects: findings, and rules that could not decide.

For each enabled rule and each subject of its kind, the outcome is the Kleene
value of ``when and not require`` (a missing ``when`` is true, a missing
``require`` false): true is a finding, false is nothing, unknown is an
``Undecided`` that the caller reports as TA002. Unknown only arises when an
undecidable field could change the answer. A rule with ``each: <list field>``
is evaluated once per distinct element, read as the field ``item``, and its
finding identity is ``<subject identity>:<item>``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from taskaudit.core.location import Location
from taskaudit.rules.conditions import Fields, Truth
from taskaudit.rules.model import Catalog, Rule
from taskaudit.rules.subjects import ITEM, Subject, Undecidable


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    slug: str
    severity: str
    location: Location
    message: str
    identity: str
    section: str
    # The message's one-line form for `--format text`; "" when it is the whole message.
    short: str = field(default="", compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        where = self.location
        return (where.path, where.line, where.column, self.rule_id, self.message)


@dataclass(frozen=True, slots=True)
class Undecided:
    """A rule that could not decide on a subject, and the fields to blame."""

    rule_id: str
    slug: str
    location: Location
    identity: str
    fields: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def message(self) -> str:
        fields = ", ".join(self.fields)
        return (
            f"{self.rule_id} ({self.slug}) could not decide: {fields} ({'; '.join(self.reasons)})"
        )

    def sort_key(self) -> tuple[str, int, int, str, str]:
        where = self.location
        return (where.path, where.line, where.column, self.rule_id, self.identity)


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    findings: tuple[Finding, ...] = ()
    undecided: tuple[Undecided, ...] = ()


def _undecided(
    rule: Rule, subject: Subject, fields: Fields, in_scope: Truth, holds: Truth, identity: str
) -> Undecided:
    blamed: frozenset[str] = frozenset()
    if in_scope is None and rule.when is not None:
        blamed |= rule.when.blame(fields)
    if holds is None and rule.require is not None:
        blamed |= rule.require.blame(fields)
    return _blamed(rule, subject, fields, blamed, identity)


def _blamed(
    rule: Rule, subject: Subject, fields: Fields, blamed: frozenset[str], identity: str
) -> Undecided:
    values = [fields.get(name) for name in sorted(blamed)]
    reasons = sorted({value.reason for value in values if isinstance(value, Undecidable)})
    where = subject.location
    return Undecided(rule.id, rule.slug, where, identity, tuple(sorted(blamed)), tuple(reasons))


View: TypeAlias = tuple[Subject, Fields, str]


def _views(rule: Rule, subjects: Sequence[View], undecided: list[Undecided]) -> Sequence[View]:
    """What a rule looks at: each subject, or each element of its ``each`` list."""
    if rule.each is None and rule.each_param is None:
        return subjects
    views: list[View] = []
    for subject, fields, identity in subjects:
        if rule.each_param is not None:
            listed = rule.params.get(rule.each_param)
            elements: object = listed if isinstance(listed, tuple) else ()
        else:
            assert rule.each is not None
            elements = fields.get(rule.each)
        if isinstance(elements, Undecidable):
            blamed = frozenset((rule.each or "",))
            undecided.append(_blamed(rule, subject, fields, blamed, identity))
        elif isinstance(elements, tuple):
            # dict.fromkeys: a repeated element would repeat the finding, fingerprint included.
            views += [
                (subject, {**fields, ITEM: item}, f"{identity}:{item}")
                for item in dict.fromkeys(elements)
            ]
    return views


def _run(rule: Rule, subjects: Sequence[View]) -> tuple[list[Finding], list[Undecided]]:
    findings: list[Finding] = []
    undecided: list[Undecided] = []
    when = rule.when.evaluate if rule.when is not None else None
    require = rule.require.evaluate if rule.require is not None else None
    for subject, fields, identity in _views(rule, subjects, undecided):
        in_scope = True if when is None else when(fields)
        if in_scope is False:
            continue
        holds = False if require is None else require(fields)
        if holds is True:
            continue
        if in_scope and holds is False:
            message = rule.message.format(fields, rule.params)
            short = rule.message.format_short(fields, rule.params) or ""
            where, severity, section = subject.location, rule.severity_of(fields), rule.section
            findings.append(
                Finding(rule.id, rule.slug, severity, where, message, identity, section, short)
            )
        else:
            undecided.append(_undecided(rule, subject, fields, in_scope, holds, identity))
    return findings, undecided


def evaluate(catalog: Catalog, subjects: Sequence[Subject]) -> EvaluationResult:
    """Every enabled rule over the subjects of its kind, sorted by location."""
    by_kind: dict[str, list[View]] = defaultdict(list)
    for subject in subjects:
        by_kind[subject.kind].append((subject, subject.fields, subject.identity))
    findings: list[Finding] = []
    undecided: list[Undecided] = []
    for rule in catalog.rules:
        if rule.enabled and rule.subject in by_kind:
            found, unsure = _run(rule, by_kind[rule.subject])
            findings += found
            undecided += unsure
    return EvaluationResult(
        tuple(sorted(findings, key=Finding.sort_key)),
        tuple(sorted(undecided, key=Undecided.sort_key)),
    )
