"""Static evaluation of expressions into ``Value``s, without running anything.

Only literals, names bound to literals, and calls whose meaning Celery
defines (``crontab``, ``timedelta``, ``kombu.Queue``, ``re.compile``) are
evaluated. Environment look-ups (``os.environ``, ``os.getenv``,
django-environ's ``env(...)``, python-decouple's ``config(...)``) and
Django's ``settings.X`` become ``Unknown`` with a reason the report can show.
"""

from __future__ import annotations

import ast

from taskaudit.core.values import Call, Dict, Ref, Seq, Unknown, Value
from taskaudit.extract.scope import Scope

# Functions whose call we keep as a ``Call`` value, under one canonical name.
KNOWN_CALLS = {
    "celery.schedules.crontab": "celery.schedules.crontab",
    "celery.crontab": "celery.schedules.crontab",
    "celery.task.schedules.crontab": "celery.schedules.crontab",
    "celery.schedules.solar": "celery.schedules.solar",
    "celery.schedules.schedule": "celery.schedules.schedule",
    "datetime.timedelta": "datetime.timedelta",
    "kombu.Queue": "kombu.Queue",
    "kombu.entity.Queue": "kombu.Queue",
    "kombu.Exchange": "kombu.Exchange",
    "kombu.entity.Exchange": "kombu.Exchange",
    "re.compile": "re.compile",
    "celery.signature": "celery.signature",
    "celery.canvas.signature": "celery.signature",
}
_ENV_CALLS = ("os.getenv", "os.environ.get", "os.environ.setdefault")
_ENV_LIBS = ("environ.", "decouple.config", "environs.")
# `env = environ.Env()` (django-environ) / `env = Env()` (environs): calls on the
# bound name read the environment.
_ENV_READER_FACTORIES = frozenset({"environ.Env", "environ.FileAwareEnv", "environs.Env"})
_ENV_READER = Unknown("environment reader")
_CONTAINERS = {"tuple": "tuple", "list": "list", "set": "set", "frozenset": "set"}


def static_value(node: ast.expr | None, scope: Scope) -> Value:
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        value = node.value
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return Unknown(f"{type(value).__name__} literal")
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        kind = {ast.Tuple: "tuple", ast.List: "list", ast.Set: "set"}[type(node)]
        return _sequence(node.elts, scope, kind)
    if isinstance(node, ast.Dict):
        return _dict(node, scope)
    if isinstance(node, ast.Name):
        if node.id in scope.constants:
            return scope.constants[node.id]
        qualname = scope.qualify(node.id)
        return Ref(qualname) if qualname else Unknown(f"name {node.id!r}")
    if isinstance(node, ast.Attribute):
        return _attribute(node, scope)
    if isinstance(node, ast.Call):
        return _call(node, scope)
    if isinstance(node, ast.BinOp):
        return _binop(node, scope)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = static_value(node.operand, scope)
        if isinstance(operand, int | float) and not isinstance(operand, bool):
            return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.JoinedStr):
        return _fstring(node, scope)
    if isinstance(node, ast.Subscript):
        return _subscript(node, scope)
    return Unknown(f"{type(node).__name__.lower()} expression")


def _sequence(elts: list[ast.expr], scope: Scope, kind: str) -> Value:
    items: list[Value] = []
    for elt in elts:
        if isinstance(elt, ast.Starred):
            inner = static_value(elt.value, scope)
            if not isinstance(inner, Seq):
                return Unknown("unpacked sequence")
            items.extend(inner.items)
        else:
            items.append(static_value(elt, scope))
    return Seq(tuple(items), kind)


def _dict(node: ast.Dict, scope: Scope) -> Value:
    items: list[tuple[Value, Value]] = []
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:  # {**other}
            inner = static_value(value, scope)
            if not isinstance(inner, Dict):
                return Unknown("unpacked mapping")
            items.extend(inner.items)
        else:
            items.append((static_value(key, scope), static_value(value, scope)))
    return Dict(_last_wins(items))


def _last_wins(items: list[tuple[Value, Value]]) -> tuple[tuple[Value, Value], ...]:
    """Python dict semantics: a repeated key keeps its first position, last value."""
    merged: dict[object, tuple[Value, Value]] = {}
    for key, value in items:
        merged[key if isinstance(key, str | int | float | bool) else id(key)] = (key, value)
    return tuple(merged.values())


def _attribute(node: ast.Attribute, scope: Scope) -> Value:
    dotted = scope.dotted(node)
    if dotted is None:
        return Unknown(f"attribute {node.attr!r}")
    if dotted.startswith("django.conf.settings."):
        return Unknown(f"Django setting {node.attr}")
    if dotted.startswith("os.environ"):
        return Unknown("environment variable")
    return Ref(dotted)


