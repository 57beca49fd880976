"""What the scan could see, and what it could not: the project model's own coverage.

A static reader misses things: a Celery app built by a factory, a settings
module chosen at run time, a task module Python cannot parse, a decorator
imported from a package outside the scanned tree. Carrying on as if it had
seen everything turns those gaps into confident errors ("no task registers
X", "no time limit applies"). So the model records each gap with the fact it
hides and the ``[tool.taskaudit]`` key that would close it; subject fields
that depend on a gap are undecidable (TA002, with the gap as the reason),
and the scan says up front what it could not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from taskaudit.core.location import Location

# What a gap hides: the task registry, an app's configuration, the processes.
Scope = Literal["registry", "config", "processes"]


@dataclass(frozen=True, slots=True, order=True)
class Gap:
    """One thing the scan could not see.

    ``reason`` is a clause that fits after "taskaudit could not see everything:"
    and after "undecidable:"; ``setting`` is the ``[tool.taskaudit]`` key that
    would let it see (``source-roots``, ``task-decorators``, ``settings``,
    ``celery-app``), None when no setting can help (a file Python cannot read).
    """

    scope: Scope
    reason: str
    setting: str | None = None
    location: Location | None = None

    def because(self) -> str:
        """The reason with its fix, as one clause."""
        fix = f" (set `{self.setting}` in [tool.taskaudit])" if self.setting else ""
        return f"{self.reason}{fix}"


@dataclass(frozen=True, slots=True)
class AppSeen:
    """A Celery app and how well its configuration was read."""

    app: str  # dotted path of the app object
    location: Location | None  # its `Celery(...)` call; None for an app only named
    config: Literal["read", "defaults", "opaque"]
    sources: tuple[str, ...]  # the modules or objects its configuration was read from


@dataclass(frozen=True, slots=True)
class Coverage:
    apps: tuple[AppSeen, ...] = ()
    celery_used: bool = False  # some project module imports celery or declares a task
    settings_read: tuple[str, ...] = ()  # Django settings modules read, in order
    unparsed: tuple[str, ...] = ()  # Celery-shaped files Python could not parse (TA000)
    workers_found: bool = False
    beat_found: bool = False
    gaps: tuple[Gap, ...] = ()

    def of(self, scope: Scope) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.scope == scope)

    @property
    def registry_complete(self) -> bool:
        return not self.of("registry")
