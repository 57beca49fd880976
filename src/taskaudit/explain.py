"""``taskaudit explain PATH[:LINE[:COL]]``: why a finding is there, from the facts that decided it.

The place is written as the terminal prints it (``apps/tasks.py:127:9``,
with or without the column, or a bare path for every finding in a file).
For every finding at that place it shows the rule's conditions as the
engine reads them and the value of each fact they test, so a reader can
tell a wrong fact (fix the extractor, or teach taskaudit in the config)
from a rule that does not fit the project (tune or switch it off).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from taskaudit.core.location import Location
from taskaudit.rules.conditions import AllOf, AnyOf, Compare, Condition, InField, Not
from taskaudit.rules.evaluate import Finding
from taskaudit.rules.model import Catalog
from taskaudit.rules.subjects import Subject, Undecidable


@dataclass(frozen=True, slots=True)
class Target:
    """A place to explain: a file, a line of it, or one column of that line."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return ":".join(str(part) for part in (self.path, self.line, self.column) if part)

    def holds(self, finding: Finding) -> bool:
        where = finding.location
        return (
            where.path == self.path
            and self.line in (None, where.line)
            and self.column in (None, where.column)
        )


_PLACE = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?:?$")


def parse_target(text: str) -> Target | None:
    """``path``, ``path:line`` or ``path:line:col``; None when a line or column is 0.

    A trailing ``:``, copied with the place from a ``--format text`` line, is allowed.
    """
    found = _PLACE.match(text)
    if found is None:
        return None
    path = found["path"]
    line, column = (int(n) if n is not None else None for n in found.group("line", "column"))
    if line == 0 or column == 0:
        return None
    return Target(path, line, column)


def elsewhere(findings: Sequence[Finding], target: Target) -> str:
    """Where the file's findings are, when none is at ``target``: ``5:1 TA101, 12:9 TA401``."""
    places = sorted(
        {
            (f.location.line, f.location.column, f.rule_id)
            for f in findings
            if f.location.path == target.path
        }
    )
    shown = ", ".join(f"{line}:{column} {rule}" for line, column, rule in places[:5])
    return shown + (f" and {len(places) - 5} more" if len(places) > 5 else "")


def condition_text(condition: Condition) -> str:
    """A condition in the words of the rules file: ``retry.declared eq true``."""
    if isinstance(condition, Compare):
        return f"{condition.field} {condition.op} {_show(condition.operand)}"
    if isinstance(condition, Not):
        return f"not ({condition_text(condition.condition)})"
    if isinstance(condition, InField):
        return f"{condition.field} in_field {condition.other}"
    joiner = " and " if isinstance(condition, AllOf) else " or "
    return "(" + joiner.join(condition_text(c) for c in condition.conditions) + ")"


def fields_of(condition: Condition) -> Iterator[str]:
    if isinstance(condition, Compare):
        yield condition.field
    elif isinstance(condition, Not):
        yield from fields_of(condition.condition)
    elif isinstance(condition, InField):
        yield from (condition.field, condition.other)
    elif isinstance(condition, AllOf | AnyOf):
        for inner in condition.conditions:
            yield from fields_of(inner)


def explain(findings: Sequence[Finding], subjects: Sequence[Subject], catalog: Catalog) -> str:
    """A plain-text explanation of each finding, in order."""
    by_identity = {(s.identity, s.location): s for s in subjects}
    blocks = []
    for finding in findings:
        rule = catalog.get(finding.rule_id)
        lines = [
            f"{finding.location.path}:{finding.location.line}:{finding.location.column}  "
            f"{finding.rule_id} {finding.slug} [{finding.severity}]",
            f"  {finding.message}",
        ]
        subject = _subject(by_identity, finding)
        if rule is None or subject is None:
            lines.append("  (reported by the run itself, not by a rule over facts)")
            blocks.append("\n".join(lines))
            continue
        lines.append(f"  subject: {rule.subject} {subject.identity}")
        fields = dict(subject.fields)
        if rule.each is not None or rule.each_param is not None:
            fields["item"] = finding.identity[len(subject.identity) + 1 :]
            over = rule.each or f"param {rule.each_param}"
            lines.append(f"  one finding per element of: {over}")
        if rule.when is not None:
            lines.append(f"  in scope when: {condition_text(rule.when)}")
        if rule.require is not None:
            lines.append(f"  finding unless: {condition_text(rule.require)}")
        tested = dict.fromkeys(
            name
            for condition in (rule.when, rule.require)
            if condition is not None
            for name in fields_of(condition)
        )
        lines.append("  facts:")
        if rule.each is not None:
            tested = {rule.each: None, "item": None, **tested}
        elif rule.each_param is not None:
            tested = {"item": None, **tested}
        lines += [f"    {name} = {_show(fields.get(name))}" for name in tested]
        if rule.params:
            params = ", ".join(f"{k}={_show(v)}" for k, v in sorted(rule.params.items()))
            lines.append(f"  params: {params}")
        lines.append(f"  docs: taskaudit rules show {rule.id}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _subject(by_identity: dict[tuple[str, Location], Subject], finding: Finding) -> Subject | None:
    found = by_identity.get((finding.identity, finding.location))
    if found is None and ":" in finding.identity:
        # An `each:` finding: the subject's identity plus ":<item>".
        base = finding.identity.rsplit(":", 1)[0]
        found = by_identity.get((base, finding.location))
    return found


def _show(value: object) -> str:
    if isinstance(value, Undecidable):
        return f"undecidable ({value.reason})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, str):
        return repr(value)
    return str(value)
