"""Beat schedule entries, wherever they are written.

A beat entry is recognised by its shape, not by the variable holding it: a
dict whose values are dicts with both a ``"task"`` and a ``"schedule"`` key
(Celery's periodic-task entry, see "Periodic Tasks" in Celery's docs). That
finds ``CELERY_BEAT_SCHEDULE``, ``CELERYBEAT_SCHEDULE``,
``app.conf.beat_schedule``, dedicated schedule modules and dicts returned by
helper functions alike; item assignment (``SCHEDULE["key"] = {...}``) and
``.update({...})`` add entries. ``add_periodic_task(schedule, sig, name=...)``
calls (usually in ``on_after_configure``/``on_after_finalize`` handlers) are
the other static source. Entries created at run time through
django-celery-beat's database are invisible here by nature.

Inside a function or a class the shape alone is not enough: a scheduler's own
code (``celery/beat.py`` builds default entries in a local dict) or a registry
that fills a dict per plugin is not the project's schedule. There only writes
to a beat setting count (``app.conf.beat_schedule``, ``CELERY_BEAT_SCHEDULE``,
``beat_schedule`` on a settings class; assignment, item assignment,
``.update(...)``, ``conf.update(beat_schedule=...)``), and the dicts of a
module-level function whose result this module writes to a beat setting.
What such a write computes at run time (a key from a method, a task read
from an attribute) stays ``Unknown``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from taskaudit.celery.spellings import APP_NAMES
from taskaudit.core.location import Location, location_of
from taskaudit.core.values import Dict, Ref, Unknown, Value
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import children, module_nodes, nodes_of


@dataclass(frozen=True, slots=True)
class BeatEntry:
    location: Location  # the entry's key (or the add_periodic_task call)
    key: Value  # the schedule key; for add_periodic_task, its ``name=`` (None when absent)
    task: Value  # a task name (str) for dict entries; a Ref to the task object for signatures
    schedule: Value
    options: Value
    comment: str | None  # owner/reason comment on or directly above the entry
    container: str  # "CELERY_BEAT_SCHEDULE", "app.conf.beat_schedule", "add_periodic_task"...
    source: str  # "dict" | "add_periodic_task"
    conditional: bool


def extract_beat(
    tree: ast.Module, scope: Scope, path: str, comment_for: Callable[[int], str | None]
) -> tuple[BeatEntry, ...]:
    entries: list[BeatEntry] = []
    seen: set[int] = set()
    conditional_lines = _conditional_lines(tree)
    nodes = module_nodes(tree)
    # Nodes in a def or class body, where only writes to a beat setting define entries;
    # found only in the rare module that writes an entry-shaped dict at all.
    shaped = any(
        {"task", "schedule"} <= _literal_keys(n)
        for n in (*nodes_of(tree, ast.Dict), *nodes_of(tree, ast.Call))
    )
    enclosed = _enclosed(tree, _builders(nodes)) if shaped else set()

    def add_dict(node: ast.Dict, container: str) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            if key_node is not None and isinstance(value_node, ast.Dict | ast.Call):
                _entry(key_node, value_node, container)

    def _entry(key_node: ast.expr, value_node: ast.expr, container: str) -> None:
        value = static_value(value_node, scope)
        if not (isinstance(value, Dict) and "task" in value and "schedule" in value):
            return
        entries.append(
            BeatEntry(
                location=location_of(key_node, path),
                key=static_value(key_node, scope),
                task=value.get("task"),
                schedule=value.get("schedule"),
                options=value.get("options"),
                comment=comment_for(key_node.lineno) or _inside(value_node, comment_for),
                container=container,
                source="dict",
                conditional=key_node.lineno in conditional_lines,
            )
        )

    for node in nodes:
        inside = id(node) in enclosed
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                name = _target_text(target)
                if isinstance(target, ast.Subscript):
                    if not inside or is_beat_setting(target.value):
                        _entry(target.slice, node.value, _target_text(target.value))
                elif (
                    isinstance(node.value, ast.Dict)
                    and _is_schedule(node.value)
                    and (not inside or is_beat_setting(target))
                ):
                    add_dict(node.value, name)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if node.func.attr == "update" and node.args and isinstance(node.args[0], ast.Dict):
                if _is_schedule(node.args[0]) and (not inside or is_beat_setting(receiver)):
                    add_dict(node.args[0], _target_text(receiver))
            elif node.func.attr == "update":
                for keyword in node.keywords:  # `app.conf.update(beat_schedule={...})`
                    if keyword.arg == "beat_schedule" and isinstance(keyword.value, ast.Dict):
                        add_dict(keyword.value, f"{_target_text(receiver)}.beat_schedule")
            elif node.func.attr == "add_periodic_task":
                entries.append(_periodic(node, scope, path, comment_for, conditional_lines))
    for node in nodes:  # schedules built elsewhere: returned, passed, nested
        if (
            isinstance(node, ast.Dict)
            and id(node) not in seen
            and id(node) not in enclosed
            and _is_schedule(node)
        ):
            add_dict(node, "dict")
    return tuple(sorted(entries, key=lambda e: (e.location.line, e.location.column)))


# The names a beat schedule is configured under: Celery's setting, its Django
# spelling under the CELERY namespace, and the pre-4.0 spelling.
_BEAT_SETTINGS = frozenset({"beat_schedule", "celery_beat_schedule", "celerybeat_schedule"})
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def is_beat_setting(node: ast.expr) -> bool:
    """``app.conf.beat_schedule``, ``CELERY_BEAT_SCHEDULE``, ``settings.CELERYBEAT_SCHEDULE``."""
    if isinstance(node, ast.Attribute):
        return node.attr.lower() in _BEAT_SETTINGS
    return isinstance(node, ast.Name) and node.id.lower() in _BEAT_SETTINGS


def _builders(nodes: list[ast.AST]) -> frozenset[str]:
    """Functions whose result the module writes to a beat setting (``X = build()``)."""
    found: set[str] = set()
    for node in nodes:
        value: ast.expr | None = None
        if (isinstance(node, ast.Assign) and any(is_beat_setting(t) for t in node.targets)) or (
            isinstance(node, ast.AnnAssign) and is_beat_setting(node.target)
        ):
            value = node.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and is_beat_setting(node.func.value)
            and node.args
        ):
            value = node.args[0]
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            found.add(value.func.id)
    return frozenset(found)


def _enclosed(tree: ast.Module, builders: frozenset[str]) -> set[int]:
    """Ids of the nodes inside a def, class or lambda, except a module-level schedule builder."""
    enclosed: set[int] = set()
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, inside = stack.pop()
        if inside:
            enclosed.add(id(node))
        opens = isinstance(node, _DEFINITIONS)
        if opens and not inside and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            opens = node.name not in builders or node not in tree.body
        stack.extend((child, inside or opens) for child in children(node))
    return enclosed


def _is_schedule(node: ast.Dict) -> bool:
    """Some value is a dict literal with both "task" and "schedule" keys."""
    return any({"task", "schedule"} <= _literal_keys(value) for value in node.values)


def _literal_keys(node: ast.expr | None) -> set[str]:
    """The constant keys of a dict display or a ``dict(key=...)`` call."""
    if isinstance(node, ast.Dict):
        return {
            k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
        }
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return {kw.arg for kw in node.keywords if kw.arg}
    return set()


def _periodic(
    node: ast.Call,
    scope: Scope,
    path: str,
    comment_for: Callable[[int], str | None],
    conditional_lines: set[int],
) -> BeatEntry:
    schedule_node = node.args[0] if node.args else _keyword(node, "schedule")
    sig_node = node.args[1] if len(node.args) > 1 else _keyword(node, "sig")
    name_node = _keyword(node, "name")
    return BeatEntry(
        location=location_of(node, path),
        key=static_value(name_node, scope) if name_node is not None else None,
        task=_signature_task(sig_node, scope),
        schedule=static_value(schedule_node, scope),
        options=_periodic_options(node, scope),
        comment=comment_for(node.lineno),
        container="add_periodic_task",
        source="add_periodic_task",
        conditional=node.lineno in conditional_lines,
    )


# add_periodic_task's own parameters; any other keyword is an apply_async option of the entry.
_PERIODIC_PARAMS = frozenset({"schedule", "sig", "args", "kwargs", "name"})


def _periodic_options(node: ast.Call, scope: Scope) -> Value:
    if any(kw.arg is None for kw in node.keywords):
        return Unknown("add_periodic_task(**options)")
    options = tuple(
        (kw.arg, static_value(kw.value, scope))
        for kw in node.keywords
        if kw.arg not in _PERIODIC_PARAMS
    )
    return Dict(options) if options else None


def _inside(node: ast.expr, comment_for: Callable[[int], str | None]) -> str | None:
    """A reason written inside the entry (``"task": ...,  # why``, or a comment line)."""
    last = node.end_lineno or node.lineno
    return next(
        (found for line in range(node.lineno, last + 1) if (found := comment_for(line))), None
    )


def _signature_task(node: ast.expr | None, scope: Scope) -> Value:
    """``task.s(...)``/``task.si(...)``/``signature("name")`` → the task it names."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("s", "si", "signature")
    ):
        if node.func.attr == "signature" and _names_task(node):
            # `app.signature("proj.tasks.ping")`: the app builds a signature by name,
            # while a task's own `.signature(args, kwargs)` starts with its arguments.
            return static_value(node.args[0], scope)
        target = scope.dotted(node.func.value)
        return Ref(target) if target else Unknown("signature of a computed task")
    if isinstance(node, ast.Call) and node.args:
        func = scope.dotted(node.func)
        if func and func.rpartition(".")[2] in ("signature", "Signature"):
            return static_value(node.args[0], scope)
    return Unknown("signature")


def _names_task(call: ast.Call) -> bool:
    """Whether ``x.signature(...)`` is given a task name first (an app's, not a task's)."""
    if not call.args:
        return False
    first = call.args[0]
    if isinstance(first, ast.Constant | ast.JoinedStr):
        return isinstance(first, ast.JoinedStr) or isinstance(first.value, str)
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    leaf = receiver.attr if isinstance(receiver, ast.Attribute) else None
    leaf = receiver.id if isinstance(receiver, ast.Name) else leaf
    # A name held in a variable: only the receiver says whose signature it is.
    return leaf in APP_NAMES


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in node.keywords if kw.arg == name), None)


def _target_text(node: ast.expr) -> str:
    try:
        return ast.unparse(node)
    except (ValueError, RecursionError):  # pragma: no cover - defensive
        return "?"


def _conditional_lines(tree: ast.Module) -> set[int]:
    """Lines inside module-level if/try blocks: entries there may not be in effect."""
    lines: set[int] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.If | ast.Try | ast.TryStar):
            end = stmt.end_lineno or stmt.lineno
            lines.update(range(stmt.lineno, end + 1))
    return lines
