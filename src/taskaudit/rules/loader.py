"""Loading rule files into one catalog: the default catalog, then user layers.

The first file is the shipped catalog; each later file adds rules, replaces
a rule by declaring the same id again, or changes one through an
``overrides:`` entry. Every problem in every file is collected and raised
together as ``RuleFileErrors``, sorted by ``path:line:col``.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from taskaudit.core.location import Location
from taskaudit.rules.errors import Problems, RuleFileError, RuleFileErrors
from taskaudit.rules.model import ID_PATTERN, Catalog, Rule
from taskaudit.rules.overrides import Override, read_override, with_params
from taskaudit.rules.schema import read_rule
from taskaudit.rules.shape import Reader
from taskaudit.rules.subjects import SubjectSchema, schema_problems
from taskaudit.rules.yamldoc import MAX_RULE_FILE_BYTES, Node, parse_rule_text


@dataclass(frozen=True, slots=True)
class RuleText:
    """A rules file already in memory; ``path`` is how errors name it."""

    path: str
    text: str


Source: TypeAlias = Path | RuleText | tuple[str, str]


def _read(source: Source) -> tuple[str, str]:
    if isinstance(source, RuleText):
        return source.path, source.text
    if isinstance(source, tuple):
        return source
    path = source.as_posix()
    try:
        if source.stat().st_size > MAX_RULE_FILE_BYTES:
            limit = MAX_RULE_FILE_BYTES // (1024 * 1024)
            raise RuleFileErrors([RuleFileError(path, 1, 1, f"file is larger than {limit} MB")])
        return path, source.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise RuleFileErrors([RuleFileError(path, 1, 1, error.strerror or str(error))]) from None
    except UnicodeDecodeError as error:
        message = f"not UTF-8 (byte {error.start})"
        raise RuleFileErrors([RuleFileError(path, 1, 1, message)]) from None


def _entries(root: Node, problems: Problems) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    reader = Reader(problems)
    if root.value is None:
        reader.error(root, "empty rules file; expected 'version: 1' and 'rules:'")
        return (), ()
    keys = reader.mapping(root, "file", ("version",), ("rules", "overrides")) or {}
    version = keys.get("version")
    if version is not None and (version.value != 1 or isinstance(version.value, bool)):
        reader.error(version, f"version: expected 1, got {version.value!r}")
    rules = reader.items(keys["rules"], "rules") if "rules" in keys else ()
    overrides = reader.items(keys["overrides"], "overrides") if "overrides" in keys else ()
    return rules, overrides


def _declared_ids(entries: Sequence[Node], problems: Problems) -> set[str]:
    """Ids of every rule entry, valid or not; a repeat within one file is an error."""
    first: dict[str, Location] = {}
    for entry in entries:
        id_node = entry.value.get("id") if isinstance(entry.value, dict) else None
        if id_node is None or not isinstance(id_node.value, str):
            continue
        if id_node.value in first:
            line = first[id_node.value].line
            problems.add(id_node.location, f"{id_node.value}: duplicate id (first at line {line})")
        else:
            first[id_node.value] = id_node.location
    return set(first)


def _apply(catalog: Catalog, override: Override, problems: Problems) -> Catalog:
    rule = catalog.get(override.id)
    if rule is not None and not ID_PATTERN.match(override.id):
        message = f"overrides: {override.id!r} is a slug; name the rule by its id, {rule.id}"
        problems.add(override.location, message)
        return catalog
    if rule is None:
        problems.add(override.location, f"overrides: unknown rule id {override.id!r}")
        return catalog
    if override.params:
        rule = with_params(catalog, rule, override.params, problems)
    if override.severity is not None:
        # A stated severity is every finding's: the rule's escalations no longer apply.
        rule = dataclasses.replace(rule, severity=override.severity, escalate=())
    if override.enabled is not None:
        rule = dataclasses.replace(rule, enabled=override.enabled)
    return catalog.replace(rule)


def _check_slugs(catalog: Catalog, order: dict[str, int], problems: Problems) -> None:
    owner: dict[str, Rule] = {}
    for rule in sorted(catalog.rules, key=lambda r: order[r.id]):
        earlier = owner.setdefault(rule.slug, rule)
        if earlier is not rule:
            used = f"already used by {earlier.id} ({earlier.location})"
            problems.add(rule.location, f"{rule.id}: slug {rule.slug!r} is {used}")


def load_rules(
    sources: Sequence[Source], schema: SubjectSchema, *, require_examples: bool = True
) -> Catalog:
    """One catalog from ``sources`` in order; raises ``RuleFileErrors`` listing every problem.

    A source is a file, or a ``(name, text)`` pair / ``RuleText`` already in memory.
    """
    broken_schema = schema_problems(schema)
    if broken_schema:
        raise ValueError("invalid subject schema: " + "; ".join(broken_schema))
    problems = Problems()
    catalog = Catalog((), schema)
    broken: set[str] = set()
    order: dict[str, int] = {}
    sequence = itertools.count()
    for source in sources:
        try:
            root = parse_rule_text(*_read(source))
        except RuleFileErrors as errors:
            problems.extend(errors)
            continue
        rule_nodes, override_nodes = _entries(root, problems)
        declared = _declared_ids(rule_nodes, problems)
        rules = [
            read_rule(node, i, schema, problems, require_examples)
            for i, node in enumerate(rule_nodes)
        ]
        loaded = [rule for rule in rules if rule is not None]
        broken |= declared - {rule.id for rule in loaded}
        order.update((rule.id, next(sequence)) for rule in loaded)
        catalog = catalog.replace(*loaded)
        for index, node in enumerate(override_nodes):
            override = read_override(node, index, problems)
            if override is not None and override.id not in broken:
                catalog = _apply(catalog, override, problems)
    _check_slugs(catalog, order, problems)
    problems.raise_if_any()
    return catalog
