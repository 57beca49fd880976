"""Celery apps and the configuration written to them, as static facts.

Covers what Celery's configuration docs describe: ``Celery(main, **kwargs)``,
``app.config_from_object(obj, namespace=...)``, ``app.autodiscover_tasks()``,
``app.conf.x = ...`` and ``app.conf.update(...)``; and the sources
``config_from_object`` can point at — Django settings modules (module-level
``CELERY_*``), plain config modules (old or new names), classes, dicts and a
Django setting holding a dict (``settings.CELERY``). Apps that only the whole
project can confirm (subclasses, factories) are ``taskaudit.extract.config_apps``;
settings classes, split-settings includes and ``globals()`` registries are
``taskaudit.extract.config_objects``. Which of those sources is in effect,
and in which order, is the linker's call: this module records every
candidate write with where it sits.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass

from taskaudit.celery.settings import SettingWrite
from taskaudit.core.location import Location, location_of
from taskaudit.core.values import Dict, Ref, Unknown, Value
from taskaudit.extract.config_apps import app_arguments, factory_locals, is_celery_class
from taskaudit.extract.config_mutations import mutation
from taskaudit.extract.config_objects import (
    class_exports,
    config_class,
    includes,
    injections,
    statements,
)
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import module_nodes, nodes_of


@dataclass(frozen=True, slots=True)
class CeleryApp:
    location: Location
    qualname: str  # "config.celery.app"
    main: Value
    options: tuple[tuple[str, Value], ...]  # Celery(...) keyword arguments
    cls: str  # the class instantiated (a Celery subclass is resolved by the linker)


@dataclass(frozen=True, slots=True)
class ConfigSource:
    location: Location
    app: str  # receiver of config_from_object
    target: Value  # "django.conf:settings", "proj.celeryconfig", Ref to a class/dict/module
    namespace: Value


@dataclass(frozen=True, slots=True)
class Autodiscover:
    location: Location
    app: str  # the receiver of ``autodiscover_tasks()``


@dataclass(frozen=True, slots=True)
class ConfigFacts:
    apps: tuple[CeleryApp, ...]
    sources: tuple[ConfigSource, ...]
    autodiscover: tuple[Autodiscover, ...]
    settings_module_hints: tuple[tuple[Location, Value], ...]  # DJANGO_SETTINGS_MODULE defaults
    star_imports: tuple[str, ...]  # modules this one re-exports (settings inheritance)
    # Writes by container: "module" (module-level names), "class:<qualname>",
    # "dict:<qualname>", "app:<qualname>" (app.conf writes, Celery() kwargs).
    writes: tuple[tuple[str, SettingWrite], ...]
    # Where each literal key of a dict-valued setting is written (a route's or a
    # beat entry's own line), since values carry no positions.
    key_locations: tuple[tuple[str, Location], ...] = ()
    # Setting-like names the code reads from Django's settings (`settings.CELERY_X`,
    # `getattr(settings, "CELERY_X")`): a name the project reads is its own setting.
    settings_reads: tuple[str, ...] = ()
    # `name = call(...)` at module level that may build an app (``cls`` is the
    # callable): the linker confirms them (``taskaudit.link.apps``).
    candidates: tuple[CeleryApp, ...] = ()
    # Apps built inside a function and returned, named `<module>.<function>()`.
    factories: tuple[CeleryApp, ...] = ()
    # Settings classes this module exports into itself (`Settings.load_settings(__name__)`).
    class_exports: tuple[str, ...] = ()
    # django-split-settings `include(...)`: repository path patterns, optional or not.
    includes: tuple[tuple[str, bool], ...] = ()
    # DJANGO_CONFIGURATION defaults (django-configurations: the settings class).
    configuration_hints: tuple[tuple[Location, Value], ...] = ()


def extract_config(
    tree: ast.Module, scope: Scope, path: str, is_setting: Callable[[str], bool]
) -> ConfigFacts:
    apps: list[CeleryApp] = []
    candidates: list[CeleryApp] = []
    sources: list[ConfigSource] = []
    discover: list[Autodiscover] = []
    hints: list[tuple[Location, Value]] = []
    chosen: list[tuple[Location, Value]] = []
    writes: list[tuple[str, SettingWrite]] = []
    stars = tuple(
        m
        for node in nodes_of(tree, ast.ImportFrom)
        if any(a.name == "*" for a in node.names)
        for m in [scope.absolute(node.module, node.level)]
        if m
    )

    def loc(node: ast.expr | ast.stmt) -> Location:
        return location_of(node, path)

    built, local_apps = factory_locals(tree, scope, loc)
    factories = []
    for app, call, where in built:
        main, options = app_arguments(call, scope)
        factories.append(CeleryApp(where, app, main, options, scope.dotted(call.func) or "?"))
        writes += _kwarg_writes(app, options, loc(call))

    def owner(node: ast.expr) -> str | None:
        """The app an expression names: a factory's local app, else its dotted path."""
        if isinstance(node, ast.Name) and id(node) in local_apps:
            return local_apps[id(node)]
        return scope.dotted(node)

    for stmt, conditional in statements(tree.body, False):
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            value_node = stmt.value
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for target in targets:
                if value_node is None:
                    continue
                found = apps, candidates, writes
                _assignment(target, value_node, scope, loc, conditional, is_setting, found)
        elif isinstance(stmt, ast.ClassDef):
            writes += config_class(stmt, scope, loc, is_setting)
        elif (
            isinstance(stmt, ast.AugAssign)
            and isinstance(stmt.target, ast.Name)
            and is_setting(stmt.target.id)
        ):
            unknown = Unknown("augmented assignment")
            write = SettingWrite(stmt.target.id, unknown, loc(stmt), "module", conditional)
            writes.append(("module", write))
    writes += [("module", w) for w in injections(tree, loc)]

    calls = nodes_of(tree, ast.Call)
    for node in calls:
        if not isinstance(node.func, ast.Attribute):
            continue
        method, receiver = node.func.attr, node.func.value
        if method == "config_from_object" and node.args:
            app = owner(receiver) or "?"
            namespace = _kwarg(node, "namespace", scope)
            sources.append(ConfigSource(loc(node), app, _target(node.args[0], scope), namespace))
        elif method == "autodiscover_tasks":
            discover.append(Autodiscover(loc(node), owner(receiver) or "?"))
        elif method == "setdefault" and scope.dotted(receiver) == "os.environ":
            if len(node.args) == 2 and _is_const(node.args[0], "DJANGO_SETTINGS_MODULE"):
                hints.append((loc(node), static_value(node.args[1], scope)))
            elif len(node.args) == 2 and _is_const(node.args[0], "DJANGO_CONFIGURATION"):
                chosen.append((loc(node), static_value(node.args[1], scope)))
        elif method == "update" and (updated := _conf_owner(receiver, owner)) is not None:
            for key, value in _update_items(node, scope):
                write = SettingWrite(key, value, loc(node), "conf-update")
                writes.append((f"app:{updated}", write))
    reads = {
        read
        for node in (*nodes_of(tree, ast.Attribute), *calls)
        if (read := _settings_read(node, scope)) is not None and is_setting(read)
    }
    # Writes in module order: in-place changes and attribute assignments interleave.
    for each in module_nodes(tree):
        if (changed := mutation(each, lambda n: _conf_owner(n, owner), loc)) is not None:
            writes.append(changed)
        if isinstance(each, ast.Assign) and len(each.targets) == 1:
            target = each.targets[0]
            if isinstance(target, ast.Attribute):
                written = _conf_owner(target.value, owner)
                if written is not None:
                    value = static_value(each.value, scope)
                    write = SettingWrite(target.attr, value, loc(each), "conf-attr")
                    writes.append((f"app:{written}", write))
    return ConfigFacts(
        tuple(apps),
        tuple(sources),
        tuple(discover),
        tuple(hints),
        stars,
        tuple(writes),
        _key_locations(tree, loc, is_setting),
        tuple(sorted(reads)),
        tuple(candidates),
        tuple(factories),
        class_exports(tree, scope),
        includes(tree, scope, path),
        tuple(chosen),
    )


