"""The ``result_backend`` subject: each app's configured result backend, at its setting.

Read from the app's result decision (``taskaudit.link.decisions.ResultPolicy``),
the same value the report's "Result backend" decision point words.
"""

from __future__ import annotations

from collections.abc import Iterator

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown
from taskaudit.link.decisions import ResultPolicy
from taskaudit.link.model import Project
from taskaudit.link.subjects.kind import Kind
from taskaudit.link.subjects.values import as_number, as_str, undecidable
from taskaudit.rules.subjects import FieldValue, Subject


def _shown(policy: ResultPolicy) -> str:
    """The backend as a message names it: its value, or what it is read from."""
    backend = policy.backend
    if isinstance(backend, Unknown):
        return f"({backend.reason})"
    text = as_str(backend)
    return f"`{text}`" if isinstance(text, str) else "(none)"


def _never(policy: ResultPolicy) -> FieldValue:
    never = policy.expires_never
    return undecidable(never) if isinstance(never, Unknown) else never


RESULT_BACKEND: Kind[ResultPolicy] = Kind("result_backend")
_add = RESULT_BACKEND.add
# fmt: off
_add("backend", "str", "the configured `result_backend`", lambda p: as_str(p.backend))
_add("backend_shown", "str", "the backend for a sentence: its value, or what it is read from",
     _shown)
_add("expires", "float", "`result_expires` in seconds", lambda p: as_number(p.expires))
_add("expires_set", "bool", "`result_expires` is set explicitly (also to None)",
     lambda p: p.expires_set)
_add("expires_never", "bool", "`result_expires` is None or 0: results are kept forever", _never)
# fmt: on


def result_subjects(project: Project) -> Iterator[Subject]:
    """Each configured backend once, the project's app first, then the tasks' apps."""
    seen: set[Location] = set()
    for policy in (project.decisions.results, *(t.results for t in project.tasks)):
        if not policy.backend_set:
            continue
        where = policy.backend_at or Location(".", 1, 1)
        if where not in seen:
            seen.add(where)
            yield RESULT_BACKEND.subject(policy, where, f"result-backend:{where.path}")
