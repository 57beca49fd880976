"""``[tool.taskaudit]`` in the scanned project's ``pyproject.toml``.

The configuration file is the nearest ``pyproject.toml`` holding a
``[tool.taskaudit]`` table, from the scanned path upwards, stopping at the
repository root (the first folder with ``.git``). Paths in it resolve from
its own folder. Every key is checked: an unknown key or a wrong type is an
error that points at its line, never a silent default. Command-line flags
win over the file (the merge happens in the CLI).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskaudit.errors import TaskauditError

TABLE = "tool.taskaudit"
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True, slots=True)
class Config:
    path: str | None = None  # the pyproject.toml read, as given to the user
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_rules: tuple[Path, ...] = ()
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    severity: Mapping[str, str] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    task_decorators: tuple[str, ...] = ()
    source_roots: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str | None = None
    template: Path | None = None
    baseline: Path | None = None
    parse_all: bool = False


def find_config(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.taskaudit]`` table, up to the repo root."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def load_config(path: Path, shown: str) -> Config:
    text = _read(path, shown)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the place in the text: "Invalid value (at line 3, column 9)".
        found = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(exc))
        at_end = re.search(r"^(.*) \(at end of document\)$", str(exc))
        if found is not None:
            message, line, column = found.groups()
        elif at_end is not None:
            message, line, column = at_end.group(1), str(text.count("\n") + 1), "1"
        else:
            raise TaskauditError(f"{shown}: invalid TOML: {exc}") from None
        raise TaskauditError(f"{shown}:{line}:{column}: invalid TOML: {message}") from None
    table = document.get("tool", {}).get("taskaudit", {})
    if not isinstance(table, dict):
        raise TaskauditError(f"{shown}: [tool.taskaudit] must be a table")
    return _config(table, text, shown, path.parent)


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaskauditError(f"{shown}: cannot read: {exc}") from None


def _has_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[tool\.taskaudit[\].]", text, re.M) is not None


class _Reader:
    """Type-checked access to the table, with errors pointing at the key's line."""

    def __init__(self, table: dict[str, Any], text: str, shown: str) -> None:
        self.table, self.text, self.shown = table, text, shown

    def fail(self, key: str, message: str) -> TaskauditError:
        return TaskauditError(f"{self.shown}:{_line_of(self.text, key)}:1: {message}")

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"`{key}` must be a list of strings")
        return tuple(value)

    def string(self, key: str, choices: tuple[str, ...] = ()) -> str | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or (choices and value not in choices):
            expected = f"one of {', '.join(choices)}" if choices else "a string"
            raise self.fail(key, f"`{key}` must be {expected}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.table.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, f"`{key}` must be true or false")
        return value

    def tables(self, key: str) -> dict[str, Any]:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, f"`{key}` must be a table")
        return value


KEYS = (
    "select", "ignore", "extend-rules", "params", "severity", "per-file-ignores",
    "task-decorators", "source-roots", "exclude", "fail-on", "template", "baseline",
    "parse-all",
)  # fmt: skip


def _config(table: dict[str, Any], text: str, shown: str, base: Path) -> Config:
    read = _Reader(table, text, shown)
    for key in table:
        if key not in KEYS:
            raise read.fail(key, f"unknown key `{key}` in [{TABLE}] (known: {', '.join(KEYS)})")
    params = read.tables("params")
    for rule_id, values in params.items():
        if not isinstance(values, dict):
            raise read.fail(rule_id, f"params for {rule_id} must be a table")
    severity = read.tables("severity")
    for rule_id, level in severity.items():
        if level not in ("error", "warning", "info"):
            raise read.fail(rule_id, f"severity of {rule_id} must be error, warning or info")
    per_file: dict[str, tuple[str, ...]] = {}
    for pattern, ids in read.tables("per-file-ignores").items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise read.fail(pattern, f"per-file-ignores for {pattern!r} must be a list of ids")
        per_file[pattern] = tuple(ids)
    import pathspec  # only a configuration with patterns needs it

    for key, patterns in (("exclude", read.strings("exclude")), ("per-file-ignores", per_file)):
        for pattern in patterns:
            try:
                pathspec.GitIgnoreSpec.from_lines([pattern])
            except (ValueError, re.error):
                raise read.fail(key, f"`{key}`: {pattern!r} is not a valid pattern") from None
    template, baseline = read.string("template"), read.string("baseline")
    return Config(
        path=shown,
        select=read.strings("select"),
        ignore=read.strings("ignore"),
        extend_rules=tuple(base / p for p in read.strings("extend-rules")),
        params=params,
        severity=severity,
        per_file_ignores=per_file,
        task_decorators=read.strings("task-decorators"),
        source_roots=read.strings("source-roots"),
        exclude=read.strings("exclude"),
        fail_on=read.string("fail-on", FAIL_ON),
        template=base / template if template else None,
        baseline=base / baseline if baseline else None,
        parse_all=read.boolean("parse-all"),
    )


def _line_of(text: str, key: str) -> int:
    """Line of ``key`` inside the taskaudit tables (tomllib keeps no positions)."""
    inside = False
    pattern = re.compile(rf"^\s*(\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith(("[tool.taskaudit]", "[tool.taskaudit."))
            if inside and stripped.rstrip("]").endswith(f".{key}"):
                return number
        elif inside and pattern.match(line):
            return number
    return 1
