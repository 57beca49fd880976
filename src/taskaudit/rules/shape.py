"""Small checks over located YAML nodes, each reporting ``path:line:col``.

A closed vocabulary is easiest to explain with a direct validator: each
check names the key it is looking at and, for a typo, the closest valid key.
"""

from __future__ import annotations

from collections.abc import Collection

from taskaudit.rules.errors import Problems, did_you_mean
from taskaudit.rules.yamldoc import Node


def describe(node: Node) -> str:
    """A YAML value as an error message names it."""
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, tuple):
        return "a list"
    return repr(value)


class Reader:
    """Typed access to nodes; every problem goes to ``problems`` with ``prefix``.

    An absent node (``None``) reads as absent without a problem: the missing
    key was already reported by ``mapping``.
    """

    def __init__(self, problems: Problems, prefix: str = "") -> None:
        self.problems = problems
        self.prefix = prefix

    def error(self, node: Node, message: str, *, at_key: bool = False) -> None:
        where = (node.key_location if at_key else None) or node.location
        self.problems.add(where, f"{self.prefix}{message}")

    def entries(self, node: Node, what: str) -> dict[str, Node] | None:
        if not isinstance(node.value, dict):
            self.error(node, f"{what}: expected a mapping, got {describe(node)}")
            return None
        return node.value

    def mapping(
        self, node: Node, what: str, required: Collection[str], optional: Collection[str] = ()
    ) -> dict[str, Node] | None:
        if not isinstance(node.value, dict):
            self.error(node, f"{what}: expected a mapping, got {describe(node)}")
            return None
        allowed = {*required, *optional}
        for key, child in node.value.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                self.error(child, f"{what}: unknown key {key!r}{hint}", at_key=True)
        for key in sorted(set(required) - set(node.value)):
            self.error(node, f"{what}: missing key {key!r}")
        return {key: child for key, child in node.value.items() if key in allowed}

    def items(self, node: Node, what: str) -> tuple[Node, ...]:
        if not isinstance(node.value, tuple):
            self.error(node, f"{what}: expected a list, got {describe(node)}")
            return ()
        return node.value

    def text(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if not isinstance(node.value, str) or not node.value.strip():
            self.error(node, f"{what}: expected a non-empty string, got {describe(node)}")
            return None
        return node.value

    def choice(self, node: Node | None, what: str, choices: Collection[str]) -> str | None:
        if node is None:
            return None
        value = self.text(node, what)
        if value is not None and value not in choices:
            listed = ", ".join(choices)
            hint = did_you_mean(value, choices)
            self.error(node, f"{what}: {value!r} is not one of: {listed}{hint}")
            return None
        return value

    def boolean(self, node: Node | None, what: str) -> bool | None:
        if node is None:
            return None
        if not isinstance(node.value, bool):
            self.error(node, f"{what}: expected true or false, got {describe(node)}")
            return None
        return node.value
