"""Choices one change can settle for many tasks: declaration style, time limits, result policy.

Each kind reads a decision of ``Project.decisions`` (``taskaudit.link.decisions``).
When the decision is made once for a whole app (or project), the kind yields
one subject at the place to change it (the app's configuration, the app's
definition), standing for every task it covers; otherwise one subject per
task, at the task, with the identity a task subject has (``task:<name>``),
so per-task findings keep their fingerprints. ``covers`` names what a
subject stands for, so one message reads true at either scale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from taskaudit.link.choices import has_time_limit
from taskaudit.link.decisions import STYLE_NAMES, Choice
from taskaudit.link.model import Project, Task
from taskaudit.link.subjects.kind import Kind
from taskaudit.link.subjects.values import unless_unseen
from taskaudit.rules.subjects import FieldValue, Subject, Undecidable


@dataclass(frozen=True, slots=True)
class ChoiceContext:
    """The tasks a subject stands for: one task, every task of an app, or of the project."""

    scope: str  # "task", "app" or "project"
    tasks: tuple[Task, ...]
    app: str | None
    project: Project
    of: int = 0  # the app's task count, when ``tasks`` are only those lacking the choice

    @property
    def task(self) -> Task | None:
        return self.tasks[0] if self.scope == "task" else None

    def unseen(self, value: FieldValue) -> FieldValue:
        """``value`` unless an absence rests on configuration taskaudit could not see."""
        return unless_unseen(value, self.tasks[0].config_gaps)


def _covers(c: ChoiceContext) -> str:
    if c.task is not None:
        return f"task `{c.task.function}`"
    some = f"{len(c.tasks)} of " if c.of > len(c.tasks) else ""
    total = c.of if some else len(c.tasks)
    if c.scope == "project" or c.app is None:
        return f"{some}the project's {total} tasks"
    return f"{some}the {total} tasks of app `{c.app or '?'}`"


def _common(kind: Kind[ChoiceContext]) -> None:
    # fmt: off
    kind.add("scope", "str", "`task` (one task decides alone), `app` or `project` (one change "
             "in one place settles it for every task listed in `tasks`)", lambda c: c.scope)
    kind.add("covers", "str", "what the subject stands for, as a message phrase: ``task `f` ``, "
             "``the 22 tasks of app `x` `` or ``3 of the 22 tasks of app `x` ``", _covers)
    kind.add("tasks", "list[str]", "registered names of the tasks it stands for",
             lambda c: tuple(t.name for t in c.tasks))
    kind.add("tasks.count", "int", "how many tasks it stands for", lambda c: len(c.tasks))
    kind.add("name", "str", "the task's registered name (scope `task`)",
             lambda c: c.task.name if c.task else None)
    kind.add("function", "str", "the task's function (scope `task`)",
             lambda c: c.task.function if c.task else None)
    kind.add("app", "str", "dotted path of the Celery app whose tasks these are", lambda c: c.app)
    # fmt: on


def _styles(c: ChoiceContext) -> FieldValue:
    counts = [(s, n) for s, n in c.project.decisions.styles.counts if s in STYLE_NAMES]
    if len(counts) == 1:
        return f"the project uses `{STYLE_NAMES[counts[0][0]]}` throughout"
    ranked = sorted(counts, key=lambda item: (-item[1], item[0]))
    parts = [f"{n} `{STYLE_NAMES[s]}`" for s, n in ranked]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else "".join(parts)
    return f"the project mixes {listed}"


DECLARATION_STYLE: Kind[ChoiceContext] = Kind("declaration_style")
_common(DECLARATION_STYLE)
# fmt: off
DECLARATION_STYLE.add("style", "str", "declaration style: shared_task, app.task or legacy "
                      "(scope `project`: the one style every task uses)",
                      lambda c: c.tasks[0].style)
DECLARATION_STYLE.add("decorator", "str", "the style as written: `@shared_task`, `@app.task`, "
                      "`@celery.task`", lambda c: STYLE_NAMES[c.tasks[0].style])
DECLARATION_STYLE.add("styles", "str", "how the project declares its tasks, as a phrase",
                      _styles)
# fmt: on


def _limited(c: ChoiceContext) -> FieldValue:
    if c.task is None:
        return c.unseen(False)  # an app's choice is once only when no task has a limit
    state = has_time_limit(c.task)
    if state is None:
        return Undecidable("a time limit is computed at run time")
    return c.unseen(state)


TIME_LIMITS: Kind[ChoiceContext] = Kind("time_limits")
_common(TIME_LIMITS)
TIME_LIMITS.add(
    "declared",
    "bool",
    "a soft or hard time limit applies (the task's own, a base class, annotations or a global)",
    _limited,
)


def _policy_set(c: ChoiceContext) -> FieldValue:
    task = c.task
    return c.unseen(task is not None and "ignore_result" in task.options)


RESULT_POLICY: Kind[ChoiceContext] = Kind("result_policy")
_common(RESULT_POLICY)
# fmt: off
RESULT_POLICY.add("policy_set", "bool",
                  "`ignore_result` set on the task (or its base, factory, annotations) or "
                  "globally (`task_ignore_result`)", _policy_set)
RESULT_POLICY.add("result_backend", "bool", "the app configures a result backend",
                  lambda c: c.unseen(c.tasks[0].results.backend_set))
RESULT_POLICY.add("result_backend_stated", "bool",
                  "the app states `result_backend = None`: no results stored, on purpose",
                  lambda c: c.tasks[0].results.stated_none)
# fmt: on


def _per_task(
    kind: Kind[ChoiceContext], tasks: Sequence[Task], project: Project
) -> Iterator[Subject]:
    for task in tasks:
        context = ChoiceContext("task", (task,), task.app, project)
        yield kind.subject(context, task.location, f"task:{task.name}")


def _choices(
    kind: Kind[ChoiceContext], choices: Sequence[Choice], project: Project
) -> Iterator[Subject]:
    for choice in choices:
        if not choice.once:
            yield from _per_task(kind, choice.tasks, project)
            continue
        app = choice.scope.app
        where = choice.scope.place or choice.tasks[0].location
        context = ChoiceContext("app", choice.lacking, app, project, len(choice.tasks))
        yield kind.subject(context, where, f"app:{app or '?'}")


def choice_subjects(project: Project) -> Iterator[Subject]:
    styles = project.decisions.styles
    if styles.once:
        where = styles.place or styles.decorated[0].location
        context = ChoiceContext("project", styles.decorated, None, project)
        yield DECLARATION_STYLE.subject(context, where, "project:declaration-style")
    else:
        yield from _per_task(DECLARATION_STYLE, styles.decorated, project)
    yield from _choices(TIME_LIMITS, project.decisions.time_limits, project)
    yield from _choices(RESULT_POLICY, project.decisions.result_policies, project)
