"""The facts of one file: what extraction returns and the cache stores.

Every fact type is a frozen, picklable dataclass; a ``FileFacts`` holds
whichever families its file's role can produce. A file that could not be
read carries its ``failure`` (reported as TA000) and no other facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskaudit.extract.beat import BeatEntry
from taskaudit.extract.body_helpers import Helper
from taskaudit.extract.comments import CommentFacts
from taskaudit.extract.config import ConfigFacts
from taskaudit.extract.deps import DepsFacts
from taskaudit.extract.dispatch import DispatchSite
from taskaudit.extract.incidents import IncidentNote
from taskaudit.extract.mentions import Mentions
from taskaudit.extract.ops_model import CeleryCommand, MakeTarget, ProcessRun
from taskaudit.extract.sentry import SentryInit
from taskaudit.extract.tasks import Registration, TaskCandidate, TaskClass, TaskFactory
from taskaudit.source import ParseFailure


@dataclass(frozen=True, slots=True)
class PythonFacts:
    module: str
    is_package: bool
    imports: tuple[tuple[str, str], ...]
    tasks: tuple[TaskCandidate, ...]
    factories: tuple[TaskFactory, ...]
    classes: tuple[TaskClass, ...]
    registrations: tuple[Registration, ...]
    config: ConfigFacts
    beat: tuple[BeatEntry, ...]
    dispatch: tuple[DispatchSite, ...]
    sentry: tuple[SentryInit, ...]
    comments: CommentFacts
    # Modules named by absolute imports, with the first line naming each, whatever
    # this file's own module path (evidence of the import roots: taskaudit.roots).
    absolute_imports: tuple[tuple[str, int], ...] = ()
    # Module-level names bound once, unconditionally, to a str/int/float/bool literal:
    # other modules that import them read the value (taskaudit.link.constants).
    constants: tuple[tuple[str, str | int | float | bool], ...] = ()
    # Its module-level functions a task may delegate a retry or a lock to (body_helpers).
    helpers: tuple[Helper, ...] = ()


@dataclass(frozen=True, slots=True)
class OpsFacts:
    commands: tuple[CeleryCommand, ...] = ()
    targets: tuple[MakeTarget, ...] = ()
    variables: tuple[tuple[str, str], ...] = ()
    problems: tuple[str, ...] = ()
    runs: tuple[ProcessRun, ...] = ()  # processes started, celery or not (deployments)
    copies: tuple[tuple[str, str], ...] = ()  # Dockerfile COPY/ADD (source, destination)


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: str
    role: str
    module: str | None = None
    python: PythonFacts | None = None
    ops: OpsFacts | None = None
    incident: IncidentNote | None = None
    failure: ParseFailure | None = None
    deps: DepsFacts | None = None  # what a dependency file says about Celery
    # A Python file that could not be read: what its text might declare (None: anything).
    mentions: Mentions | None = None
