"""The effective Celery configuration of each app, merged the way Celery loads it.

``config_from_object("django.conf:settings", namespace="CELERY")`` reads the
Django settings (``taskaudit.link.settings_sources`` says which modules, in
which order); ``config_from_object(settings.CELERY)`` reads one dict of them;
a dotted module, class or dict target reads that object. Writes on the app
(``Celery(**kwargs)``, ``app.conf.x = ...``, ``app.conf.update(...)``) come
after the source. Each app reads its own configuration; what it may set that
taskaudit could not read is a ``Gap`` naming the key that would show it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from taskaudit.celery.settings import BEFORE_5_7, Release, ResolvedConfig, SettingWrite, resolve
from taskaudit.core.location import Location
from taskaudit.core.values import Dict, Ref, Unknown, Value
from taskaudit.extract.config import ConfigSource
from taskaudit.facts import PythonFacts
from taskaudit.link.coverage import Gap
from taskaudit.link.settings_sources import Sources, is_settings_module

__all__ = ["AppConfigs", "ConfigView", "Reading", "app_configs", "is_settings_module"]

_DJANGO = ("django.conf:settings", "django.conf.settings")
_DJANGO_SETTING = "django.conf.settings."


@dataclass(frozen=True, slots=True)
class ConfigView:
    resolved: ResolvedConfig
    namespace: str | None
    sources: tuple[str, ...]  # module / object paths that were read, in order
    apps: tuple[str, ...]
    # What this configuration may set that taskaudit could not read.
    gaps: tuple[Gap, ...] = ()
    django: bool = False  # read from Django's settings, which hold uppercase names only


@dataclass(frozen=True, slots=True)
class AppConfigs:
    """Each Celery app's configuration; ``main`` serves ``@shared_task`` and the project view.

    A repository may hold several apps (a Django one and a stand-alone
    maintenance app with its own config module): each reads its own
    settings, so one app's ``CELERY_ACKS_LATE`` never leaks into another's.
    """

    main: ConfigView
    by_app: Mapping[str, ConfigView]

    def for_app(self, app: str | None) -> ConfigView:
        return self.by_app.get(app, self.main) if app else self.main

    @property
    def views(self) -> tuple[ConfigView, ...]:
        unique = {id(v): v for v in (self.main, *self.by_app.values())}
        return tuple(unique.values())


@dataclass(frozen=True, slots=True)
class Reading:
    """What reading the configuration needs besides the modules.

    ``release``: how the project's Celery reads names; ``paths``: repository
    path to module, for split-settings includes; ``settings``: the
    ``[tool.taskaudit]`` key, the settings modules the deployment uses
    (``module`` or ``module:Class``); ``main_app``: the ``celery-app`` key.
    """

    release: Release = BEFORE_5_7
    paths: Mapping[str, str] = field(default_factory=dict)
    settings: tuple[str, ...] = ()
    main_app: str | None = None


def app_configs(
    modules: Mapping[str, PythonFacts],
    apps: tuple[str, ...],
    canonical: Callable[[str], str],
    reading: Reading | Release = BEFORE_5_7,
) -> AppConfigs:
    """Each app's configuration, read the way the project's Celery reads it."""
    if isinstance(reading, Release):
        reading = Reading(reading)
    sources = sorted(
        (s for f in modules.values() for s in f.config.sources),
        key=lambda s: (not _reads_django(s), s.location.path, s.location.line),
    )
    by_app: dict[str, ConfigView] = {}
    for source in sources:
        app = canonical(source.app)
        if app not in by_app:
            by_app[app] = _view(modules, apps, source, app, canonical, reading)
    main_app = canonical(reading.main_app) if reading.main_app else None
    if main_app in by_app:
        main = by_app[main_app]
    elif sources and main_app is None:
        main = by_app[canonical(sources[0].app)]
    else:
        main = _view(
            modules, apps, None, main_app or (apps[0] if apps else None), canonical, reading
        )
    if main_app is not None and not _built(modules, main_app, canonical):
        reason = f"`celery-app` names `{main_app}`, which no scanned module builds"
        main = replace(
            main, gaps=tuple(sorted({*main.gaps, Gap("config", reason, "source-roots")}))
        )
        by_app[main_app] = main
    return AppConfigs(main, by_app)


def _built(modules: Mapping[str, PythonFacts], app: str, canonical: Callable[[str], str]) -> bool:
    return any(canonical(a.qualname) == app for f in modules.values() for a in f.config.apps)


def effective_config(modules: Mapping[str, PythonFacts], apps: tuple[str, ...]) -> ConfigView:
    """The main app's configuration (see ``app_configs``)."""
    return app_configs(modules, apps, lambda name: name).main


def _reads_django(source: ConfigSource) -> bool:
    target = source.target
    return target in _DJANGO or (isinstance(target, Ref) and target.qualname == _DJANGO[1])


@dataclass(frozen=True, slots=True)
class _Source:
    """What one configuration source reads: the objects shown, and their writes."""

    namespace: str | None = None
    shown: tuple[str, ...] = ()
    writes: tuple[SettingWrite, ...] = ()
    gaps: tuple[Gap, ...] = ()
    django: bool = False


