"""The project model: every task, beat entry, route, queue and process, resolved.

This is what the inventories show and what rule subjects are built from. It
holds Celery's own view of the project as far as a static reader can know
it; what it cannot know stays ``Unknown`` with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from taskaudit.celery.routing import Route
from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value
from taskaudit.extract.beat import BeatEntry
from taskaudit.extract.body import BodyFacts
from taskaudit.extract.dispatch import DispatchSite
from taskaudit.extract.ops_model import CeleryCommand, MakeTarget
from taskaudit.extract.sentry import SentryInit
from taskaudit.link.coverage import Coverage, Gap
from taskaudit.link.decisions import AppScope, Conventions, Decisions, ResultPolicy
from taskaudit.link.version import NOT_READ, CeleryVersion
from taskaudit.source import ParseFailure


@dataclass(frozen=True, slots=True)
class Task:
    name: str  # the name Celery registers ("?" prefixed text when computed)
    name_known: bool
    name_explicit: bool
    name_reason: str | None  # why the name is not known (computed, or an unreadable autoname)
    expected_name: str  # Celery's autoname: module path + function name
    module: str
    function: str
    location: Location
    first_line: int  # the first decorator's line: suppressions there count for the task
    style: str  # "shared_task" | "app.task" | "legacy" | "class"
    via: str | None  # project factory or base class the declaration goes through
    app: str | None
    options: Mapping[str, Value]  # effective options after base, factory, globals, annotations
    option_sources: Mapping[str, str]
    explicit: frozenset[str]  # option names set by the declaration itself (or its factory)
    bound: bool
    first_param: str | None  # the receiver of `self.retry()` in a bound task
    body: BodyFacts | None
    markers: tuple[str, ...]  # `# idempotent: reason` texts inside the task
    queue: str | Unknown
    queue_source: str  # "decorator" | "route" | "default"
    route_queue: str | Unknown | None  # what the first matching route says, if any
    results: ResultPolicy  # its app's result backend and retention
    config_gaps: tuple[Gap, ...]  # what its app's configuration may set unseen
    branch: tuple[str, ...] = ()  # module-level if/try arms around the declaration
    inner_decorators: tuple[str, ...] = ()  # decorators below Celery's, wrapping what runs
    # Its app, and where a global default for it goes (the place a choice for all is made).
    scope: AppScope = field(default_factory=lambda: AppScope(None))


@dataclass(frozen=True, slots=True)
class BeatItem:
    entry: BeatEntry
    key: str
    task_name: str | None  # resolved task name, None when computed
    task: Task | None
    schedule_words: str
    schedule_text: str
    partial: tuple[str, ...]
    place: str  # the file that defines the entry
    # The alternative settings modules whose configuration holds the entry
    # (``link.beat.settings_variants``); empty: every configuration does.
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RouteItem:
    pattern: str
    kind: str  # exact | glob | regex | router
    queue: str | Unknown | None
    location: Location
    matches: tuple[str, ...]  # names of tasks it matches
    rule: Route | None = None  # the parsed entry, to match names the model could not see


@dataclass(frozen=True, slots=True)
class QueueItem:
    name: str
    declared: bool | None  # None when task_queues is not declared
    consumers: tuple[str, ...]  # "path:line context" of workers consuming it
    used_by: tuple[str, ...]  # task names and "route:<pattern>" / "call:path:line"
    first_use: Location | None
    # Why ``declared`` cannot be told: ``task_queues`` is computed or changed at run time.
    declared_unknown: str | None = None


@dataclass(frozen=True, slots=True)
class SettingItem:
    key: str
    setting: str | None
    location: Location
    status: str  # ignored | mixed | deprecated
    suggestion: str | None
    detail: str  # what Celery makes of it, for the project's Celery release
    fix: str = ""  # what to write instead, as a clause
    celery_version: str = "unknown"  # the releases it was judged on, and where they were read


@dataclass(frozen=True, slots=True)
class Project:
    tasks: tuple[Task, ...]
    beat: tuple[BeatItem, ...]
    routes: tuple[RouteItem, ...]
    routes_unknown: str | None  # reason when task_routes is computed
    queues: tuple[QueueItem, ...]
    default_queue: str | Unknown
    workers: tuple[CeleryCommand, ...]
    commands: tuple[CeleryCommand, ...]  # every celery invocation (workers, beat, flower...)
    make_targets: tuple[tuple[MakeTarget, bool], ...]  # (target, is celery-related)
    makefile: str | None
    dispatch: tuple[tuple[DispatchSite, Task | None], ...]
    config: Mapping[str, tuple[Value, Location | None]]  # effective settings that are set
    config_namespace: str | None
    config_sources: tuple[str, ...]
    settings_problems: tuple[SettingItem, ...]
    apps: tuple[str, ...]
    sentry: Mapping[str, Value]
    incidents: tuple[tuple[str, str, tuple[str, ...]], ...]  # (path, title, task names)
    failures: tuple[tuple[str, ParseFailure], ...]
    artifacts: tuple[str, ...]  # celerybeat-schedule files present and not ignored
    sentry_inits: tuple[SentryInit, ...] = ()  # every `sentry_sdk.init(...)`, by location
    app_locations: tuple[Location, ...] = ()  # every `Celery(...)` app definition
    celery_version: CeleryVersion = NOT_READ  # from the dependency files (link.version)
    conventions: Conventions = field(default_factory=Conventions)
    coverage: Coverage = field(default_factory=Coverage)
    decisions: Decisions = field(default_factory=Decisions)
