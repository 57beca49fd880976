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
from taskaudit.extract.tasks import Decoration, TaskCandidate, TaskClass, TaskFactory
from taskaudit.facts import PythonFacts
from taskaudit.link.autoname import Autonamer
from taskaudit.link.names import Names

# (style, factory qualname, app) of a Celery decorator
Root = tuple[str, str | None, str | None]

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
    name: Value  # the explicit name (None: autonamed)
    autoname: Value = None  # what the app's gen_task_name gives (Unknown: undecidable)
    inner: tuple[str, ...] = ()  # decorators below Celery's: they run inside the task


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
        self.autonames = Autonamer(modules, names, self.classes)

    def is_app(self, qualname: str) -> bool:
        target = self.names.canonical(qualname)
        if target in self.apps or target == CURRENT_APP:
            return True
        # An app we cannot see being built (a factory, a dynamic import) still
        # reads as one when it is named like one: `@app.task` is Celery's idiom.
        return not self.apps and target.rpartition(".")[2] in APP_NAMES

    def root_style(self, decorator: str, depth: int = 0) -> Root | None:
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

    def celery_decoration(self, candidate: TaskCandidate) -> tuple[Decoration, Root] | None:
        """The decorator that registers the function, and its root; None: not a task.

        Python applies decorators bottom-up, so the lowest Celery decorator is
        the one given the function; a decorator class must be called
        (``@retryable(...)``): applied bare it only builds an instance.
        """
        for deco in reversed(candidate.decorations):
            root = self.root_style(deco.decorator)
            if root is None:
                continue
            factory = self.factories.get(root[1]) if root[1] else None
            if factory is not None and factory.kind == "class" and not deco.called:
                continue
            return deco, root
        return None

    def declare(self, module: str, candidate: TaskCandidate) -> Declared | None:
        found = self.celery_decoration(candidate)
        if found is None:
            return None
        deco, (style, via, app) = found
        options: list[tuple[str, Value, str]] = []
        explicit: set[str] = set()
        factory = self.factories.get(via) if via else None
        given = call_site_options(factory, deco)
        base = dict(given).get("base")
        if factory is not None and base is None:
            base = dict(factory.options).get("base")
        if isinstance(base, Ref):
            options += self.class_options(base.qualname)
        elif base is None:
            # `@shared_task` binds to every app; with a single app its task_cls applies.
            owner = app or (next(iter(self.apps)) if len(self.apps) == 1 else None)
            if owner is not None and owner in self.task_cls:
                options += self.class_options(self.task_cls[owner])
        # A base class's `name` never names a function's task: Celery builds the task
        # type with `name=` or the autoname (Celery 5.5.3 and 5.6.3, measured).
        options = [o for o in options if o[0] != "name"]
        if factory is not None:
            own = [*factory.options, *factory_defaults(factory, given)]
            options += [(k, v, f"factory:{factory.qualname}") for k, v in own]
            explicit.update(k for k, _ in own)
        options += [(k, v, "decorator") for k, v in given]
        explicit.update(k for k, _ in given if k != "*")
        name: Value = None
        for key, value, _ in options:
            if key == "name":
                name = value
        named_module, named_function = module, candidate.function
        if factory is not None and factory.renamed is not None:
            named_module, _, named_function = factory.renamed.rpartition(".")
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
            autoname=self.autonames.name(app, named_module, named_function),
            inner=candidate.stack[deco.position + 1 :],
        )

    def declare_class(self, module: str, cls: TaskClass, app: str | None = None) -> Declared:
        """A Task class registered with ``app.register_task`` (``app``: the receiver's app)."""
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
            autoname=self.autonames.name(app, module, cls.qualname.rpartition(".")[2]),
        )


def call_site_options(factory: TaskFactory | None, deco: Decoration) -> list[tuple[str, Value]]:
    """The options a decorator's call site hands Celery, through the factory if any.

    Celery's own decorators and aliases take every keyword; a wrapper or a
    decorator class passes on the parameters it maps to options, and the
    other keywords only when it forwards ``**kwargs``.
    """
    given: list[tuple[str, Value]] = []
    if factory is None or factory.kind == "alias":
        given = list(deco.options)
        if deco.kwargs_unpacked:
            given.append(("*", Unknown("decorator **options")))
        return given
    by_param = dict(factory.mapped)
    for param, value in zip(factory.params, deco.args, strict=False):
        if param in by_param:
            given.append((by_param[param], value))
    for key, value in deco.options:
        if key in by_param:
            given.append((by_param[key], value))
        elif key not in factory.params and factory.forwards:
            given.append((key, value))
    if deco.kwargs_unpacked and (factory.forwards or by_param):
        given.append(("*", Unknown("decorator **options")))
    if factory.opaque:
        given.append(("*", Unknown(f"`{factory.qualname}` passes options computed at run time")))
    return given


def factory_defaults(
    factory: TaskFactory, given: list[tuple[str, Value]]
) -> list[tuple[str, Value]]:
    """A mapped parameter's default, when the call site leaves it out (``name=None``: autoname)."""
    filled = {k for k, _ in given}
    by_param = dict(factory.mapped)
    return [
        (by_param[param], value)
        for param, value in factory.defaults
        if by_param[param] not in filled and value is not None
    ]


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
