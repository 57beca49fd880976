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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from taskaudit.core.location import Location

# What a gap hides: the task registry, an app's configuration, the processes.
Scope = Literal["registry", "config", "processes"]


@dataclass(frozen=True, slots=True, order=True)
class Hidden:
    """A file that could not be parsed and the task names it might register."""

    path: str
    names: tuple[str, ...]  # names it spells or its functions' autonames would be
    functions: tuple[str, ...]  # its `def`/`class` names (also for a misread module path)
    # Why it may register any name: a name computed at run time, a text not read.
    anything: str | None = None

    def mention(self, name: str) -> str | None:
        """What in this file could make it register ``name``; None: nothing."""
        if self.anything:
            return self.anything
        if name in self.names:
            return f"mentions `{name}`"
        function = name.rpartition(".")[2]
        return f"mentions `{function}`" if function in self.functions else None

    def mention_matching(self, matches: Callable[[str], bool]) -> str | None:
        """What in this file could register a name ``matches`` accepts (a route's pattern)."""
        if self.anything:
            return self.anything
        found = next((n for n in (*self.names, *self.functions) if matches(n)), None)
        return f"mentions `{found}`" if found is not None else None


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
    # A registry gap of unparsed files: the names they might register (None: any name).
    hidden: tuple[Hidden, ...] | None = None

    def because(self) -> str:
        """The reason with its fix, as one clause (lists of gaps show the places apart)."""
        fix = f" (set `{self.setting}` in [tool.taskaudit])" if self.setting else ""
        return f"{self.reason}{fix}"

    def undecided(self) -> str:
        """The reason, where it was found and its fix: why one check is undecidable."""
        if self.location is None:
            return self.because()
        fix = f" (set `{self.setting}` in [tool.taskaudit])" if self.setting else ""
        return f"{self.reason} at {self.location.path}:{self.location.line}{fix}"

    def hides(self, name: str) -> str | None:
        """Why a task registered as ``name`` may be hidden here; None when it cannot be."""
        if self.hidden is None:
            return self.undecided()
        for file in self.hidden:
            mention = file.mention(name)
            if mention is not None:
                return f"`{file.path}` could not be parsed and {mention}"
        return None

    def hides_matching(self, matches: Callable[[str], bool]) -> str | None:
        """Why a task whose name ``matches`` accepts may be hidden here; None: it cannot be."""
        if self.hidden is None:
            return self.undecided()
        for file in self.hidden:
            mention = file.mention_matching(matches)
            if mention is not None:
                return f"`{file.path}` could not be parsed and {mention}"
        return None


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
