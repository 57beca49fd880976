"""Following a task's calls into the project's own functions (``extract.body_helpers``).

Two facts cross such a call, read in the function it reaches:

- a retry: a bound task hands ``self`` to a function that calls
  ``<param>.retry(...)`` on the parameter receiving it, or passes it on to
  one that does. ``Task.retry`` re-sends the task whoever calls it (Celery
  user guide, "Retrying"), so the task declares a manual retry, with that
  call's ``countdown`` and ``max_retries``; it is recorded where the task
  calls the helper, so that messages point into the task's own file;
- a guard: a function whose body takes a lock (``select_for_update``, a
  cache ``add``, a redis ``SET NX`` or lock, ``.acquire()``), or returns an
  ``.exists()`` check, guards the side effects its result controls
  (``extract.body_calls`` says which). Those leave ``side_effects`` and are
  listed among the guards, each covering one (``Guard.covers``).

Depth is bounded: the function the task calls, and for a small one the
functions it calls in turn (one level more), never further. Only functions
the task's module names, by definition or by an import (a relative one
resolved), are followed: a function of the same name elsewhere in the
project is not the one called. A function in a module that was not read (or could not be parsed) is
simply not followed: the task keeps the findings its own body earns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from taskaudit.extract.body import Guard, HelperCall, RetryCall
from taskaudit.extract.body_guards import sort_guards
from taskaudit.extract.body_helpers import Helper
from taskaudit.facts import PythonFacts
from taskaudit.link.model import Task
from taskaudit.link.names import Names

_DEPTH = 2


class Helpers:
    """The summarised functions of the read modules, by canonical dotted path."""

    def __init__(self, modules: Mapping[str, PythonFacts], names: Names) -> None:
        self.index = {f"{m}.{h.name}": h for m, f in modules.items() for h in f.helpers}
        self.names = names

    def find(self, callee: str) -> tuple[str, Helper | None]:
        qualname = self.names.canonical(callee)
        return qualname, self.index.get(qualname)

    def retries(self, helper: Helper, at: int | str, depth: int = 1) -> list[RetryCall]:
        index = at if isinstance(at, int) else _index(helper.params, at)
        if index is None:
            return []
        found = [call for retried, call in helper.retries if retried == index]
        if found or depth >= _DEPTH:
            return found
        for forward in helper.forwards:
            for passed, where in forward.passes:
                inner = self.find(forward.callee)[1] if passed == index else None
                if inner is not None:
                    found += self.retries(inner, where, depth + 1)
        return found

    def guard(self, helper: Helper, depth: int = 1) -> tuple[str, str] | None:
        if helper.guard is not None or depth >= _DEPTH:
            return helper.guard
        for forward in helper.forwards:
            inner = self.find(forward.callee)[1]
            found = self.guard(inner, depth + 1) if inner is not None else None
            if found is not None:
                return found
        return None


def _index(params: Sequence[str], keyword: str) -> int | None:
    return params.index(keyword) if keyword in params else None


def follow_helpers(task: Task, helpers: Helpers) -> Task:
    """``task`` with what the functions its body calls do on its behalf."""
    body = task.body
    if body is None or not body.helper_calls:
        return task
    retries = list(body.retry_calls)
    guards = list(body.guards)
    for call in body.helper_calls:
        qualname, helper = helpers.find(call.callee)
        if helper is None:
            continue
        if call.task_at is not None and task.bound:
            via = task.first_param or "self"
            retries += [
                dataclasses.replace(r, location=call.location, via=via)
                for r in helpers.retries(helper, call.task_at)
            ]
        guards += _guards(call, qualname, helper, helpers)
    covered = {g.covers for g in guards if g.covers is not None}
    followed = dataclasses.replace(
        body,
        retry_calls=tuple(sorted(retries, key=lambda r: r.location)),
        guards=sort_guards(guards),
        side_effects=tuple(s for s in body.side_effects if s.location not in covered),
    )
    return task if followed == body else dataclasses.replace(task, body=followed)


def _guards(call: HelperCall, qualname: str, helper: Helper, helpers: Helpers) -> list[Guard]:
    found = []
    lock = helpers.guard(helper) if call.controls or call.follows else None
    if lock is not None:
        kind, detail = lock
        # A row lock holds for the rest of the transaction; a lock nobody tests excludes nothing.
        covered = (*call.controls, *call.follows) if kind == "select_for_update" else call.controls
        found += [Guard(call.location, kind, f"{detail} in {qualname}()", e) for e in covered]
    if helper.exists:
        detail = f"{qualname}() checks .exists()"
        found += [Guard(call.location, "exists-check", detail, e) for e in call.after_exit]
    return found
