"""Makefile targets, their recipes and the celery commands those recipes run.

Reads GNU Make syntax (GNU Make manual §4 "Writing Rules", §5 "Writing
Recipes", §6 variables, §7 conditionals): ``target ...: prerequisites`` lines,
TAB-indented recipe lines (``@``, ``-``, ``+`` prefixes), ``\\`` continuations,
``.PHONY``, ``define ... endef`` (skipped), ``include`` (ignored) and both
branches of ``ifeq``/``ifdef`` blocks. Help text comes from ``## text`` on the
target line or the comment line directly above the target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taskaudit.core.location import Location
from taskaudit.extract.ops.command import parse_celery_commands
from taskaudit.extract.ops.make_help import echo_help
from taskaudit.extract.ops.make_lines import logical_lines
from taskaudit.extract.ops.make_vars import ASSIGNMENT, assign, expand
from taskaudit.extract.ops.words import normalise
from taskaudit.extract.ops_model import MakefileFacts, MakeTarget, place, sort_commands

_DIRECTIVES = frozenset(
    {"ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "include", "-include", "sinclude"}
    | {"vpath", "unexport", "undefine", "export", "override"}
)
_SPECIAL = re.compile(r"\.[A-Z_]+")


@dataclass(slots=True)
class _Rule:
    names: list[str]
    line: int
    prerequisites: list[str]
    help: str | None
    recipe: list[tuple[int, str]] = field(default_factory=list)


def extract_makefile(text: str, path: str) -> MakefileFacts:
    table: dict[str, str] = {}
    phony: set[str] = set()
    rules: list[_Rule] = []
    current: _Rule | None = None
    comment: str | None = None
    for number, line in logical_lines(text):
        if line.startswith("\t"):
            body = line[1:].strip()
            if current is not None and body and not body.startswith("#"):
                current.recipe.append((number, body))
            continue
        stripped = line.strip()
        if stripped.startswith("#"):
            comment = stripped.lstrip("#").strip() or None
            continue
        previous, comment = comment, None
        assignment = ASSIGNMENT.fullmatch(stripped)
        if assignment:
            assign(table, *assignment.groups())
            current = None
            continue
        if not stripped or stripped.split()[0] in _DIRECTIVES:
            continue
        current = _rule(stripped, number, previous, table, phony)
        if current is not None:
            rules.append(current)
    return _facts(rules, table, phony, path)


def _rule(
    line: str, number: int, comment: str | None, table: dict[str, str], phony: set[str]
) -> _Rule | None:
    colon = _colon(line)
    if colon < 0:
        return None
    names = expand(line[:colon], table).split()
    rest = line[colon + 1 :].lstrip(":")
    if ASSIGNMENT.fullmatch(rest.strip()):
        return None  # a target-specific variable, not a rule
    help_text = comment
    if "##" in rest:
        rest, _, tail = rest.partition("##")
        help_text = tail.strip() or comment
    rest = rest.split("#", 1)[0]
    rest, semicolon, inline = rest.partition(";")
    prerequisites = [p for p in expand(rest, table).split() if p != "|"]
    if ".PHONY" in names:
        phony.update(prerequisites)
    names = [n for n in names if not _SPECIAL.fullmatch(n)]
    if not names:
        return None
    rule = _Rule(names, number, prerequisites, help_text)
    if semicolon and inline.strip():
        rule.recipe.append((number, inline.strip()))
    return rule


def _colon(line: str) -> int:
    depth = 0
    for i, ch in enumerate(line):
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        elif ch == ":" and depth <= 0 and line[i + 1 : i + 2] != "=":
            return i
        elif ch in "=#" and depth <= 0:
            return -1
    return -1


def _facts(rules: list[_Rule], table: dict[str, str], phony: set[str], path: str) -> MakefileFacts:
    merged: dict[str, MakeTarget] = {}
    commands = []
    for rule in rules:
        recipe = tuple(normalise(expand(body, table).lstrip("@-+ \t")) for _, body in rule.recipe)
        for number, body in zip((n for n, _ in rule.recipe), recipe, strict=True):
            for parts in parse_celery_commands(body):
                commands.append(place(parts, Location(path, number), "makefile", rule.names[0]))
        for name in rule.names:
            merged[name] = _merge(merged.get(name), name, rule, recipe, path, name in phony)
    help_recipe = [
        expand(body, table).lstrip("@-+ \t")
        for r in rules
        if "help" in r.names
        for _, body in r.recipe
    ]
    targets = tuple(sorted(merged.values(), key=lambda t: (t.location, t.name)))
    targets = echo_help(targets, help_recipe)
    variables = tuple(sorted((name, expand(value, table)) for name, value in table.items()))
    return MakefileFacts(targets, variables, sort_commands(commands))


def _merge(
    old: MakeTarget | None,
    name: str,
    rule: _Rule,
    recipe: tuple[str, ...],
    path: str,
    phony: bool,
) -> MakeTarget:
    if old is None:
        location = Location(path, rule.line)
        prerequisites = tuple(rule.prerequisites)
        return MakeTarget(name, location, recipe, rule.help, phony, prerequisites)
    extra = tuple(p for p in rule.prerequisites if p not in old.prerequisites)
    return MakeTarget(
        name,
        old.location,
        old.recipe + recipe,
        old.help or rule.help,
        phony,
        old.prerequisites + extra,
    )
