"""``sentry_sdk.init(...)`` calls and whether they leave Celery tasks instrumented.

Per sentry-python's ``setup_integrations`` (``sentry_sdk/integrations/__init__.py``)
and its Celery integration page: ``CeleryIntegration`` is an *auto-enabling*
integration, installed when ``celery`` is importable, but only when both
``default_integrations`` and ``auto_enabling_integrations`` are truthy (both
default to True). An explicit ``CeleryIntegration()`` in ``integrations=`` is
installed regardless, and ``disabled_integrations=`` (sentry-sdk 2.x; classes
or instances) wins over everything. The legacy ``raven`` client
(``RAVEN_CONFIG``) has no Celery integration of this kind and is not read.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from taskaudit.core.location import Location, location_of
from taskaudit.core.values import Call, Dict, Seq, Unknown, Value
from taskaudit.extract.literal import static_value
from taskaudit.extract.scope import Scope
from taskaudit.extract.walk import nodes_of

_INIT = frozenset({"sentry_sdk.init", "sentry_sdk.api.init"})
_CELERY = "CeleryIntegration"


@dataclass(frozen=True, slots=True)
class SentryInit:
    location: Location
    integrations: tuple[str, ...] | Unknown  # dotted class names of ``integrations=[...]``
    default_integrations: Value  # the keyword's value; True (the SDK default) when absent
    auto_enabling_integrations: Value  # likewise
    disabled_integrations: tuple[str, ...] | Unknown
    celery_instrumented: bool | Unknown


def extract_sentry(tree: ast.Module, scope: Scope, path: str) -> tuple[SentryInit, ...]:
    found: list[SentryInit] = []
    for node in nodes_of(tree, ast.Call):
        if scope.dotted(node.func) in _INIT:
            found.append(_init(node, scope, path))
    return tuple(sorted(found, key=lambda init: init.location))


def _init(node: ast.Call, scope: Scope, path: str) -> SentryInit:
    keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
    unpacked = any(kw.arg is None for kw in node.keywords)
    opaque = Unknown("sentry_sdk.init(**options)")

    def option(name: str) -> Value:
        if name in keywords:
            return static_value(keywords[name], scope)
        return opaque if unpacked else True

    def classes(name: str) -> tuple[str, ...] | Unknown:
        if name in keywords:
            return _classes(keywords[name], scope)
        return opaque if unpacked else ()

    integrations, disabled = classes("integrations"), classes("disabled_integrations")
    defaults, auto = option("default_integrations"), option("auto_enabling_integrations")
    # `[*BASE, CeleryIntegration()]` is unreadable as a whole, yet decides the question.
    listed = _names_celery(keywords.get("integrations"), scope)
    unlisted = _names_celery(keywords.get("disabled_integrations"), scope)
    return SentryInit(
        location=location_of(node, path),
        integrations=integrations,
        default_integrations=defaults,
        auto_enabling_integrations=auto,
        disabled_integrations=disabled,
        celery_instrumented=_instrumented(integrations, defaults, auto, disabled, listed, unlisted),
    )


def _classes(node: ast.expr, scope: Scope) -> tuple[str, ...] | Unknown:
    if isinstance(node, ast.Constant) and node.value is None:
        return ()
    if not isinstance(node, ast.List | ast.Tuple | ast.Set):
        return Unknown("integrations list computed at run time")
    names: list[str] = []
    for element in node.elts:
        dotted = _class_of(element, scope)
        if dotted is None:
            return Unknown("integration computed at run time")
        names.append(dotted)
    return tuple(names)


def _class_of(element: ast.expr, scope: Scope) -> str | None:
    # disabled_integrations accepts classes as well as instances.
    target = element.func if isinstance(element, ast.Call) else element
    return scope.dotted(target) if isinstance(target, ast.Name | ast.Attribute) else None


def _names_celery(node: ast.expr | None, scope: Scope) -> bool:
    if not isinstance(node, ast.List | ast.Tuple | ast.Set):
        return False
    return any(_is_celery(_class_of(element, scope) or "") for element in node.elts)


def _instrumented(
    integrations: tuple[str, ...] | Unknown,
    defaults: Value,
    auto: Value,
    disabled: tuple[str, ...] | Unknown,
    listed: bool,
    unlisted: bool,
) -> bool | Unknown:
    if unlisted:
        return False
    if isinstance(disabled, Unknown):
        return disabled
    if listed:
        return True
    automatic = _and(_truth(defaults), _truth(auto))
    if automatic is True:
        return True
    # An unreadable list may or may not name CeleryIntegration explicitly.
    return integrations if isinstance(integrations, Unknown) else automatic


def _is_celery(dotted: str) -> bool:
    return dotted.rpartition(".")[2] == _CELERY


def _truth(value: Value) -> bool | Unknown:
    """Python truthiness, as the SDK tests these options with a plain ``if``."""
    if value is None or isinstance(value, bool | int | float | str):
        return bool(value)
    if isinstance(value, Seq | Dict):
        return bool(len(value))
    if isinstance(value, Unknown):
        return value
    reason = value.func if isinstance(value, Call) else str(value)
    return Unknown(f"truth of {reason}")


def _and(left: bool | Unknown, right: bool | Unknown) -> bool | Unknown:
    if left is False or right is False:
        return False
    if isinstance(left, Unknown):
        return left
    return right