def _kwarg_writes(
    app: str, options: tuple[tuple[str, Value], ...], where: Location
) -> list[tuple[str, SettingWrite]]:
    """``Celery(broker=..., task_routes=...)``: keyword arguments are settings on the app."""
    return [
        (f"app:{app}", SettingWrite(option, value, where, "celery-kwarg"))
        for option, value in options
        if option not in ("main", "set_as_current")
    ]


def _target(node: ast.expr, scope: Scope) -> Value:
    """What ``config_from_object`` is handed; ``settings.CELERY`` stays a reference to it."""
    dotted = scope.dotted(node)
    if dotted is not None and dotted.startswith(f"{_DJANGO_SETTINGS}."):
        return Ref(dotted)
    return static_value(node, scope)


def _settings_read(node: ast.AST, scope: Scope) -> str | None:
    """The name ``settings.X`` or ``getattr(settings, "X", ...)`` reads from Django's settings."""
    if isinstance(node, ast.Attribute) and scope.dotted(node.value) == _DJANGO_SETTINGS:
        return node.attr
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) >= 2
        and scope.dotted(node.args[0]) == _DJANGO_SETTINGS
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
    ):
        return node.args[1].value
    return None


_DJANGO_SETTINGS = "django.conf.settings"


def _key_locations(
    tree: ast.Module,
    loc: Callable[[ast.expr | ast.stmt], Location],
    is_setting: Callable[[str], bool],
) -> tuple[tuple[str, Location], ...]:
    found: list[tuple[str, Location]] = []
    for node in module_nodes(tree):
        if not (isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict)):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [
            t.id if isinstance(t, ast.Name) else t.attr
            for t in targets
            if isinstance(t, ast.Name | ast.Attribute)
        ]
        if any(is_setting(name) for name in names):
            found += [
                (key.value, loc(key))
                for key in node.value.keys
                if isinstance(key, ast.Constant) and isinstance(key.value, str)
            ]
    return tuple(found)


