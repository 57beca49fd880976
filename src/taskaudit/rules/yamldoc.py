"""A rules file read as a tree of located YAML nodes.

PyYAML's composer keeps each node's ``start_mark``; we turn the composed
tree into ``Node`` values whose ``location`` is 1-based, so every later
check can point at ``path:line:col`` (PyYAML marks are 0-based). Three things
PyYAML accepts are refused here: anchors and aliases (a rules file has no
need for them, and they are how a "billion laughs" file blows up), duplicate
keys (PyYAML silently keeps the last) and non-string keys (``on:`` is a
boolean in YAML 1.1). See https://pyyaml.org/wiki/PyYAMLDocumentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeAlias

import yaml

from taskaudit.core.location import Location
from taskaudit.rules.errors import RuleFileError, RuleFileErrors

MAX_RULE_FILE_BYTES = 2 * 1024 * 1024
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALARS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}

Scalar: TypeAlias = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Node:
    """A YAML value with where it starts, and for a mapping entry where its key starts."""

    value: Scalar | dict[str, Node] | tuple[Node, ...]
    location: Location
    key_location: Location | None = None


class _Mark(Protocol):
    # PyYAML's pure-Python and libyaml marks are distinct classes with these fields.
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


def _location(path: str, mark: _Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def _char_at(text: str, mark: _Mark) -> str:
    lines = text.splitlines()
    if mark.line >= len(lines):
        return ""
    return lines[mark.line][mark.column : mark.column + 1]


def _reject_anchors(path: str, text: str) -> None:
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            where = _location(path, event.start_mark)
            raise RuleFileError.at(where, f"YAML alias '*{event.anchor}' is not allowed")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            where = _location(path, event.start_mark)
            raise RuleFileError.at(where, f"YAML anchor '&{anchor}' is not allowed")


def _key_problem(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        kind = node.tag.removeprefix(_TAG)
        return f"key {node.value!r} is read as {kind}, not a string; quote it"
    return "a mapping key must be a plain string"


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[RuleFileError] = []
        self._scalars = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node) -> Node:
        path, errors = self.path, self.errors
        where = _location(path, node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _PLAIN_SCALARS:
                kind = node.tag.removeprefix(_TAG)
                errors.append(RuleFileError.at(where, f"unsupported YAML value of type {kind!r}"))
                return Node(None, where)
            value: Scalar = self._scalars.construct_object(node)
            return Node(value, where)
        if node.tag not in {f"{_TAG}seq", f"{_TAG}map"}:
            kind = node.tag.removeprefix(_TAG)
            errors.append(RuleFileError.at(where, f"unsupported YAML value of type {kind!r}"))
            return Node(None, where)
        if isinstance(node, yaml.SequenceNode):
            return Node(tuple(self.convert(item) for item in node.value), where)
        entries: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key_at = _location(path, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != f"{_TAG}str":
                errors.append(RuleFileError.at(key_at, _key_problem(key_node)))
                continue
            if key_node.value in entries:
                first = entries[key_node.value].key_location or where
                message = f"duplicate key {key_node.value!r} (first at line {first.line})"
                errors.append(RuleFileError.at(key_at, message))
                continue
            converted = self.convert(value_node)
            entries[key_node.value] = Node(converted.value, converted.location, key_at)
        return Node(entries, where)


def parse_rule_text(path: str, text: str) -> Node:
    """Compose ``text`` into located nodes, or raise every problem found."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_RULE_FILE_BYTES:
        limit = MAX_RULE_FILE_BYTES // (1024 * 1024)
        raise RuleFileErrors([RuleFileError(path, 1, 1, f"file is larger than {limit} MB")])
    try:
        _reject_anchors(path, text)
        root = yaml.compose(text, Loader=_LOADER)
    except RuleFileError as error:
        raise RuleFileErrors([error]) from None
    except yaml.MarkedYAMLError as error:
        where = _location(path, error.problem_mark)
        message = error.problem or "invalid YAML"
        if error.problem_mark is not None and _char_at(text, error.problem_mark) == "\t":
            message = "tab character: indent YAML with spaces"
        raise RuleFileErrors([RuleFileError.at(where, message)]) from None
    except yaml.YAMLError as error:
        raise RuleFileErrors([RuleFileError(path, 1, 1, str(error))]) from None
    if root is None:
        return Node(None, Location(path))
    converter = _Converter(path)
    tree = converter.convert(root)
    if converter.errors:
        raise RuleFileErrors(converter.errors)
    return tree
