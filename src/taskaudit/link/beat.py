"""Beat entries joined to the tasks they fire, with their schedules in words.

A dict entry names a task by its registered *name* (Celery looks it up in
the registry when the entry fires): a literal, or a task object's ``.name``;
any other name read from a variable is only known at run time. An
``add_periodic_task`` entry holds a signature of a task *object*, resolved
here through imports.
"""

from __future__ import annotations

from collections.abc import Mapping

from taskaudit.celery.schedules import parse_schedule
from taskaudit.core.values import Ref, render
from taskaudit.facts import PythonFacts
from taskaudit.link.model import BeatItem, Task
from taskaudit.link.names import Names
from taskaudit.link.settings_sources import Sources


def settings_variants(
    modules: Mapping[str, PythonFacts], names: Names, paths: Mapping[str, str]
) -> dict[str, tuple[str, ...]]:
    """The alternative settings modules each file's configuration belongs to, by path.

    Sibling Django settings modules that each star-import a shared base, and
    neither the other, are separate configurations (``DJANGO_SETTINGS_MODULE``
    picks one per process): a file only some of them run belongs to those.
    A file all of them run, and any other module, is in every one: left out.
    """
    roots = Sources(modules, names.canonical, paths).alternatives()
    owners: dict[str, list[str]] = {}
    for root, closure in roots.items():
        for module in closure:
            owners.setdefault(module, []).append(root)
    return {
        path: tuple(sorted(owners[module]))
        for path, module in paths.items()
        if module in owners and len(owners[module]) < len(roots)
    }


def beat_items(
    modules: Mapping[str, PythonFacts],
    names: Names,
    by_object: Mapping[str, Task],
    by_name: Mapping[str, Task],
    variants: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[BeatItem, ...]:
    items: list[BeatItem] = []
    for facts in modules.values():
        for entry in facts.beat:
            task: Task | None = None
            task_name: str | None = None
            if isinstance(entry.task, str):
                task_name = entry.task
                task = by_name.get(entry.task)
            elif isinstance(entry.task, Ref):
                target = names.canonical(entry.task.qualname)
                task = by_object.get(target)
                if entry.source == "dict":
                    task = task or _named_by(target, names, by_object)
                    # Anything else a dict entry's "task" reads from a name (an attribute
                    # of a plugin, an imported constant) is only known at run time.
                    task_name = task.name if task else None
                else:
                    task_name = task.name if task else target
            schedule = parse_schedule(entry.schedule)
            key = entry.key if isinstance(entry.key, str) else render(entry.key)
            if entry.source == "add_periodic_task" and entry.key is None:
                key = f"<unnamed: {render(entry.task)}>"
            items.append(
                BeatItem(
                    entry=entry,
                    key=key,
                    task_name=task_name,
                    task=task,
                    schedule_words=schedule.words,
                    schedule_text=schedule.text,
                    partial=schedule.partial,
                    # A file is the unit a reader opens: several dicts or handlers in
                    # one schedule module still show the whole schedule at once.
                    place=entry.location.path,
                    variants=(variants or {}).get(entry.location.path, ()),
                )
            )
    return tuple(sorted(items, key=lambda b: (b.entry.location.path, b.entry.location.line)))


def _named_by(target: str, names: Names, by_object: Mapping[str, Task]) -> Task | None:
    """``"task": send_digest.name``: the registered name of a task object."""
    owner, _, attribute = target.rpartition(".")
    return by_object.get(names.canonical(owner)) if attribute == "name" else None
