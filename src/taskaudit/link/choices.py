"""Choices one setting makes for many tasks: declaration style, time limits, result policy.

Celery applies no time limit and stores no result unless told
("Configuration and defaults"); ``task_soft_time_limit``, ``task_time_limit``
and ``task_ignore_result`` set them for every task of an app that does not
set its own, so the tasks of an app that lack one are one decision, in its
configuration, however many others set theirs. A project whose decorated
tasks all use one declaration style has made that choice once too. The
answers go on ``Project.decisions`` (``taskaudit.link.decisions``); the
``declaration_style``, ``time_limits`` and ``result_policy`` subjects read
them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value
from taskaudit.link.decisions import AppScope, Choice, DeclarationStyles
from taskaudit.link.model import Task

Settings = Mapping[str, tuple[Value, Location | None]]
DECORATED_STYLES = ("shared_task", "app.task", "legacy")


def app_scope(app: str | None, settings: Settings, defined_at: Location | None) -> AppScope:
    """Where a global default of one app goes: beside the settings it already has."""
    placed = [where for _, where in settings.values() if where is not None]
    per_file = Counter(where.path for where in placed)
    if not per_file:
        return AppScope(app, defined_at)
    path = min(per_file, key=lambda p: (-per_file[p], p))
    return AppScope(app, min(where for where in placed if where.path == path))


def declaration_styles(
    tasks: Sequence[Task], defined_at: Mapping[str, Location]
) -> DeclarationStyles:
    decorated = tuple(t for t in tasks if t.style in DECORATED_STYLES)
    place = None
    if decorated:
        first_app = min(defined_at.values(), default=None)
        app = decorated[0].app
        place = (defined_at.get(app) if app else None) or first_app or decorated[0].location
    return DeclarationStyles(
        tuple(sorted(Counter(t.style for t in tasks).items())), decorated, place
    )


def has_time_limit(task: Task) -> bool | None:
    """A soft or hard limit applies (own option or a global); None: a global set at run time.

    A limit the declaration itself passes (decorator, base class, factory,
    ``**LIMITS``) is declared whatever its value: ``settings.X``, a module
    constant or an environment lookup only hide the number, which rules
    comparing it (TA602) need and "is there a limit" does not. A literal
    ``0``, ``False`` or ``None`` sets none.
    """
    values = [task.options.get(k) for k in _LIMITS]
    if any(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in values):
        return True
    own = [
        task.options[k]
        for k in _LIMITS
        if k in task.options and not task.option_sources.get(k, "").startswith("setting:")
    ]
    if any(v is not None and not isinstance(v, int | float) for v in own):
        return True
    return None if any(isinstance(v, Unknown) for v in values) else False


_LIMITS = ("time_limit", "soft_time_limit")


def _per_app(tasks: Sequence[Task]) -> list[tuple[AppScope, list[Task]]]:
    groups: dict[AppScope, list[Task]] = defaultdict(list)
    for task in tasks:
        groups[task.scope].append(task)
    return sorted(groups.items(), key=lambda item: (item[0].app or "", item[1][0].location))


def time_limits(tasks: Sequence[Task]) -> tuple[Choice, ...]:
    choices = []
    for scope, members in _per_app(tasks):
        states = [has_time_limit(t) for t in members]
        made = tuple(t for t, state in zip(members, states, strict=True) if state)
        # A task's own limit wins over the global one, so the global default settles
        # every task without one, however many have their own; a limit computed at
        # run time leaves it open which tasks those are.
        known = all(state is not None for state in states)
        choices.append(_choice(scope, members, made, known))
    return tuple(choices)


def result_policies(tasks: Sequence[Task]) -> tuple[Choice, ...]:
    choices = []
    for scope, members in _per_app(tasks):
        made = tuple(t for t in members if "ignore_result" in t.options)
        choices.append(_choice(scope, members, made, True))
    return tuple(choices)


def _choice(scope: AppScope, members: Sequence[Task], made: Sequence[Task], known: bool) -> Choice:
    """One decision when at least two tasks lack the choice and one setting gives it to them."""
    lacking = [t for t in members if t not in made]
    return Choice(scope, tuple(members), tuple(made), known and len(lacking) >= 2)