def _call(node: ast.Call, scope: Scope) -> Value:
    func = scope.dotted(node.func)
    if func in _ENV_READER_FACTORIES:
        return _ENV_READER
    if _is_env_reader(node, scope) or (func and func.startswith((*_ENV_CALLS, *_ENV_LIBS))):
        return Unknown(f"environment variable {_const_text(node.args[0] if node.args else None)}")
    if func is None:
        return Unknown("call")
    if func == "dict":
        return _dict_call(node, scope)
    if func in _CONTAINERS and len(node.args) <= 1 and not node.keywords:
        inner = static_value(node.args[0], scope) if node.args else Seq((), _CONTAINERS[func])
        if isinstance(inner, Seq):
            return Seq(inner.items, _CONTAINERS[func])
        return Unknown(f"{func}() of a computed value")
    canonical = KNOWN_CALLS.get(func)
    head, _, method = func.rpartition(".")
    if canonical is None and method == "from_string" and head in _CRONTABS:
        return _crontab_from_string(node, scope)
    if canonical is None:
        return Unknown(f"call to {func}()")
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        return Unknown(f"call to {func}() with *args")
    args = tuple(static_value(arg, scope) for arg in node.args)
    kwargs = tuple((kw.arg, static_value(kw.value, scope)) for kw in node.keywords if kw.arg)
    if any(kw.arg is None for kw in node.keywords):
        return Unknown(f"call to {func}() with **kwargs")
    return Call(canonical, args, kwargs)


_CRONTABS = frozenset(name for name, known in KNOWN_CALLS.items() if known.endswith(".crontab"))
_CRON_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")


def _crontab_from_string(node: ast.Call, scope: Scope) -> Value:
    """``crontab.from_string("0 3 * * 1")``: Celery splits on single spaces into five fields."""
    spec = static_value(node.args[0], scope) if len(node.args) == 1 and not node.keywords else None
    if isinstance(spec, Unknown):
        return spec
    if not isinstance(spec, str):
        return Unknown("crontab.from_string of a computed value")
    parts = spec.split(" ")
    if len(parts) != len(_CRON_FIELDS):
        return Unknown(f"crontab.from_string({spec!r}) is not five space-separated fields")
    return Call("celery.schedules.crontab", (), tuple(zip(_CRON_FIELDS, parts, strict=True)))


def _is_env_reader(node: ast.Call, scope: Scope) -> bool:
    """django-environ's ``env = environ.Env()`` then ``env("X")`` / ``env.bool("X")``."""
    target = node.func.value if isinstance(node.func, ast.Attribute) else node.func
    if not isinstance(target, ast.Name):
        return False
    return scope.constants.get(target.id) == _ENV_READER


def _dict_call(node: ast.Call, scope: Scope) -> Value:
    items: list[tuple[Value, Value]] = []
    for arg in node.args:
        inner = static_value(arg, scope)
        if not isinstance(inner, Dict):
            return Unknown("dict() of a computed value")
        items.extend(inner.items)
    for kw in node.keywords:
        if kw.arg is None:
            inner = static_value(kw.value, scope)
            if not isinstance(inner, Dict):
                return Unknown("dict() of a computed value")
            items.extend(inner.items)
        else:
            items.append((kw.arg, static_value(kw.value, scope)))
    return Dict(_last_wins(items))


def _binop(node: ast.BinOp, scope: Scope) -> Value:
    left, right = static_value(node.left, scope), static_value(node.right, scope)
    if isinstance(node.op, ast.Add):
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        if isinstance(left, Seq) and isinstance(right, Seq):
            return Seq(left.items + right.items, left.kind)
    if isinstance(node.op, ast.BitOr) and isinstance(left, Dict) and isinstance(right, Dict):
        return Dict(_last_wins([*left.items, *right.items]))
    numbers = (int, float)
    if (
        isinstance(left, numbers)
        and isinstance(right, numbers)
        and not isinstance(left, bool)
        and not isinstance(right, bool)
        and isinstance(node.op, ast.Mult | ast.Add | ast.Sub)
    ):
        if isinstance(node.op, ast.Mult):
            return left * right
        return left + right if isinstance(node.op, ast.Add) else left - right
    return Unknown("computed expression")


def _fstring(node: ast.JoinedStr, scope: Scope) -> Value:
    parts: list[str] = []
    for piece in node.values:
        if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
            parts.append(piece.value)
        elif isinstance(piece, ast.FormattedValue) and piece.format_spec is None:
            value = static_value(piece.value, scope)
            if not isinstance(value, str | int) or piece.conversion not in (-1, 115):
                return Unknown("f-string with a computed part")
            parts.append(str(value))
        else:
            return Unknown("f-string with a computed part")
    return "".join(parts)


def _subscript(node: ast.Subscript, scope: Scope) -> Value:
    base = scope.dotted(node.value) if isinstance(node.value, ast.Attribute | ast.Name) else None
    if base is not None and base.startswith("os.environ"):
        return Unknown(f"environment variable {_const_text(node.slice)}")
    container = static_value(node.value, scope)
    key = static_value(node.slice, scope)
    if isinstance(container, Dict) and isinstance(key, str) and key in container:
        return container.get(key)
    return Unknown("subscript")


def _const_text(node: ast.expr | None) -> str:
    """The text of a string constant naming an environment variable, or "?"."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return "?"
