"""What the files already read point at: modules the prefilter skipped but linking needs.

The linker follows names across modules (``Names.canonical``): a decorator
imported through a re-exporting module, a ``base=`` Task class or a
registered class defined in a plain module, a config module named by
``config_from_object``, a settings module named by ``DJANGO_SETTINGS_MODULE``
and what it star-imports. Such a module may hold no Celery spelling itself,
so this walk replays the linker's lookups over every discovered module and
names the ones still unread. The pipeline reads them and asks again until
nothing new is named.

Functions a task body hands work to (``link.helpers``: a retry helper, a
lock helper) are followed the same way, one level further for those reached.

The other direction — a skipped file decorated with a project factory whose
name says nothing about tasks (``@background``) — needs the factories' names:
``factory_words`` lists them for a word search over the skipped files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from taskaudit.core.values import Ref, Value
from taskaudit.facts import PythonFacts


def unread_modules(
    read: Mapping[str, PythonFacts | None], discovered: frozenset[str]
) -> frozenset[str]:
    """Discovered modules that the facts of ``read`` lead to and that are not read yet.

    ``read`` maps each read module to its facts (None: it failed to parse,
    which the linker treats as absent).
    """
    missing: set[str] = set()
    tables = {m: dict(f.imports) for m, f in read.items() if f is not None}
    classes = {c.qualname: c.bases for f in read.values() if f is not None for c in f.classes}

    def chase(qualname: str) -> str:
        """Follow ``qualname`` like the linker does; record the first unread module on the way."""
        seen: set[str] = set()
        while qualname not in seen:
            seen.add(qualname)
            parts = qualname.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                module = ".".join(parts[:cut])
                if module not in discovered:
                    continue
                if module not in read:
                    missing.add(module)
                    return qualname
                table = tables.get(module)
                if table is None:
                    continue
                target = table.get(parts[cut])
                if target is None or target == qualname:
                    return qualname
                qualname = ".".join([target, *parts[cut + 1 :]])
                break
            else:
                return qualname
        return qualname

    for facts in read.values():
        if facts is None:
            continue
        for name in _references(facts):
            chase(name)
        for module in _modules_named(facts):
            if module in discovered and module not in read:
                missing.add(module)
    # Functions a task body hands work to (link.helpers), and what those call in turn.
    reached = {chase(callee) for f in read.values() if f is not None for callee in _helped(f)}
    for module, facts in read.items():
        for helper in facts.helpers if facts is not None else ():
            if f"{module}.{helper.name}" in reached:
                for forward in helper.forwards:
                    chase(forward.callee)
    # Task classes: their project bases decide whether they are tasks at all.
    pending = [chase(q) for f in read.values() if f is not None for q in _class_roots(f)]
    visited: set[str] = set()
    while pending:
        qualname = pending.pop()
        if qualname in visited:
            continue
        visited.add(qualname)
        pending += [chase(base) for base in classes.get(qualname, ())]
    return frozenset(missing)


def _references(facts: PythonFacts) -> Iterable[str]:
    for task in facts.tasks:
        for decoration in task.decorations:
            yield decoration.decorator
            yield from _refs(dict(decoration.options).get("base"))
    for factory in facts.factories:
        yield factory.base
        yield from _refs(dict(factory.options).get("base"))
    for registration in facts.registrations:
        yield registration.receiver
    for site in facts.dispatch:
        if site.target:
            yield site.target
    for entry in facts.beat:
        yield from _refs(entry.task)
    config = facts.config
    for app in config.apps:
        yield app.qualname
        yield app.cls
    for source in config.sources:
        yield source.app
        yield from _refs(source.target)
        if isinstance(source.target, str):
            yield source.target.replace(":", ".")
    for discover in config.autodiscover:
        yield discover.app


def _helped(facts: PythonFacts) -> Iterable[str]:
    bodies = [t.body for t in facts.tasks] + [c.run for c in facts.classes]
    for body in bodies:
        for call in body.helper_calls if body is not None else ():
            yield call.callee


def _class_roots(facts: PythonFacts) -> Iterable[str]:
    for registration in facts.registrations:
        yield registration.cls
    for task in facts.tasks:
        for decoration in task.decorations:
            yield from _refs(dict(decoration.options).get("base"))
    for factory in facts.factories:
        yield from _refs(dict(factory.options).get("base"))
    for app in facts.config.apps:
        yield from _refs(dict(app.options).get("task_cls"))


def _modules_named(facts: PythonFacts) -> Iterable[str]:
    """Modules the settings linker opens by name, not through imports."""
    config = facts.config
    yield from config.star_imports
    for _, value in config.settings_module_hints:
        if isinstance(value, str):
            yield value
    for source in config.sources:
        target = source.target
        name = target.qualname if isinstance(target, Ref) else target
        if isinstance(name, str):
            name = name.replace(":", ".")
            yield name
            yield name.rpartition(".")[0]


def _refs(value: Value) -> Iterable[str]:
    if isinstance(value, Ref):
        yield value.qualname


def factory_words(
    read: Mapping[str, PythonFacts | None], task_decorators: Sequence[str]
) -> frozenset[str]:
    """Names a skipped file would use to declare a task that the prefilter cannot see.

    A name with ``task`` in it is already caught as a decorator by the
    prefilter; the rest (``background``, an import alias of a factory) need a
    word search.
    """
    words = {q.rpartition(".")[2] for q in task_decorators}
    words |= {f.qualname.rpartition(".")[2] for p in read.values() if p for f in p.factories}
    while True:
        aliases = {
            alias
            for p in read.values()
            if p is not None
            for alias, target in p.imports
            if target.rpartition(".")[2] in words
        }
        if aliases <= words:
            break
        words |= aliases
    return frozenset(w for w in words if w and "task" not in w.lower())


def word_pattern(words: Iterable[str]) -> re.Pattern[bytes] | None:
    ordered = sorted(set(words))
    if not ordered:
        return None
    return re.compile(rb"\b(?:" + b"|".join(re.escape(w.encode()) for w in ordered) + rb")\b")
