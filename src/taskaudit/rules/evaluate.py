"""Running a catalog over subjects: findings, and rules that could not decide.

For each enabled rule and each subject of its kind, the outcome is the Kleene
value of ``when and not require`` (a missing ``when`` is true, a missing
``require`` false): true is a finding, false is nothing, unknown is an
``Undecided`` that the caller reports as TA002. Unknown only arises when an
undecidable field could change the answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.rules.conditions import Truth
from taskaudit.rules.model import Catalog, Rule
from taskaudit.rules.subjects import Subject, Undecidable


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    slug: str
    severity: str
    location: Location
    message: str
    identity: str
    section: str

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


def _undecided(rule: Rule, subject: Subject, in_scope: Truth, holds: Truth) -> Undecided:
    blamed: frozenset[str] = frozenset()
    if in_scope is None and rule.when is not None:
        blamed |= rule.when.blame(subject.fields)
    if holds is None and rule.require is not None:
        blamed |= rule.require.blame(subject.fields)
    values = [subject.fields.get(name) for name in sorted(blamed)]
    reasons = sorted({value.reason for value in values if isinstance(value, Undecidable)})
    return Undecided(
        rule.id,
        rule.slug,
        subject.location,
        subject.identity,
        tuple(sorted(blamed)),
        tuple(reasons),
    )


def _run(rule: Rule, subjects: Sequence[Subject]) -> tuple[list[Finding], list[Undecided]]:
    findings, undecided = [], []
    when = rule.when.evaluate if rule.when is not None else None
    require = rule.require.evaluate if rule.require is not None else None
    for subject in subjects:
        fields = subject.fields
        in_scope = True if when is None else when(fields)
        if in_scope is False:
            continue
        holds = False if require is None else require(fields)
        if holds is True:
            continue
        if in_scope and holds is False:
            message = rule.message.format(fields, rule.params)
            where, identity = subject.location, subject.identity
            findings.append(
                Finding(rule.id, rule.slug, rule.severity, where, message, identity, rule.section)
            )
        else:
            undecided.append(_undecided(rule, subject, in_scope, holds))
    return findings, undecided


def evaluate(catalog: Catalog, subjects: Sequence[Subject]) -> EvaluationResult:
    """Every enabled rule over the subjects of its kind, sorted by location."""
    by_kind: dict[str, list[Subject]] = defaultdict(list)
    for subject in subjects:
        by_kind[subject.kind].append(subject)
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
