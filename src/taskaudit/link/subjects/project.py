"""The ``project`` subject: facts about the whole project, at its Makefile (or its root).

Beat facts come from the beat-lock decision (``taskaudit.link.decisions``),
the same answer the report's "Beat lock" decision point words. Results and
Sentry have their own subjects (``result_backend``, ``sentry``).
"""

from __future__ import annotations

import fnmatch

from taskaudit.core.location import Location
from taskaudit.link.decisions import CONVENTIONAL_MAKE_TARGETS
from taskaudit.link.model import Project
from taskaudit.link.subjects.kind import Kind
from taskaudit.link.subjects.sentry import project_instrumented
from taskaudit.rules.subjects import FieldValue, Subject


def provided_make_targets(project: Project) -> tuple[str, ...]:
    """Target names ``make`` answers: the targets, plus expected ones a pattern rule matches."""
    names = [t.name for t, _ in project.make_targets]
    # A pattern rule such as `%-logs:` answers `make celery-logs` as well.
    patterns = [name.replace("%", "*") for name in names if "%" in name]
    # Only for the conventional names (TA1001's docs): a team's own name must be a target.
    covered = [
        name
        for name in CONVENTIONAL_MAKE_TARGETS
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
    ]
    return tuple(sorted({*names, *covered}))


def expected_make_targets(project: Project) -> tuple[str, ...]:
    """The expected targets (TA1001's ``expected``) that this project's processes call for.

    ``beat-logs`` follows a beat process, so it is expected only where beat runs
    (a command starts it, a schedule is written or a scheduler configured), and
    ``celery-heavy-logs`` only where a heavy queue exists (tasks or routes go
    there, or a worker consumes it). Any other expected name always is.
    """
    lock = project.decisions.beat_lock
    heavy = project.decisions.heavy
    needed = {
        "beat-logs": bool(lock.starters or project.beat or lock.configured is not None),
        "celery-heavy-logs": bool(
            heavy.tasks
            or heavy.routes
            or heavy.consumers
            or any(q.name == heavy.name for q in project.queues)
            or any(isinstance(w.queues, tuple) and heavy.name in w.queues for w in project.workers)
        ),
    }
    return tuple(name for name in project.conventions.make_targets if needed.get(name, True))


def missing_make_targets(project: Project) -> tuple[str, ...]:
    """Expected targets that ``make`` does not answer: one TA1001 finding each."""
    provided = set(provided_make_targets(project))
    return tuple(sorted(n for n in set(expected_make_targets(project)) if n not in provided))


def _beat_commands(project: Project) -> FieldValue:
    counted = project.decisions.beat_lock.counted
    return tuple(f"{c.location.path}:{c.location.line}" for c in counted)


PROJECT: Kind[Project] = Kind("project")
_add = PROJECT.add
# fmt: off
_add("sentry.initialised", "bool", "`sentry_sdk.init(...)` is called somewhere",
     lambda p: bool(p.sentry.get("initialised")))
_add("sentry.celery_instrumented", "bool", "Sentry's Celery integration is active",
     project_instrumented)
_add("beat.processes", "int",
     "processes that can start beat (beat commands, `worker -B`, replicas)",
     lambda p: p.decisions.beat_lock.processes)
_add("beat.lock", "bool",
     "a beat lock (RedBeat, single-beat...) covers every process that can start beat",
     lambda p: p.decisions.beat_lock.locked)
_add("beat.commands", "list[str]", "`path:line` of every command that starts beat",
     _beat_commands)
_add("make.found", "bool", "a Makefile was found", lambda p: p.makefile is not None)
_add("make.targets", "list[str]", "Makefile target names",
     lambda p: tuple(t.name for t, _ in p.make_targets))
_add("make.provides", "list[str]",
     "target names `make` answers: the targets, plus the conventional Celery "
     "targets a `%` pattern rule such as `%-logs:` matches", provided_make_targets)
_add("make.expected", "list[str]",
     "the expected Celery targets this project calls for: `beat-logs` only where beat runs, "
     "`celery-heavy-logs` only where a heavy queue exists", expected_make_targets)
_add("workers.found", "bool", "at least one worker command was found",
     lambda p: bool(p.workers))
_add("tasks", "int", "number of tasks found", lambda p: len(p.tasks))
# fmt: on


def project_subject(project: Project) -> Subject:
    return PROJECT.subject(project, Location(project.makefile or ".", 1, 1), "project")
