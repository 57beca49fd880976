"""``[tool.taskaudit]`` in the scanned project's ``pyproject.toml``.

The configuration file is the nearest ``pyproject.toml`` holding a
``[tool.taskaudit]`` table, from the scanned path upwards, stopping at the
repository root (the first folder with ``.git``). Paths in it resolve from
its own folder. Every key is checked: an unknown key or a wrong type is an
error that points at its line, never a silent default. Command-line flags
win over the file (the merge happens in the CLI), and each value keeps
its ``Origin`` — the ``file:line:col`` it was written at, or the flag that
gave it — so a value found wrong later (an unknown rule id in ``ignore``,
checked against the catalog) is reported where it was written.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskaudit.config_places import places
from taskaudit.core.location import Location
from taskaudit.errors import TaskauditError

TABLE = "tool.taskaudit"
FAIL_ON = ("error", "warning", "info", "never")
SEVERITY_LEVELS = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a configured value was written: a place in a file, or a flag (``line`` 0)."""

    source: str  # the configuration file as shown to the user, or the flag: "--ignore"
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}" if self.line else self.source

    @property
    def flag(self) -> bool:
        return self.line == 0

    def location(self) -> Location:
        return Location(self.source, self.line or 1, self.column or 1)


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
    require_reason: bool = True
    # The Django settings module(s) the deployment uses ("pkg.settings", or
    # "pkg.settings:Class" for django-configurations), read instead of a guess.
    settings: tuple[str, ...] = ()
    celery_app: str | None = None  # the main app, as "pkg.module.app" ("pkg.module:app" given)
    # Where each key and value was written: ("ignore", "TA9") for a list item,
    # ("params", "TA202", "max_statements") for a nested key; see ``origin``.
    # Two configurations that say the same are equal wherever it was written.
    origins: Mapping[tuple[str, ...], Origin] = field(default_factory=dict, compare=False)

    def origin(self, *key: str) -> Origin | None:
        """Where ``key`` (or, failing that, the nearest enclosing key) was written."""
        for length in range(len(key), 0, -1):
            found = self.origins.get(key[:length])
            if found is not None:
                return found
        return None


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
    """Type-checked access to the table, with errors pointing at the key or value written."""

    def __init__(self, table: dict[str, Any], text: str, shown: str) -> None:
        self.table, self.shown = table, shown
        self.origins = {
            path[2:]: Origin(shown, line, column)
            for path, (line, column) in places(text).items()
            if path[:2] == ("tool", "taskaudit") and len(path) > 2
        }

    def fail(self, key: tuple[str, ...], message: str) -> TaskauditError:
        for length in range(len(key), 0, -1):
            if (found := self.origins.get(key[:length])) is not None:
                return TaskauditError(f"{found}: {message}")
        return TaskauditError(f"{self.shown}: {message}")

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail((key,), f"`{key}` must be a list of strings")
        return tuple(value)

    def string(self, key: str, choices: tuple[str, ...] = ()) -> str | None:
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or (choices and value not in choices):
            expected = f"one of {', '.join(choices)}" if choices else "a string"
            hint = did_you_mean(value, choices) if isinstance(value, str) else ""
            raise self.fail((key, str(value)), f"`{key}` must be {expected}{hint}")
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail((key,), f"`{key}` must be true or false")
        return value

    def tables(self, key: str) -> dict[str, Any]:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            raise self.fail((key,), f"`{key}` must be a table")
        return value

    def existing(self, key: str, base: Path, written: str) -> Path:
        """``written`` resolved from the configuration's folder; it must be a file."""
        path = base / written
        if not path.is_file():
            raise self.fail((key, written), f"`{key}`: {written}: no such file")
        return path


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``; did you mean `x`?`` for the closest option, or nothing."""
    close = difflib.get_close_matches(word, sorted(options), n=1)
    return f"; did you mean `{close[0]}`?" if close else ""


KEYS = (
    "select", "ignore", "extend-rules", "params", "severity", "per-file-ignores",
    "task-decorators", "source-roots", "exclude", "fail-on", "template", "baseline",
    "parse-all", "require-reason", "settings", "celery-app",
)  # fmt: skip
# A dotted module path, optionally ":" and one attribute: "pkg.settings:Prod", "pkg.celery:app".
OBJECT_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*)?$")


def _config(table: dict[str, Any], text: str, shown: str, base: Path) -> Config:
    read = _Reader(table, text, shown)
    for key in table:
        if key not in KEYS:
            known = did_you_mean(key, KEYS) or f" (known: {', '.join(KEYS)})"
            raise read.fail((key,), f"unknown key `{key}` in [{TABLE}]{known}")
    params = read.tables("params")
    for rule_id, values in params.items():
        if not isinstance(values, dict):
            raise read.fail(("params", rule_id), f"params for {rule_id} must be a table")
    severity = read.tables("severity")
    for rule_id, level in severity.items():
        if level not in SEVERITY_LEVELS:
            hint = did_you_mean(level, SEVERITY_LEVELS) if isinstance(level, str) else ""
            where = (
                ("severity", rule_id, level) if isinstance(level, str) else ("severity", rule_id)
            )
            raise read.fail(where, f"severity of {rule_id} must be error, warning or info{hint}")
    per_file: dict[str, tuple[str, ...]] = {}
    for pattern, ids in read.tables("per-file-ignores").items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            message = f"per-file-ignores for {pattern!r} must be a list of ids"
            raise read.fail(("per-file-ignores", pattern), message)
        per_file[pattern] = tuple(ids)
    import pathspec  # only a configuration with patterns needs it

    for key, patterns in (("exclude", read.strings("exclude")), ("per-file-ignores", per_file)):
        for pattern in patterns:
            try:
                pathspec.GitIgnoreSpec.from_lines([pattern])
            except (ValueError, re.error):
                message = f"`{key}`: {pattern!r} is not a valid pattern"
                raise read.fail((key, pattern), message) from None
    template, baseline = read.string("template"), read.string("baseline")
    settings = read.strings("settings")
    for module in settings:
        if not OBJECT_PATH.match(module):
            message = (
                f"`settings`: {module!r} is not a module path (pkg.settings or pkg.settings:Class)"
            )
            raise read.fail(("settings", module), message)
    celery_app = read.string("celery-app")
    if celery_app is not None and not (OBJECT_PATH.match(celery_app) and "." in celery_app):
        message = (
            f"`celery-app`: {celery_app!r} is not an app path (pkg.module:app or pkg.module.app)"
        )
        raise read.fail(("celery-app", celery_app), message)
    return Config(
        path=shown,
        select=read.strings("select"),
        ignore=read.strings("ignore"),
        extend_rules=tuple(
            read.existing("extend-rules", base, p) for p in read.strings("extend-rules")
        ),
        params=params,
        severity=severity,
        per_file_ignores=per_file,
        task_decorators=read.strings("task-decorators"),
        source_roots=read.strings("source-roots"),
        exclude=read.strings("exclude"),
        fail_on=read.string("fail-on", FAIL_ON),
        template=read.existing("template", base, template) if template else None,
        # The baseline may not exist yet: `taskaudit baseline` is about to write it.
        baseline=base / baseline if baseline else None,
        parse_all=read.boolean("parse-all"),
        require_reason=read.boolean("require-reason", default=True),
        settings=settings,
        celery_app=celery_app.replace(":", ".") if celery_app else None,
        origins=read.origins,
    )
