"""Celery apps by construction, and the candidates only the whole project can confirm.

``app = Celery(...)`` is an app on sight (Celery's "Application" guide).
Others only the linker can tell (``taskaudit.link.apps``): ``app =
ProjectCelery(...)`` with the class a ``Celery`` subclass in another module,
``app = celery_class("x")`` with the class chosen at run time, ``app =
create_application()`` with a function that builds an app and returns it.
So every module-level ``name = call(...)`` is kept as a candidate, and each
module-level function that builds an app in a local variable and returns it
is a factory: the configuration written to that local inside it is recorded
as the app ``<module>.<function>()``'s, which the linker binds to the names
the factory's result is assigned to.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from taskaudit.celery.spellings import CELERY_CLASSES
from taskaudit.core.location import Location
from taskaudit.core.values import Value
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import nodes_of, walk

# Calls on an object that only a Celery app answers (the "Application" guide).
APP_METHODS = frozenset({"config_from_object", "autodiscover_tasks", "conf"})


def is_celery_class(cls: str | None) -> bool:
    """``Celery`` itself, or a class whose name says it is one (``TembaCelery``)."""
    return bool(cls) and (cls in CELERY_CLASSES or str(cls).rpartition(".")[2].endswith("Celery"))


def app_arguments(call: ast.Call, scope: Scope) -> tuple[Value, tuple[tuple[str, Value], ...]]:
    """``Celery(main, **options)``: the main name and the keyword arguments."""
    main = static_value(call.args[0], scope) if call.args else None
    options = tuple((kw.arg, static_value(kw.value, scope)) for kw in call.keywords if kw.arg)
    if main is None:
        main = dict(options).get("main")
    return main, options


def factory_locals(
    tree: ast.Module, scope: Scope, loc: Callable[[ast.expr], Location]
) -> tuple[list[tuple[str, ast.Call, Location]], dict[int, str]]:
    """Module-level functions that build an app in a local and return it.

    Returns each factory's app as (``<module>.<function>()``, its construction
    call, where), and, for every use of that local inside the function, the
    name it stands for (keyed by the ``ast.Name`` node's id).
    """
    found: list[tuple[str, ast.Call, Location]] = []
    names: dict[int, str] = {}
    if not any(n.attr in APP_METHODS for n in nodes_of(tree, ast.Attribute)) and not any(
        is_celery_class(scope.dotted(n.func)) for n in nodes_of(tree, ast.Call)
    ):
        return found, names  # no app is built or configured anywhere in the module
    for stmt in tree.body:
        if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        nodes = walk(stmt)
        returned = {
            n.value.id for n in nodes if isinstance(n, ast.Return) and isinstance(n.value, ast.Name)
        }
        for node in nodes:
            if not (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call)
                and node.targets[0].id in returned
            ):
                continue
            local = node.targets[0].id
            if not (is_celery_class(scope.dotted(node.value.func)) or _used_as_app(nodes, local)):
                continue
            app = f"{scope.module}.{stmt.name}()" if scope.module else f"{stmt.name}()"
            found.append((app, node.value, loc(node.targets[0])))
            names.update((id(n), app) for n in nodes if isinstance(n, ast.Name) and n.id == local)
            break
    return found, names


def _used_as_app(nodes: list[ast.AST], local: str) -> bool:
    """``local.config_from_object(...)``, ``local.autodiscover_tasks()``, ``local.conf...``."""
    return any(
        isinstance(n, ast.Attribute)
        and n.attr in APP_METHODS
        and isinstance(n.value, ast.Name)
        and n.value.id == local
        for n in nodes
    )
