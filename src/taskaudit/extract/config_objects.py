"""Configuration objects that are not plain module-level names.

Celery's ``config_from_object`` reads any object's attributes, and Django
projects build their settings in several ways this module reads statically:

* a class of settings (``class CeleryConfig: task_default_queue = "low"``),
  its body read in order with its own names in scope (``task_queues =
  (Queue(task_low_queue),)``), including ``if``/``try`` blocks;
* a settings class exported into its module (``Settings.load_settings(__name__)``:
  a class method handed the module's own name sets the class's uppercase
  attributes on it), and django-configurations classes (``class
  Dev(Configuration)``), the class chosen by ``DJANGO_CONFIGURATION``;
* django-configurations values: ``values.Value(default)`` reads the
  environment variable ``DJANGO_<NAME>`` (its ``environ_prefix``/
  ``environ_name``) and falls back to the default. Like ``os.environ.get(name,
  default)`` it is read as an unknown value naming the variable and the
  default: the deployment's environment decides, and what taskaudit cannot
  see it does not claim. ``environ=False`` makes it the default itself;
* django-split-settings ``include("base.py", optional("local.py"))``: the
  files run in order in the including module's namespace;
* settings set at run time through ``globals()`` (a registry that fills the
  module from the environment or a database): any setting may be set there.

A ``try`` whose body only imports Celery's own packages (``from kombu import
Queue``) always succeeds where Celery runs, so its body and ``else`` are read
as unconditional.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable
from dataclasses import replace

from taskaudit.celery.settings import SettingWrite
from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value, render
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import nodes_of

# Packages every Celery installation has: importing them never fails where Celery runs.
_CELERY_PACKAGES = frozenset({"celery", "kombu", "billiard", "vine", "amqp"})
_VALUES = "configurations.values."
_INCLUDE = "split_settings.tools.include"
_OPTIONAL = "split_settings.tools.optional"


def statements(body: list[ast.stmt], conditional: bool) -> list[tuple[ast.stmt, bool]]:
    """Statements of a module or class body, descending into if/try (conditional) and with."""
    out: list[tuple[ast.stmt, bool]] = []
    for stmt in body:
        if isinstance(stmt, ast.If):
            out += statements(stmt.body, True) + statements(stmt.orelse, True)
        elif isinstance(stmt, ast.Try | ast.TryStar):
            sure = _imports_celery_only(stmt.body)
            out += statements(stmt.body, conditional or not sure)
            if not sure:
                for handler in stmt.handlers:
                    out += statements(handler.body, True)
            out += statements(stmt.orelse, conditional or not sure)
            out += statements(stmt.finalbody, conditional)
        elif isinstance(stmt, ast.With):
            out += statements(stmt.body, conditional)
        else:
            out.append((stmt, conditional))
    return out


def _imports_celery_only(body: list[ast.stmt]) -> bool:
    def package(stmt: ast.stmt) -> set[str]:
        if isinstance(stmt, ast.Import):
            return {a.name.partition(".")[0] for a in stmt.names}
        if isinstance(stmt, ast.ImportFrom) and stmt.level == 0 and stmt.module:
            return {stmt.module.partition(".")[0]}
        return {""}

    return bool(body) and all(package(s) <= _CELERY_PACKAGES for s in body)


def config_class(
    node: ast.ClassDef,
    scope: Scope,
    loc: Callable[[ast.expr | ast.stmt], Location],
    is_setting: Callable[[str], bool],
) -> list[tuple[str, SettingWrite]]:
    """The settings a class body sets, in order, each read with the class's own names in scope."""
    container = f"class:{scope.module}.{node.name}" if scope.module else f"class:{node.name}"
    local = dict(scope.constants)
    found: list[tuple[str, SettingWrite]] = []
    for stmt, conditional in statements(node.body, False):
        here = replace(scope, constants=local)
        if isinstance(stmt, ast.FunctionDef) and is_setting(stmt.name) and _is_property(stmt):
            reason = f"`{stmt.name}` is a property of a settings class, computed at run time"
            write = SettingWrite(stmt.name, Unknown(reason), loc(stmt), "class", conditional)
            found.append((container, write))
            continue
        if not (isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None):
            continue
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            value = _class_value(target.id, stmt.value, here)
            local[target.id] = Unknown("assigned conditionally") if conditional else value
            if is_setting(target.id):
                write = SettingWrite(target.id, value, loc(target), "class", conditional)
                found.append((container, write))
    return found


