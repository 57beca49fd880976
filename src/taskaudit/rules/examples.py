"""The ``examples`` block of a rule: snippets that must flag, and ones that must pass.

A flag example marks each line the rule must report with ``# expect: <id>``;
a pass example carries no marker for its rule. Checking that here means a
rule cannot ship a flag example that asserts nothing.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from taskaudit.rules.markers import find_markers
from taskaudit.rules.model import Example, RuleExamples
from taskaudit.rules.shape import Reader
from taskaudit.rules.yamldoc import Node


def _files(reader: Reader, node: Node, what: str) -> tuple[tuple[str, str], ...]:
    entries = reader.mapping(node, what, required=("files",))
    if not entries or "files" not in entries:
        return ()
    files_node = entries["files"]
    if not isinstance(files_node.value, dict) or not files_node.value:
        reader.error(files_node, f"{what}.files: expected a mapping of path to text")
        return ()
    files = []
    for path, text_node in files_node.value.items():
        pure = PurePosixPath(path)
        if pure.is_absolute() or ".." in pure.parts or "\\" in path or not path:
            reader.error(
                text_node, f"{what}.files: {path!r} is not a relative POSIX path", at_key=True
            )
        text = reader.text(text_node, f"{what}.files.{path}")
        if text is not None:
            files.append((path, text))
    return tuple(files)


def _example(reader: Reader, node: Node, what: str, rule_id: str, flag: bool) -> Example | None:
    if isinstance(node.value, str):
        example = Example(node.location, code=node.value)
    else:
        files = _files(reader, node, what)
        if not files:
            return None
        example = Example(node.location, files=files)
    marked = False
    for path, text in sorted(example.sources("").items()):
        try:
            markers = find_markers(text)
        except ValueError as error:
            reader.error(node, f"{what}: {path + ': ' if path else ''}{error}")
            return None
        marked = marked or any(rule_id in marker.ids for marker in markers)
    if flag and not marked:
        reader.error(node, f"{what}: no '# expect: {rule_id}' marker")
    if not flag and marked:
        reader.error(node, f"{what}: a pass example has an '# expect: {rule_id}' marker")
    return example


def read_examples(reader: Reader, node: Node | None, rule_id: str, require: bool) -> RuleExamples:
    """The examples of ``rule_id``; with ``require``, both kinds must be present."""
    if node is None:
        return RuleExamples()
    kinds = ("flag", "pass")
    entries = reader.mapping(node, "examples", required=kinds if require else (), optional=kinds)
    found: dict[str, tuple[Example, ...]] = {}
    for kind in kinds:
        kind_node = (entries or {}).get(kind)
        if kind_node is None:
            continue
        what = f"examples.{kind}"
        listed = (kind_node,) if isinstance(kind_node.value, str) else reader.items(kind_node, what)
        if require and not listed:
            reader.error(kind_node, f"{what}: at least one example is required")
        examples = [
            _example(reader, item, f"{what}[{index}]", rule_id, kind == "flag")
            for index, item in enumerate(listed)
        ]
        found[kind] = tuple(example for example in examples if example is not None)
    return RuleExamples(flag=found.get("flag", ()), passing=found.get("pass", ()))