def _source(
    modules: Mapping[str, PythonFacts], source: ConfigSource | None, found: Sources
) -> _Source:
    where = source.location if source is not None else None
    if source is None:
        if not any(_has_celery_writes(f) for f in modules.values()):
            return _Source()
        # No visible config_from_object: Django projects overwhelmingly use the namespace.
        django = found.django(where)
        return _Source("CELERY", django.read, django.writes, django.gaps, True)
    namespace = source.namespace if isinstance(source.namespace, str) else None
    gaps = []
    if isinstance(source.namespace, Unknown):
        reason = f"the namespace of `config_from_object` is {source.namespace.reason}"
        gaps.append(Gap("config", reason, "settings", where))
    target = source.target
    if _reads_django(source):
        django = found.django(where)
        return _Source(namespace, django.read, django.writes, (*gaps, *django.gaps), True)
    if isinstance(target, Ref) and target.qualname.startswith(_DJANGO_SETTING):
        return _django_setting(
            target.qualname[len(_DJANGO_SETTING) :], namespace, gaps, found, where
        )
    if isinstance(target, str | Ref):
        name = target.replace(":", ".") if isinstance(target, str) else target.qualname
        written = found.object_writes(name)
        if written is None:
            reason = f"the configuration `{name}` is not in the scanned tree"
            gaps.append(Gap("config", reason, "source-roots", where))
        return _Source(namespace, (name,), tuple(written or ()), (*gaps, *found.gaps))
    if isinstance(target, Dict):
        name, writes = _dict_target(modules, source, target, found)
        return _Source(namespace, (name,), tuple(writes), tuple(gaps))
    reason = target.reason if isinstance(target, Unknown) else "not a module, class or dict"
    gaps.append(
        Gap("config", f"the object handed to `config_from_object` is {reason}", "settings", where)
    )
    return _Source(namespace, gaps=tuple(gaps))


def _django_setting(
    name: str, namespace: str | None, gaps: list[Gap], found: Sources, where: Location | None
) -> _Source:
    """``config_from_object(settings.CELERY)``: the dict a Django setting holds."""
    django = found.django(where)
    writes: list[SettingWrite] = []
    for write in (w for w in django.writes if w.key == name):
        value = write.value
        if write.via == "item" and isinstance(value, Dict):
            writes += _items(value, write)
        elif isinstance(value, Dict):
            writes = _items(value, write)  # a new dict replaces the one before
        else:
            shown = value.reason if isinstance(value, Unknown) else "not a dict"
            reason = f"the Django setting `{name}` handed to `config_from_object` is {shown}"
            gaps.append(Gap("config", reason, "settings", write.location))
            writes = []
    if not any(w.key == name for w in django.writes):
        reason = f"the Django setting `{name}` handed to `config_from_object` is not set"
        gaps.append(Gap("config", reason, "settings", where))
    defined = [w for w in django.writes if w.key == name]
    module = found.paths.get(defined[-1].location.path, "settings") if defined else "settings"
    return _Source(namespace, (f"{module}.{name}",), tuple(writes), (*gaps, *django.gaps))


def _items(value: Dict, write: SettingWrite) -> list[SettingWrite]:
    return [
        SettingWrite(k, v, write.location, "dict", write.conditional, write.condition)
        for k, v in value.items
        if isinstance(k, str)
    ]


def _view(
    modules: Mapping[str, PythonFacts],
    apps: tuple[str, ...],
    source: ConfigSource | None,
    app: str | None,
    canonical: Callable[[str], str],
    reading: Reading,
) -> ConfigView:
    found = _source(modules, source, Sources(modules, canonical, reading.paths, reading.settings))
    writes = list(found.writes)
    # `from proj import celery_app` reaches the same app under another name.
    app_writes = [
        w
        for f in modules.values()
        for container, w in f.config.writes
        if container.startswith("app:") and (app is None or canonical(container[4:]) == app)
    ]
    app_writes.sort(key=lambda w: (w.via != "celery-kwarg", w.location.path, w.location.line))
    writes += app_writes
    gaps = list(found.gaps) + _unseen(writes)
    resolved = resolve(writes, found.namespace, reading.release)
    gaps = sorted(set(gaps))
    return ConfigView(resolved, found.namespace, found.shown, apps, tuple(gaps), found.django)


def _unseen(writes: Sequence[SettingWrite]) -> list[Gap]:
    """``conf.update(**computed)``, a registry filling ``globals()``: any setting may be set."""
    return [
        Gap("config", w.value.reason, None, w.location)
        for w in writes
        if w.key == "*" and isinstance(w.value, Unknown)
    ]


def _dict_target(
    modules: Mapping[str, PythonFacts], source: ConfigSource, target: Dict, found: Sources
) -> tuple[str, list[SettingWrite]]:
    """The name of a dict handed to ``config_from_object``, and its writes.

    The extractor has already replaced a module-level name by its value, so the
    named dict is found again by its content, to keep its name and lines.
    """
    items = [(k, v) for k, v in target.items if isinstance(k, str)]
    for facts in modules.values():
        containers: dict[str, list[SettingWrite]] = {}
        for container, write in facts.config.writes:
            if container.startswith("dict:") and write.location.path == source.location.path:
                containers.setdefault(container[5:], []).append(write)
        for name, writes in sorted(containers.items()):
            if [(w.key, w.value) for w in writes] == items:
                return name, writes
    where = source.location
    return f"dict at {where.path}:{where.line}", [
        SettingWrite(k, v, where, "dict") for k, v in items
    ]


def _has_celery_writes(facts: PythonFacts) -> bool:
    return any(c == "module" and w.key.startswith("CELERY_") for c, w in facts.config.writes)


def value_of(view: ConfigView, setting: str) -> Value:
    return view.resolved.get(setting).value