def _assignment(
    target: ast.expr,
    value_node: ast.expr,
    scope: Scope,
    loc: Callable[[ast.expr | ast.stmt], Location],
    conditional: bool,
    is_setting: Callable[[str], bool],
    found: tuple[list[CeleryApp], list[CeleryApp], list[tuple[str, SettingWrite]]],
) -> None:
    apps, candidates, writes = found
    if isinstance(target, ast.Name):
        if isinstance(value_node, ast.Call) and not is_setting(target.id):
            cls = scope.dotted(value_node.func)
            qualname = f"{scope.module}.{target.id}" if scope.module else target.id
            main, options = app_arguments(value_node, scope)
            app = CeleryApp(loc(target), qualname, main, options, cls or "?")
            if is_celery_class(cls):
                apps.append(app)
                writes += _kwarg_writes(qualname, options, loc(value_node))
                return
            if cls is not None:
                candidates.append(app)
        value = static_value(value_node, scope)
        if is_setting(target.id):
            writes.append(
                ("module", SettingWrite(target.id, value, loc(target), "module", conditional))
            )
        elif isinstance(value, Dict) and _mostly_settings(value, is_setting):
            qualname = f"{scope.module}.{target.id}" if scope.module else target.id
            for key, item in value.items:
                if isinstance(key, str):
                    write = SettingWrite(key, item, loc(value_node), "dict", conditional)
                    writes.append((f"dict:{qualname}", write))
    elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
        name = target.value.id
        item_key = static_value(target.slice, scope)
        if is_setting(name) and isinstance(item_key, str):
            item = Dict(((item_key, static_value(value_node, scope)),))
            writes.append(("module", SettingWrite(name, item, loc(target), "item", conditional)))


def _mostly_settings(value: Dict, is_setting: Callable[[str], bool]) -> bool:
    keys = [k for k, _ in value.items if isinstance(k, str)]
    return bool(keys) and sum(is_setting(k) for k in keys) * 2 > len(keys)


def _conf_owner(node: ast.expr, owner: Callable[[ast.expr], str | None]) -> str | None:
    """``app.conf`` → the app's dotted path."""
    if isinstance(node, ast.Attribute) and node.attr == "conf":
        return owner(node.value)
    return None


def _update_items(node: ast.Call, scope: Scope) -> list[tuple[str, Value]]:
    items: list[tuple[str, Value]] = []
    for arg in node.args:
        value = static_value(arg, scope)
        if isinstance(value, Dict):
            items += [(k, v) for k, v in value.items if isinstance(k, str)]
        else:
            items.append(("*", Unknown("conf.update() of a computed mapping")))
    for kw in node.keywords:
        if kw.arg is None:
            items.append(("*", Unknown("conf.update(**computed)")))
        else:
            items.append((kw.arg, static_value(kw.value, scope)))
    return items


def _kwarg(node: ast.Call, name: str, scope: Scope) -> Value:
    for kw in node.keywords:
        if kw.arg == name:
            return static_value(kw.value, scope)
    return None


def _is_const(node: ast.expr, text: str) -> bool:
    return isinstance(node, ast.Constant) and node.value == text
