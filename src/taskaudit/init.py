"""``taskaudit init``: a commented ``[tool.taskaudit]`` section from what a scan detects.

Every key the configuration accepts appears, set to what the project
shows or commented out with its default, so the section documents itself
and a reviewer sees what taskaudit inferred before anyone relies on it.
"""

from __future__ import annotations

import json
from collections import Counter

from taskaudit.link.model import Project

_TEMPLATE = """\
[tool.taskaudit]
# Detected: {apps}
# Configuration read: {sources}{namespace}
# Tasks found: {tasks} ({styles})
#
# Rules to run and to skip: ids, id prefixes ("TA4") or slugs.
# select = ["ALL"]
# ignore = []
#
# Exit 1 when an open finding is at or above this severity: error, warning, info, never.
fail-on = "warning"
#
# Your own rules, layered on the packaged catalog (they may override a rule by id).
# extend-rules = ["ci/taskaudit-rules.yaml"]
#
# Folders that are import roots (as on sys.path) when no __init__.py tells.
{source_roots}
#
# Project decorators that declare tasks but that taskaudit cannot trace to Celery.
{task_decorators}
#
# Paths to leave out, gitignore-style.
# exclude = ["legacy/"]
#
# Parse every Python file, test code too, so that any broken one is a TA000
# (by default only the files that can hold Celery facts are parsed).
# parse-all = false
#
# Report layout: a Jinja template, and a baseline of accepted findings.
# template = "ci/drift-report.md.j2"
# baseline = ".taskaudit-baseline.json"

[tool.taskaudit.params]
# TA202 = {{ max_statements = 40 }}
# TA1001 = {{ expected = ["celery-logs", "beat-logs", "celery-heavy-logs", "celery-restart"] }}

[tool.taskaudit.severity]
# TA201 = "warning"

[tool.taskaudit.per-file-ignores]
# "tests/**" = ["TA401", "TA501"]
"""


def init_section(project: Project, source_roots: tuple[str, ...] = ()) -> str:
    styles = Counter(task.style for task in project.tasks)
    vias = sorted({t.via for t in project.tasks if t.via and t.style != "class"})
    return _TEMPLATE.format(
        apps=", ".join(project.apps) or "no Celery app (tasks are read all the same)",
        sources=", ".join(project.config_sources) or "none found",
        namespace=f" (namespace {project.config_namespace})" if project.config_namespace else "",
        tasks=len(project.tasks),
        styles=", ".join(f"{style} {count}" for style, count in sorted(styles.items())) or "none",
        source_roots=_list("source-roots", source_roots),
        task_decorators=f"# Found in use (already recognised): {', '.join(vias)}\n"
        + _list("task-decorators", ())
        if vias
        else _list("task-decorators", ()),
    )


def _list(key: str, values: tuple[str, ...]) -> str:
    if values:
        return f"{key} = {json.dumps(list(values))}"
    return f"# {key} = []"
