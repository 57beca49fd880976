"""``taskaudit init``: a commented ``[tool.taskaudit]`` section from what a scan detects.

Every key the configuration accepts appears, set to what the existing
configuration says (the one ``scan`` would read), else to what the project
shows, else commented out with an example, so the section documents itself
and a reviewer sees what taskaudit inferred before anyone relies on it.
Paths are written relative to the project folder, where the section goes.
What the scan could not see heads the section, and each key that would
let it see carries a commented suggestion (``taskaudit.init_suggestions``).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from taskaudit.config import Config
from taskaudit.init_suggestions import Suggestion, suggestion_line, suggestions
from taskaudit.link.model import Project
from taskaudit.roots.decide import Roots
from taskaudit.roots.evidence import Evidence

_TEMPLATE = """\
[tool.taskaudit]
# Detected: {apps}
# Configuration read: {sources}{namespace}
# Tasks found: {tasks} ({styles}){kept}{unseen}
#
# Rules to run and to skip: ids, id prefixes ("TA4") or slugs.
{select}
{ignore}
#
# Exit 1 when an open finding is at or above this severity: error, warning, info, never.
fail-on = {fail_on}
#
# Your own rules, layered on the packaged catalog (they may override a rule by id).
{extend_rules}
#
# Folders that are import roots (as on sys.path) when no __init__.py tells.
{source_roots}
#
# Project decorators that declare tasks but that taskaudit cannot trace to Celery.
{task_decorators}
#
# The Django settings module(s) the deployment uses ("pkg.settings", or
# "pkg.settings:Class" for django-configurations), read instead of a guess.
{settings}
#
# The main Celery app ("pkg.module:app"), to look for where taskaudit does not find it.
{celery_app}
#
# Paths to leave out, gitignore-style.
{exclude}
#
# Parse every Python file, test code too, so that any broken one is a TA000
# (by default only the files that can hold Celery facts are parsed).
{parse_all}
#
# Report layout: a Jinja template, and a baseline of accepted findings.
{template}
{baseline}
#
# Report a suppression that gives no reason after ' -- ' (TA001).
{require_reason}{suggested}

[tool.taskaudit.params]
{params}

[tool.taskaudit.severity]
{severity}

[tool.taskaudit.per-file-ignores]
{per_file_ignores}
"""
_EXAMPLE_PARAMS = (
    "# TA202 = { max_statements = 40 }\n"
    '# TA1001 = { expected = ["celery-logs", "beat-logs", "celery-heavy-logs", "celery-restart"] }'
)
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


# The keys whose block in _TEMPLATE shows their suggestion; the others' go after the table.
_PLACED = ("source-roots", "task-decorators", "settings", "celery-app")


def init_section(
    project: Project,
    config: Config,
    root: Path,
    paths: Sequence[str] = (),
    roots: Roots | None = None,
) -> str:
    """The section for the project at ``root``, keeping every setting ``config`` holds.

    ``paths`` are the files the scan read, where suggestions find their values.
    ``roots`` are the import roots the scan decided (``taskaudit.roots``):
    where evidence other than the ``__init__.py`` layout decided them, the
    section suggests the ``source-roots`` that pin them, naming the evidence.
    """
    styles = Counter(task.style for task in project.tasks)
    vias = sorted({t.via for t in project.tasks if t.via and t.style != "class"})
    suggested = {s.key: s for s in suggestions(project.coverage.gaps, paths)}
    decorators = _suggesting(
        _list("task-decorators", config.task_decorators),
        suggested.get("task-decorators"),
        config.task_decorators,
    )
    if vias:
        decorators = f"# Found in use (already recognised): {', '.join(vias)}\n" + decorators
    rules = [_relative(p, root) for p in config.extend_rules]
    return _TEMPLATE.format(
        apps=", ".join(project.apps) or "no Celery app (tasks are read all the same)",
        sources=", ".join(project.config_sources) or "none found",
        namespace=f" (namespace {project.config_namespace})" if project.config_namespace else "",
        tasks=len(project.tasks),
        styles=", ".join(f"{style} {count}" for style, count in sorted(styles.items())) or "none",
        kept=f"\n# Settings kept from: {config.path}" if config.path else "",
        unseen=_unseen(project),
        select=_setting("select", config.select, '["ALL"]'),
        ignore=_setting("ignore", config.ignore, "[]"),
        fail_on=_toml(config.fail_on or "warning"),
        extend_rules=_setting("extend-rules", rules, '["ci/taskaudit-rules.yaml"]'),
        source_roots=_source_roots(config, roots, suggested.get("source-roots")),
        task_decorators=decorators,
        settings=_suggesting(
            _setting("settings", config.settings, '["config.settings.production"]'),
            suggested.get("settings"),
            config.settings,
        ),
        celery_app=_suggesting(
            _setting("celery-app", config.celery_app, '"config.celery:app"'),
            suggested.get("celery-app"),
            (config.celery_app,) if config.celery_app else (),
        ),
        exclude=_setting("exclude", config.exclude, '["legacy/"]'),
        parse_all=_setting("parse-all", config.parse_all, "false"),
        template=_setting("template", _relative(config.template, root), '"ci/drift-report.md.j2"'),
        baseline=_setting(
            "baseline", _relative(config.baseline, root), '".taskaudit-baseline.json"'
        ),
        require_reason="# require-reason = true"
        if config.require_reason
        else "require-reason = false",
        suggested=_elsewhere(s for key, s in suggested.items() if key not in _PLACED),
        params=_table(config.params) or _EXAMPLE_PARAMS,
        severity=_table(config.severity) or '# TA201 = "warning"',
        per_file_ignores=_table(config.per_file_ignores) or '# "tests/**" = ["TA401", "TA501"]',
    )


def _unseen(project: Project) -> str:
    """``# Could not see: ...`` lines, one per distinct gap, for the section's header."""
    reasons = dict.fromkeys(gap.because() for gap in project.coverage.gaps)
    return "".join(f"\n# Could not see: {reason}" for reason in reasons)


