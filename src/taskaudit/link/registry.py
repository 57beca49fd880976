"""The task registry: which candidates are Celery tasks, their names and options.

Names follow Celery's ``gen_task_name``: an explicit ``name=`` wins, else the
defining module's dotted path plus the function (or class) name. Options are
folded in the order Celery applies them: global ``task_*`` settings feed
``Task`` class defaults, a ``base=`` class (or the app's ``task_cls``)
overrides those, the decorator's own options (after a project factory's)
override the base, and ``task_annotations`` are applied last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from taskaudit.celery.spellings import APP_NAMES, CURRENT_APP, LEGACY_TASK, SHARED_TASK, TASK_BASES
from taskaudit.core.values import Dict, Ref, Unknown, Value
from taskaudit.extract.tasks import TaskCandidate, TaskClass, TaskFactory
from taskaudit.facts import PythonFacts
from taskaudit.link.names import Names

# Task attributes whose class default comes from a global setting.
GLOBAL_DEFAULTS = {
    "acks_late": "task_acks_late",
    "time_limit": "task_time_limit",
    "soft_time_limit": "task_soft_time_limit",
    "ignore_result": "task_ignore_result",
    "reject_on_worker_lost": "task_reject_on_worker_lost",
    "rate_limit": "task_default_rate_limit",
    "track_started": "task_track_started",
    "serializer": "task_serializer",
}


@dataclass(frozen=True, slots=True)
class Declared:
    """A candidate confirmed as a task, before queues and globals are applied."""

    candidate: TaskCandidate | None
    cls: TaskClass | None
    module: str
    function: str
    style: str
    via: str | None
    app: str | None
    options: tuple[tuple[str, Value], ...]  # base < factory < decorator, in that order
    option_sources: tuple[tuple[str, str], ...]
    explicit: frozenset[str]
    name: Value


class Registry:
    def __init__(
        self,
        modules: Mapping[str, PythonFacts],
        names: Names,
        apps: frozenset[str],
        task_decorators: Sequence[str] = (),
    ) -> None:
        self.names = names
        self.apps = apps
        self.custom = frozenset(task_decorators)
        self.factories: dict[str, TaskFactory] = {}
        self.classes: dict[str, TaskClass] = {}
        for facts in modules.values():
            for factory in facts.factories:
                self.factories[factory.qualname] = factory
            for cls in facts.classes:
                self.classes[cls.qualname] = cls
        # `Celery(task_cls=...)`: the app's own Task class, every task's default base.
        self.task_cls: dict[str, str] = {}
        for facts in modules.values():
            for celery_app in facts.config.apps:
                cls_path = _class_path(dict(celery_app.options).get("task_cls"))
                if cls_path is not None:
                    self.task_cls[names.canonical(celery_app.qualname)] = cls_path
        self._task_class_cache: dict[str, bool] = {}

    def is_app(self, qualname: str) -> bool:
        target = self.names.canonical(qualname)
        if target in self.apps or target == CURRENT_APP:
            return True
        # An app we cannot see being built (a factory, a dynamic import) still
        # reads as one when it is named like one: `@app.task` is Celery's idiom.
        return not self.apps and target.rpartition(".")[2] in APP_NAMES

    def root_style(
        self, decorator: str, depth: int = 0
    ) -> tuple[str, str | None, str | None] | None:
        """(style, factory qualname, app) for a decorator path, or None if not Celery."""
        target = self.names.canonical(decorator)
        if target in SHARED_TASK:
            return "shared_task", None, None
        if target in LEGACY_TASK:
            return "legacy", None, None
        receiver, _, attr = target.rpartition(".")
        if attr == "task" and receiver and self.is_app(receiver):
            return "app.task", None, self.names.canonical(receiver)
        factory = self.factories.get(target)
        if factory is not None and depth < 8:
            root = self.root_style(factory.base, depth + 1)
            if root is not None:
                return root[0], target, root[2]
        if target in self.custom or attr in self.custom:
            return "shared_task", target, None
        return None

    def is_task_class(self, qualname: str, depth: int = 0) -> bool:
        target = self.names.canonical(qualname)
        if target in TASK_BASES:
            return True
        receiver, _, attr = target.rpartition(".")
        if attr == "Task" and receiver and self.is_app(receiver):
            return True
        cached = self._task_class_cache.get(target)
        if cached is not None:
            return cached
        cls = self.classes.get(target)
        result = (
            bool(cls)
            and depth < 16
            and any(
                self.is_task_class(base, depth + 1)
                for base in cls.bases  # type: ignore[union-attr]
            )
        )
        self._task_class_cache[target] = result
        return result

    def class_options(self, qualname: str, depth: int = 0) -> list[tuple[str, Value, str]]:
        """Options from a Task class and its project bases, most basic first."""
        cls = self.classes.get(self.names.canonical(qualname))
        if cls is None or depth > 16:
            return []
        found: list[tuple[str, Value, str]] = []
        for base in cls.bases:
            found += self.class_options(base, depth + 1)
        found += [
            (k, v, f"base:{cls.qualname}") for k, v in cls.attributes if not k.startswith("_")
        ]
        return found

    def declare(self, module: str, candidate: TaskCandidate) -> Declared | None:
        deco = candidate.decoration
        root = self.root_style(deco.decorator)
        if root is None:
            return None
        style, via, app = root
        options: list[tuple[str, Value, str]] = []
        explicit: set[str] = set()
        name: Value = None
        merged = dict(deco.options)
        base = merged.get("base")
        factory = self.factories.get(via) if via else None
        if factory is not None and base is None:
            base = dict(factory.options).get("base")
        if isinstance(base, Ref):
            options += self.class_options(base.qualname)
        elif base is None:
            # `@shared_task` binds to every app; with a single app its task_cls applies.
            owner = app or (next(iter(self.apps)) if len(self.apps) == 1 else None)
            if owner is not None and owner in self.task_cls:
                options += self.class_options(self.task_cls[owner])
        if factory is not None:
            options += [(k, v, f"factory:{factory.qualname}") for k, v in factory.options]
            explicit.update(k for k, _ in factory.options)
            if factory.name_param is not None and len(deco.args) > factory.name_param:
                name = deco.args[factory.name_param]
        options += [(k, v, "decorator") for k, v in deco.options]
        explicit.update(k for k, _ in deco.options)
        if deco.kwargs_unpacked:
            options.append(("*", Unknown("decorator **options"), "decorator"))
        for key, value, _ in options:
            if key == "name":
                name = value
        return Declared(
            candidate=candidate,
            cls=None,
            module=module,
            function=candidate.function,
            style=style,
            via=via or (base.qualname if isinstance(base, Ref) else None),
            app=app,
            options=tuple((k, v) for k, v, _ in options),
            option_sources=tuple((k, s) for k, _, s in options),
            explicit=frozenset(explicit),
            name=name,
        )

    def declare_class(self, module: str, cls: TaskClass) -> Declared:
        options = self.class_options(cls.qualname)
        name: Value = None
        for key, value, _ in options:
            if key == "name":
                name = value
        return Declared(
            candidate=None,
            cls=cls,
            module=module,
            function=cls.qualname.rpartition(".")[2],
            style="class",
            via=cls.qualname,
            app=None,
            options=tuple((k, v) for k, v, _ in options),
            option_sources=tuple((k, s) for k, _, s in options),
            explicit=frozenset(k for k, _ in cls.attributes),
            name=name,
        )


def _class_path(value: Value) -> str | None:
    """A ``task_cls`` value as a dotted path: a class, ``"pkg.mod:Cls"`` or ``"pkg.mod.Cls"``."""
    if isinstance(value, Ref):
        return value.qualname
    if isinstance(value, str) and value:
        return value.replace(":", ".")
    return None


def annotations_for(annotations: Value, name: str) -> list[tuple[str, Value]]:
    """``task_annotations`` options for one task: ``'*'`` first, then its own name."""
    if isinstance(annotations, Dict):
        found: list[tuple[str, Value]] = []
        for key in ("*", name):
            entry = annotations.get(key)
            if isinstance(entry, Dict):
                found += [(k, v) for k, v in entry.items if isinstance(k, str)]
        return found
    if isinstance(annotations, Unknown):
        return [("*", annotations)]
    return []
