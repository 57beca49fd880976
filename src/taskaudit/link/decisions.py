"""The guideline's decision points as typed values: what the code has decided today.

``celery-task-conventions.txt`` asks a team to settle `@shared_task` vs
`@app.task`, when to write a task rather than a management command or a
service function, what goes on the heavy queue, whether results are stored
and for how long, and how only one beat scheduler runs. The link layer
answers each once (``taskaudit.link.decide``) on the project model; rules
read the answers through subjects and the report words the same answers, so
the two cannot disagree.

Some choices are made once for many tasks: a global time limit, a result
policy, one declaration style. ``Choice`` says, per app, whether one change
in one place settles it for every task (then a rule reports it once, there)
or each task makes it on its own (then per task).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown, Value
from taskaudit.extract.ops_model import CeleryCommand

if TYPE_CHECKING:  # the model holds the decisions: its types are only annotations here
    from taskaudit.link.model import RouteItem, Task

# How each declaration style is written, for messages and the report.
STYLE_NAMES = {"shared_task": "@shared_task", "app.task": "@app.task", "legacy": "@celery.task"}
# The Makefile targets celery-task-conventions.txt asks every project to document.
CONVENTIONAL_MAKE_TARGETS = ("celery-logs", "beat-logs", "celery-heavy-logs", "celery-restart")


@dataclass(frozen=True, slots=True)
class Conventions:
    """What the team calls its heavy queue and which Make targets it expects (rule params)."""

    heavy_queue: str = "heavy"
    make_targets: tuple[str, ...] = CONVENTIONAL_MAKE_TARGETS


DEFAULT_CONVENTIONS = Conventions()


@dataclass(frozen=True, slots=True)
class ResultPolicy:
    """One app's result backend and retention (``result_backend``, ``result_expires``).

    Celery stores no result without a backend, keeps one for a day when
    ``result_expires`` is unset, and forever when it is ``None`` or 0
    ("Configuration and defaults"). ``result_backend = None`` written in the
    configuration is the same as no backend for Celery (measured on 5.5.3,
    5.6.3, 5.7.0: ``app.conf.result_backend`` is None), but it is a decision:
    no result is stored, on purpose (``stated_none``).
    """

    backend: Value = None
    backend_at: Location | None = None
    backend_written: bool = False  # the setting appears at all (also as None)
    expires: Value = None
    expires_at: Location | None = None
    expires_set: bool = False

    @property
    def backend_set(self) -> bool:
        if not self.backend_written:
            return False
        if isinstance(self.backend, Unknown):
            return True  # read from the environment: some backend is configured
        return self.backend not in (None, "", "disabled")

    @property
    def stated_none(self) -> bool:
        """``result_backend = None`` (or empty, or ``"disabled"``) written on purpose."""
        return self.backend_written and not self.backend_set

    @property
    def stated(self) -> str:
        """The decision in words: ``stated: none``, ``stated: <backend>`` or ``unstated``."""
        if self.stated_none:
            return "stated: none"
        if self.backend_set:
            shown = "computed at run time" if isinstance(self.backend, Unknown) else self.backend
            return f"stated: {shown}"
        return "unstated"

    @property
    def expires_never(self) -> bool | Unknown:
        if not self.expires_set:
            return False
        if isinstance(self.expires, Unknown):
            return self.expires
        return self.expires in (None, 0)


@dataclass(frozen=True, slots=True)
class BeatLock:
    """Who starts beat, per deployment, and whether every one of them takes a lock."""

    starters: tuple[CeleryCommand, ...] = ()  # every command that starts a scheduler
    # The deployment where most schedulers run without a lock (else the most schedulers).
    processes: int = 0  # beat processes it starts, replicas included
    counted: tuple[CeleryCommand, ...] = ()  # the commands that start them
    schedulers: tuple[Value, ...] = ()  # per starter, or the configured `beat_scheduler`
    configured: Value = None  # `beat_scheduler` as configured
    mechanisms: tuple[str, ...] = ()  # locks found: "single-beat", a locking scheduler
    locked: bool = False  # every process of that deployment takes one
    deployment: str = ""  # its name ("compose:.", "procfile:Procfile"...)


@dataclass(frozen=True, slots=True)
class DeclarationStyles:
    """How many tasks each declaration style declares (``@shared_task``, ``@app.task``...).

    ``once`` is true when at least two decorated tasks all use one style: the
    project has then made the choice, and it is a single decision to keep or
    change (at ``place``, the Celery app's definition, else the first task).
    Class-based tasks have no decorator and take no part in it.
    """

    counts: tuple[tuple[str, int], ...] = ()  # by style name, sorted
    decorated: tuple[Task, ...] = ()  # the tasks declared with a decorator
    place: Location | None = None

    @property
    def majority(self) -> str | None:
        ranked = sorted(self.counts, key=lambda item: (-item[1], item[0]))
        return ranked[0][0] if ranked else None

    @property
    def uniform(self) -> bool:
        return len(self.counts) == 1

    @property
    def once(self) -> bool:
        return len(self.decorated) >= 2 and len({t.style for t in self.decorated}) == 1


@dataclass(frozen=True, slots=True)
class AppScope:
    """One Celery app's configuration: which app, and where a global default for it goes.

    ``place`` is the first Celery setting of the file that holds most of the
    app's settings (a Django settings module, a config module), else the
    app's ``Celery(...)`` call; None when neither was found.
    """

    app: str | None
    place: Location | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """How the tasks of one app make one choice (a time limit, a result policy).

    ``once`` is true when at least two tasks of the app lack the choice and
    which ones is known: one setting in the app's configuration (at
    ``scope.place``) settles it for every task that does not make its own
    (a task's option wins over the global), so it is one decision, whatever
    the others do. Otherwise the tasks that lack it are each a place to fix.
    """

    @property
    def lacking(self) -> tuple[Task, ...]:
        """The tasks the app-wide setting would settle: those that do not make the choice."""
        return tuple(t for t in self.tasks if t not in self.made)

    scope: AppScope
    tasks: tuple[Task, ...]
    made: tuple[Task, ...]  # the tasks that make the choice (their own option, or a global)
    once: bool


@dataclass(frozen=True, slots=True)
class CommandTask:
    """A task whose body runs a management command (``call_command(...)``)."""

    task: Task
    call: Location
    only: bool  # the call is (nearly) all the body does: the task wraps the command


@dataclass(frozen=True, slots=True)
class CommandDispatch:
    """A management command that sends a task (``.delay()``, ``.apply_async()``...)."""

    command: str  # the command module's path
    site: Location
    task: str | None  # the registered name sent, when known


@dataclass(frozen=True, slots=True)
class TaskOrCommand:
    """Task vs management command vs service function, as the code answers it today.

    The guideline: tasks are triggered by views or beat, management commands
    are for ad-hoc command-line runs, and business logic belongs in a service
    function a task calls (long task bodies are TA202's concern).
    """

    commands: tuple[str, ...] = ()  # paths of the management command modules
    command_tasks: tuple[CommandTask, ...] = ()
    dispatching: tuple[CommandDispatch, ...] = ()


@dataclass(frozen=True, slots=True)
class HeavyQueue:
    """The heavy queue: which tasks run there, by which means, and who consumes it."""

    name: str = "heavy"
    tasks: tuple[Task, ...] = ()  # the tasks whose effective queue it is
    routes: tuple[RouteItem, ...] = ()  # `task_routes` entries sending work there
    consumers: tuple[str, ...] = ()  # "path:line (context)" of the workers consuming it


@dataclass(frozen=True, slots=True)
class Decisions:
    styles: DeclarationStyles = field(default_factory=DeclarationStyles)
    time_limits: tuple[Choice, ...] = ()  # per app
    result_policies: tuple[Choice, ...] = ()  # per app
    task_or_command: TaskOrCommand = field(default_factory=TaskOrCommand)
    heavy: HeavyQueue = field(default_factory=HeavyQueue)
    results: ResultPolicy = field(default_factory=ResultPolicy)
    beat_lock: BeatLock = field(default_factory=BeatLock)
