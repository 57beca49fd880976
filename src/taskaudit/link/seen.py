"""Computing the project model's coverage (``taskaudit.link.coverage``) from what was read.

The task registry is incomplete when a Celery-shaped module could not be
parsed, when a decorator that looks like ``@<app>.task`` names an app that
is not in the scanned tree, or when the project uses Celery but declares no
task taskaudit can see. An app's configuration is opaque when its
``config_from_object`` target, its settings module or a ``conf.update(...)``
is computed or lies outside the tree (``taskaudit.link.settings``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from taskaudit.core.location import Location
from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.extract.tasks import TaskCandidate
from taskaudit.facts import FileFacts, PythonFacts
from taskaudit.link.coverage import AppSeen, Coverage, Gap, Hidden
from taskaudit.link.model import Project
from taskaudit.link.paths import Layout
from taskaudit.link.settings import AppConfigs
from taskaudit.rules.subjects import FieldValue, Undecidable

_TASK_ATTRS = frozenset({"task", "shared_task"})


def coverage(
    files: Sequence[FileFacts],
    modules: Mapping[str, PythonFacts],
    apps: tuple[str, ...],
    configs: AppConfigs,
    dropped: Sequence[TaskCandidate],
    task_count: int,
    commands: Sequence[CeleryCommand],
    *,
    unnamed: Sequence[Gap],
    autonames: Callable[[str, str], Iterable[str]],
    layout: Layout,
) -> Coverage:
    """What the model saw.

    ``unnamed`` are the registry gaps of autonames it could not read;
    ``autonames(module, function)`` gives the names a function of a file
    that could not be parsed would register.
    """
    failed = [
        f
        for f in files
        if f.failure is not None
        and f.role == "python"
        and layout.is_project_module(f.path, f.module)
    ]
    unparsed = tuple(f.path for f in failed)
    hidden = tuple(_hidden(f, autonames) for f in failed)
    used = task_count > 0 or any(_imports_celery(f) for f in modules.values())
    gaps = [*_registry_gaps(unparsed, hidden, modules, dropped, used, task_count), *unnamed]
    if not apps:
        gaps += no_app_gap(modules, task_count)
    for view in configs.views:
        gaps += view.gaps
    seen = []
    for app in apps:
        view = configs.for_app(app)
        state: Literal["read", "defaults", "opaque"] = (
            "opaque" if view.gaps else ("read" if view.sources else "defaults")
        )
        location = next(
            (a.location for f in modules.values() for a in f.config.apps if a.qualname == app),
            None,
        )
        seen.append(AppSeen(app, location, state, view.sources))
    return Coverage(
        apps=tuple(seen),
        celery_used=used,
        settings_read=configs.main.sources,
        unparsed=unparsed,
        workers_found=any(c.role in ("worker", "multi") for c in commands),
        beat_found=any(c.role == "beat" or c.embedded_beat for c in commands),
        gaps=tuple(sorted(set(gaps))),
    )


def registry_hides(gaps: Sequence[Gap], name: str) -> FieldValue:
    """False, unless a registry gap may hide a task registered as ``name`` (then why)."""
    for gap in gaps:
        reason = gap.hides(name)
        if reason is not None:
            return Undecidable(reason)
    return False


def registry_hides_matching(gaps: Sequence[Gap], matches: Callable[[str], bool]) -> str | None:
    """Why a registry gap may hide a task whose name ``matches`` accepts; None: none can."""
    for gap in gaps:
        reason = gap.hides_matching(matches)
        if reason is not None:
            return reason
    return None


def with_root_gaps(project: Project, gaps: Sequence[Gap]) -> Project:
    """The project with the gaps of its import roots (``taskaudit.roots``) in its coverage.

    Those gaps are about the registry as a whole (which name a module has),
    so subjects read them from ``Project.coverage`` like any other.
    """
    if not gaps:
        return project
    joined = tuple(sorted({*project.coverage.gaps, *gaps}))
    return dataclasses.replace(project, coverage=dataclasses.replace(project.coverage, gaps=joined))


def no_app_gap(modules: Mapping[str, PythonFacts], task_count: int) -> tuple[Gap, ...]:
    """A project that uses Celery with no app in sight: its configuration is unknown."""
    if task_count == 0 and not any(_imports_celery(f) for f in modules.values()):
        return ()
    reason = "no Celery app (`Celery(...)`) was found, so its configuration is unknown"
    return (Gap("config", reason, "celery-app"),)


def autoname_gaps(unreadable: Sequence[tuple[str, str, Location | None]], tasks: int) -> list[Gap]:
    """An app class whose ``gen_task_name`` cannot be read hides every autoname it gives."""
    return [
        Gap(
            "registry",
            f"`{cls}.gen_task_name` cannot be read ({why}), so the names of {tasks} task(s) "
            "declared without `name=` are unknown",
            None,
            where,
        )
        for cls, why, where in unreadable
    ]


def _imports_celery(facts: PythonFacts) -> bool:
    return any(target == "celery" or target.startswith("celery.") for _, target in facts.imports)


def _hidden(facts: FileFacts, autonames: Callable[[str, str], Iterable[str]]) -> Hidden:
    """The names a file that could not be parsed might register, from its text."""
    mentions = facts.mentions
    if mentions is None:
        return Hidden(facts.path, (), (), anything="its text could not be read")
    module = facts.module or ""
    derived = {name for f in mentions.functions for name in autonames(module, f)}
    names = tuple(sorted({*mentions.names, *derived}))
    computed = "names a task by a value computed at run time" if mentions.computed else None
    return Hidden(facts.path, names, mentions.functions, anything=computed)


def _registry_gaps(
    unparsed: tuple[str, ...],
    hidden: tuple[Hidden, ...],
    modules: Mapping[str, PythonFacts],
    dropped: Sequence[TaskCandidate],
    used: bool,
    task_count: int,
) -> list[Gap]:
    gaps = []
    if unparsed:
        shown = ", ".join(f"`{p}`" for p in unparsed[:3]) + (", ..." if len(unparsed) > 3 else "")
        reason = f"{len(unparsed)} Celery-shaped file(s) could not be parsed: {shown}"
        gaps.append(Gap("registry", reason, hidden=hidden))
    by_decorator: dict[str, list[TaskCandidate]] = {}
    for candidate in dropped:
        for decorator in {d.decorator for d in candidate.decorations}:
            by_decorator.setdefault(decorator, []).append(candidate)
    for decorator, candidates in sorted(by_decorator.items()):
        receiver, _, attr = decorator.rpartition(".")
        if attr not in _TASK_ATTRS or not receiver or receiver in modules:
            continue  # a module's own function named `task` (an invoke wrapper...)
        owner = receiver.rpartition(".")[0] or receiver
        if owner in modules:
            what, setting = "an app taskaudit cannot see being built", "celery-app"
        elif any(m.endswith(f".{owner}") for m in modules):
            what, setting = "a module found only under another import root", "source-roots"
        else:
            continue  # another library's `@x.task` (huey, rq...): not Celery's
        first = min(c.location for c in candidates)
        count = f"{len(candidates)} function(s) decorated with `@{decorator}`"
        gaps.append(Gap("registry", f"{count} name {what}", setting, first))
    if used and task_count == 0:
        reason = "the project uses Celery but no task declaration was recognised"
        gaps.append(Gap("registry", reason, "task-decorators"))
    return gaps
