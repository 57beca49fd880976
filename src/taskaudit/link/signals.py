"""Project-wide signals: Sentry's wiring, incident notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from taskaudit.core.values import Unknown, Value
from taskaudit.facts import FileFacts, PythonFacts
from taskaudit.link.model import Task


def sentry_of(modules: Mapping[str, PythonFacts]) -> Mapping[str, Value]:
    inits = sorted(
        (s for f in modules.values() for s in f.sentry),
        key=lambda s: (s.location.path, s.location.line),
    )
    if not inits:
        return {"initialised": False, "celery_instrumented": None, "location": None}
    verdicts = [s.celery_instrumented for s in inits]
    instrumented: Value
    if any(v is True for v in verdicts):
        instrumented = True
    elif any(isinstance(v, Unknown) for v in verdicts):
        instrumented = Unknown("Sentry options computed at run time")
    else:
        instrumented = False
    first = inits[0].location
    return {
        "initialised": True,
        "celery_instrumented": instrumented,
        "location": f"{first.path}:{first.line}",
    }


def incidents_of(
    files: Sequence[FileFacts], tasks: Sequence[Task]
) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Each incident note with the registered names of the tasks it mentions."""
    by_token: dict[str, set[str]] = {}
    for task in tasks:
        for token in (task.name, task.function, task.expected_name):
            by_token.setdefault(token, set()).add(task.name)
    notes = []
    for f in files:
        if f.incident is None:
            continue
        mentioned: set[str] = set()
        for mention in f.incident.mentions:
            mentioned |= by_token.get(mention.token.strip("`()"), set())
        notes.append((f.path, f.incident.title, tuple(sorted(mentioned))))
    return tuple(sorted(notes))
