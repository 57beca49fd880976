"""Finding messages: a small, safe template over subject fields and rule params.

``"{name} retries without backoff"`` reads the subject field ``name``;
``"{params.max_statements}"`` reads a rule param; ``{{`` and ``}}`` are
literal braces. Unlike ``str.format`` there is no attribute access, indexing,
conversion or format spec, so a rules file cannot reach into Python objects,
and every placeholder is checked against the subject schema at load time.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from taskaudit.rules.short import short_parts
from taskaudit.rules.subjects import FieldValue, Undecidable

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
PARAM_PREFIX = "params."


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str  # a field name, or a param name when ``param`` is true
    param: bool


@dataclass(frozen=True, slots=True)
class Template:
    text: str
    parts: tuple[str | Placeholder, ...]
    # The parts of the one-line form (taskaudit.rules.short); None: the whole message.
    short: tuple[str | Placeholder, ...] | None = field(default=None, compare=False)

    def format(self, fields: Mapping[str, FieldValue], params: Mapping[str, FieldValue]) -> str:
        return _render(self.parts, fields, params)

    def format_short(
        self, fields: Mapping[str, FieldValue], params: Mapping[str, FieldValue]
    ) -> str | None:
        """The short form, or None when it is the whole message."""
        return None if self.short is None else _render(self.short, fields, params)


def _render(
    parts: tuple[str | Placeholder, ...],
    fields: Mapping[str, FieldValue],
    params: Mapping[str, FieldValue],
) -> str:
    out = []
    for part in parts:
        if part.__class__ is str:
            out.append(part)
        else:
            assert isinstance(part, Placeholder)
            value = (params if part.param else fields).get(part.name)
            # Most values are plain strings: skip the dispatch for them.
            out.append(value if value.__class__ is str else render_value(value))
    return "".join(out)


def render_value(value: FieldValue) -> str:
    """How a field value reads inside a sentence."""
    if isinstance(value, Undecidable):
        return "?"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def _placeholder(inner: str, fields: Collection[str], params: Collection[str]) -> Placeholder:
    if inner.startswith(PARAM_PREFIX) and inner.removeprefix(PARAM_PREFIX) in params:
        return Placeholder(inner.removeprefix(PARAM_PREFIX), param=True)
    if inner in fields:
        return Placeholder(inner, param=False)
    known = sorted([*fields, *(PARAM_PREFIX + p for p in params)])
    close = difflib.get_close_matches(inner, known, n=1)
    hint = f"; did you mean {{{close[0]}}}?" if close else ""
    raise ValueError(f"unknown placeholder {{{inner}}}{hint}")


def compile_template(text: str, fields: Collection[str], params: Collection[str]) -> Template:
    """Parse ``text``; raises ``ValueError`` naming the first bad placeholder."""
    parts: list[str | Placeholder] = []
    literal: list[str] = []
    position = 0
    for token in _TOKEN.finditer(text):
        literal.append(text[position : token.start()])
        position = token.end()
        lexeme = token.group()
        if lexeme in {"{{", "}}"}:
            literal.append(lexeme[0])
        elif lexeme in {"{", "}"}:
            raise ValueError(f"unbalanced {lexeme!r} in message; write {lexeme * 2!r} for a brace")
        else:
            if "".join(literal):
                parts.append("".join(literal))
            literal = []
            parts.append(_placeholder(token.group(1), fields, params))
    literal.append(text[position:])
    tail = "".join(literal)
    if tail:
        parts.append(tail)
    return Template(text, tuple(parts), short_parts(parts))
