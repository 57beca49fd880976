"""In-place changes to an app's settings: ``app.conf.task_routes.update(...)`` and kin.

``app.conf.<name>`` hands back the object the configuration holds (Celery's
``Settings`` is a chain of maps; reading a list or dict setting returns the
map's own object, measured on Celery 5.5.3 in ``tests/extract``), so
``app.conf.task_queues.append(q)``, ``app.conf.task_routes.update({...})``,
``app.conf.task_routes[name] = route`` and ``app.conf.task_queues += [...]``
change what every reader of the setting sees, whichever map set it. Such
code runs at start-up, usually in a function or in a loop over a registry
the project fills, so what it adds is not in the text: the setting becomes
unknown, with the place that changes it as the reason.

Beat entries written this way are read by ``taskaudit.extract.beat``, and
the schedule is never judged from the setting, so it is left out here.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from taskaudit.celery.settings import SettingWrite, is_setting_name
from taskaudit.core.location import Location
from taskaudit.core.values import Unknown

# Methods of list, dict and set that change the object they are called on.
_MUTATORS = frozenset(
    {"append", "extend", "insert", "update", "setdefault", "add", "pop", "remove", "clear"}
)
_BEAT = frozenset({"beat_schedule", "CELERY_BEAT_SCHEDULE", "CELERYBEAT_SCHEDULE"})


def mutation(
    node: ast.AST,
    conf_owner: Callable[[ast.expr], str | None],
    loc: Callable[[ast.expr | ast.stmt], Location],
) -> tuple[str, SettingWrite] | None:
    """``(container, write)`` for a statement or call changing ``app.conf.<setting>`` in place."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _MUTATORS
    ):
        return _write(node.func.value, f".{node.func.attr}()", node, conf_owner, loc)
    if isinstance(node, ast.AugAssign):
        return _write(node.target, " +=", node, conf_owner, loc)
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Subscript):
            return _write(target.value, "[...] =", node, conf_owner, loc)
    return None


def _write(
    changed: ast.expr,
    how: str,
    node: ast.expr | ast.stmt,
    conf_owner: Callable[[ast.expr], str | None],
    loc: Callable[[ast.expr | ast.stmt], Location],
) -> tuple[str, SettingWrite] | None:
    if not isinstance(changed, ast.Attribute) or changed.attr in _BEAT:
        return None
    if not is_setting_name(changed.attr):
        return None
    app = conf_owner(changed.value)
    if app is None:
        return None
    where = loc(node)
    reason = f"`{changed.attr}` changed at run time (`{how}`) at {where.path}:{where.line}"
    return f"app:{app}", SettingWrite(changed.attr, Unknown(reason), where, "conf-mutate")