def _elsewhere(unplaced: Iterable[Suggestion]) -> str:
    """The suggestions for keys without a block of their own, after the table's keys."""
    lines = [suggestion_line(s) for s in unplaced]
    if not lines:
        return ""
    return "\n#\n# Settings that would let taskaudit see what it could not:\n" + "\n".join(lines)


def _suggesting(line: str, suggestion: Suggestion | None, current: Sequence[str]) -> str:
    """A key's line, then the commented suggestion that would let taskaudit see more."""
    if suggestion is None:
        return line
    shown = suggestion_line(suggestion, current)
    return shown if line.startswith("# ") else f"{line}\n{shown}"


def _source_roots(config: Config, roots: Roots | None, suggestion: Suggestion | None) -> str:
    """The configured roots, else the inferred ones with what they were inferred from.

    Then the suggestion of a gap that ``source-roots`` would close, if any.
    """
    configured = _list("source-roots", config.source_roots)
    if config.source_roots or roots is None:
        return _suggesting(configured, suggestion, config.source_roots)
    lines = [
        f"# Inferred: `{folder}/` is on sys.path ({_evidence(why)})"
        for folder, why in roots.because
        if folder in roots.added
    ]
    lines += [
        f"# Inferred: `{folder}/` is imported as a namespace package ({_evidence(why)})"
        for folder, why in roots.because
        if folder in roots.removed
    ]
    lines += [
        f"# Inferred: `{path}` is imported by string ({why.describe()})"
        for path, why in roots.by_string
        if "/" not in path or path.rpartition("/")[0] not in dict(roots.by_string)
    ]
    added = tuple(sorted(roots.added))
    lines.append(_suggesting(_list("source-roots", added), suggestion, added))
    return "\n".join(lines)


def _evidence(why: tuple[Evidence, ...]) -> str:
    shown = ", ".join(e.describe() for e in why[:3])
    return shown + (f" and {len(why) - 3} more" if len(why) > 3 else "")


def _list(key: str, values: tuple[str, ...]) -> str:
    return _setting(key, values, "[]")


def _setting(key: str, value: object, example: str) -> str:
    """``key = value`` when the configuration sets it, else the commented example."""
    if value in (None, False, (), []):
        return f"# {key} = {example}"
    return f"{key} = {_toml(value)}"


def _table(entries: Mapping[str, object]) -> str:
    return "\n".join(f"{_key(k)} = {_toml(v)}" for k, v in entries.items())


def _relative(path: Path | None, root: Path) -> str | None:
    """``path`` as written in a ``pyproject.toml`` at ``root``: relative, with slashes."""
    if path is None:
        return None
    return Path(os.path.relpath(path, root)).as_posix()


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _toml(value: object) -> str:
    """A TOML value: the types ``tomllib`` reads back as what ``[tool.taskaudit]`` holds."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # inf and nan are spelled the same in TOML
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Iterable):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)  # dates and times: TOML spells them as ISO 8601, as str() does