def _is_property(node: ast.FunctionDef) -> bool:
    return any(
        isinstance(d, ast.Name | ast.Attribute)
        and (d.id if isinstance(d, ast.Name) else d.attr) in ("property", "cached_property")
        for d in node.decorator_list
    )


def _class_value(name: str, node: ast.expr, scope: Scope) -> Value:
    if isinstance(node, ast.Call):
        func = scope.dotted(node.func)
        if func is not None and func.startswith(_VALUES):
            return configuration_value(name, node, func[len(_VALUES) :], scope)
    return static_value(node, scope)


def configuration_value(name: str, node: ast.Call, kind: str, scope: Scope) -> Value:
    """A django-configurations ``values.<kind>(default, ...)`` bound to setting ``name``."""
    options = {kw.arg: kw.value for kw in node.keywords if kw.arg}
    default = static_value(node.args[0] if node.args else options.get("default"), scope)
    environ = static_value(options["environ"], scope) if "environ" in options else True
    if environ is False:
        return default
    prefix = (
        static_value(options["environ_prefix"], scope) if "environ_prefix" in options else "DJANGO"
    )
    given = static_value(options["environ_name"], scope) if "environ_name" in options else name
    variable = f"{prefix}_{given}" if isinstance(prefix, str) and prefix else given
    shown = render(default) if not isinstance(default, Unknown) else default.reason
    return Unknown(
        f"environment variable {variable if isinstance(variable, str) else '?'} "
        f"(django-configurations `values.{kind}`, default {shown})"
    )


def class_exports(tree: ast.Module, scope: Scope) -> tuple[str, ...]:
    """Classes whose method is handed the module's own ``__name__`` at module level."""
    found = []
    for stmt, _ in statements(tree.body, False):
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            continue
        if any(isinstance(a, ast.Name) and a.id == "__name__" for a in call.args):
            owner = scope.dotted(call.func.value)
            if owner is not None:
                found.append(owner)
    return tuple(found)


def includes(tree: ast.Module, scope: Scope, path: str) -> tuple[tuple[str, bool], ...]:
    """django-split-settings ``include(...)``: (repository path pattern, optional), in order."""
    here = posixpath.dirname(path)
    found: list[tuple[str, bool]] = []
    for stmt, _ in statements(tree.body, False):
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (isinstance(call, ast.Call) and scope.dotted(call.func) == _INCLUDE):
            continue
        for arg in call.args:
            optional = False
            if isinstance(arg, ast.Call) and scope.dotted(arg.func) == _OPTIONAL and arg.args:
                arg, optional = arg.args[0], True
            pattern = static_value(arg, scope)
            if isinstance(pattern, str):
                found.append((posixpath.normpath(posixpath.join(here, pattern)), optional))
            else:
                found.append(("", optional))  # computed: the linker reports it
    return tuple(found)


def injections(
    tree: ast.Module, loc: Callable[[ast.expr | ast.stmt], Location]
) -> list[SettingWrite]:
    """Module-level calls handed ``globals()`` (or ``globals().update(...)``): any setting."""
    found: list[SettingWrite] = []
    if not any(n.id == "globals" for n in nodes_of(tree, ast.Name)):
        return found  # nearly every module: one pass over the nodes already walked
    reason = "settings set at run time through `globals()`"
    for stmt, conditional in statements(tree.body, False):
        if not isinstance(stmt, ast.Expr | ast.Assign | ast.AnnAssign):
            continue  # code in a def or class body does not run at import
        targets = stmt.targets if isinstance(stmt, ast.Assign) else []
        if any(isinstance(t, ast.Subscript) and _globals(t.value) for t in targets) or any(
            isinstance(node, ast.Call) and _hands_globals(node) for node in ast.walk(stmt)
        ):
            found.append(SettingWrite("*", Unknown(reason), loc(stmt), "module", conditional))
    return found


def _globals(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "globals"
    )


def _hands_globals(call: ast.Call) -> bool:
    """``f(globals())``, ``f(x=globals())`` or ``globals().update(...)``."""
    if isinstance(call.func, ast.Attribute) and _globals(call.func.value):
        return call.func.attr in ("update", "setdefault")
    return any(_globals(a) for a in call.args) or any(_globals(k.value) for k in call.keywords)
