"""The effective Celery configuration, merged the way Celery loads it.

``config_from_object("django.conf:settings", namespace="CELERY")`` reads the
Django settings module (and the modules it star-imports, which come first);
a dotted module, class or dict target reads that object. Writes on the app
(``Celery(**kwargs)``, ``app.conf.x = ...``, ``app.conf.update(...)``) come
after the source. Which settings module a deployment uses is often chosen
by an environment variable: every settings module found is merged, base
modules first, and the report says which ones were read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from taskaudit.celery.settings import BEFORE_5_7, Release, ResolvedConfig, SettingWrite, resolve
from taskaudit.core.location import Location
from taskaudit.core.values import Dict, Ref, Unknown, Value
from taskaudit.extract.config import ConfigSource
from taskaudit.facts import PythonFacts
from taskaudit.link.coverage import Gap


@dataclass(frozen=True, slots=True)
class ConfigView:
    resolved: ResolvedConfig
    namespace: str | None
    sources: tuple[str, ...]  # module / object paths that were read, in order
    apps: tuple[str, ...]
    # What this configuration may set that taskaudit could not read.
    gaps: tuple[Gap, ...] = ()


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


def app_configs(
    modules: Mapping[str, PythonFacts],
    apps: tuple[str, ...],
    canonical: Callable[[str], str],
    release: Release = BEFORE_5_7,
) -> AppConfigs:
    """Each app's configuration, read the way ``release`` (the project's Celery) reads it."""
    sources = sorted(
        (s for f in modules.values() for s in f.config.sources),
        key=lambda s: (not _reads_django(s), s.location.path, s.location.line),
    )
    by_app: dict[str, ConfigView] = {}
    for source in sources:
        app = canonical(source.app)
        if app not in by_app:
            by_app[app] = _view(modules, apps, source, app, canonical, release)
    if sources:
        main = by_app[canonical(sources[0].app)]
    else:
        main = _view(modules, apps, None, apps[0] if apps else None, canonical, release)
    return AppConfigs(main, by_app)


def effective_config(modules: Mapping[str, PythonFacts], apps: tuple[str, ...]) -> ConfigView:
    """The main app's configuration (see ``app_configs``)."""
    return app_configs(modules, apps, lambda name: name).main


def _reads_django(source: ConfigSource) -> bool:
    target = source.target
    return target in ("django.conf:settings", "django.conf.settings") or (
        isinstance(target, Ref) and target.qualname == "django.conf.settings"
    )


@dataclass(frozen=True, slots=True)
class _Source:
    """What one configuration source reads: names shown, names fetched, inline writes."""

    namespace: str | None = None
    shown: tuple[str, ...] = ()
    fetch: tuple[str, ...] = ()
    inline: tuple[SettingWrite, ...] = ()
    django: bool = False
    gaps: tuple[Gap, ...] = ()


def _source(modules: Mapping[str, PythonFacts], source: ConfigSource | None) -> _Source:
    if source is None:
        if not any(_has_celery_writes(f) for f in modules.values()):
            return _Source()
        # No visible config_from_object (an app built in a factory): Django
        # projects overwhelmingly use the CELERY namespace.
        read = tuple(_django_settings_modules(modules))
        return _Source("CELERY", read, read, django=True)
    namespace = source.namespace if isinstance(source.namespace, str) else None
    gaps = []
    if isinstance(source.namespace, Unknown):
        gaps.append(
            _gap(f"the namespace of `config_from_object` is {source.namespace.reason}", source)
        )
    target = source.target
    if _reads_django(source):
        read = tuple(_django_settings_modules(modules))
        return _Source(namespace, read, read, django=True, gaps=tuple(gaps))
    if isinstance(target, str | Ref):
        name = target.replace(":", ".") if isinstance(target, str) else target.qualname
        return _Source(namespace, (name,), (name,), gaps=tuple(gaps))
    if isinstance(target, Dict):
        name, literal = _dict_target(modules, source, target)
        fetch = () if literal else (name,)
        return _Source(namespace, (name,), fetch, tuple(literal), gaps=tuple(gaps))
    reason = target.reason if isinstance(target, Unknown) else "not a module, class or dict"
    gaps.append(_gap(f"the object handed to `config_from_object` is {reason}", source))
    return _Source(namespace, gaps=tuple(gaps))


def _view(
    modules: Mapping[str, PythonFacts],
    apps: tuple[str, ...],
    source: ConfigSource | None,
    app: str | None,
    canonical: Callable[[str], str],
    release: Release,
) -> ConfigView:
    found = _source(modules, source)
    where = source.location if source is not None else None
    gaps = list(found.gaps)
    if found.django:
        gaps += _settings_gaps(modules, list(found.shown), where)
    writes = list(found.inline)
    for name in found.fetch:
        written = _writes_of(modules, name)
        if written is None:
            reason = f"the configuration `{name}` is not in the scanned tree"
            gaps.append(Gap("config", reason, "source-roots", where))
        writes += written or []
    # `from proj import celery_app` reaches the same app under another name.
    app_writes = [
        w
        for f in modules.values()
        for container, w in f.config.writes
        if container.startswith("app:") and (app is None or canonical(container[4:]) == app)
    ]
    app_writes.sort(key=lambda w: (w.via != "celery-kwarg", w.location.path, w.location.line))
    writes += app_writes
    gaps += [
        Gap("config", f"{w.value.reason} at {w.location.path}:{w.location.line}", None, w.location)
        for w in writes
        if w.key == "*" and isinstance(w.value, Unknown)
    ]
    resolved = resolve(writes, found.namespace, release)
    return ConfigView(resolved, found.namespace, found.shown, apps, tuple(sorted(set(gaps))))


def _gap(reason: str, source: ConfigSource) -> Gap:
    return Gap("config", reason, "settings", source.location)


def _writes_of(modules: Mapping[str, PythonFacts], name: str) -> list[SettingWrite] | None:
    """The writes of a configuration module, class or dict; None when it is not in the tree."""
    if name in modules:
        return [w for c, w in modules[name].config.writes if c == "module"]
    module = name.rpartition(".")[0]
    facts = modules.get(module)
    if facts is None:
        return None
    wanted = {f"class:{name}", f"dict:{name}"}
    return [w for c, w in facts.config.writes if c in wanted]


def _dict_target(
    modules: Mapping[str, PythonFacts], source: ConfigSource, target: Dict
) -> tuple[str, list[SettingWrite]]:
    """The name of a dict handed to ``config_from_object``, or its writes when written inline.

    The extractor has already replaced a module-level name by its value, so the
    named dict is found again by its content, to keep its name and lines.
    """
    items = [(k, v) for k, v in target.items if isinstance(k, str)]
    for facts in modules.values():
        containers: dict[str, list[SettingWrite]] = {}
        for container, write in facts.config.writes:
            if container.startswith("dict:") and write.location.path == source.location.path:
                containers.setdefault(container[5:], []).append(write)
        for name, found in sorted(containers.items()):
            if [(w.key, w.value) for w in found] == items:
                return name, []
    where = source.location
    literal = [SettingWrite(k, v, where, "dict") for k, v in items]
    return f"dict at {where.path}:{where.line}", literal


def is_settings_module(module: str) -> bool:
    """A Django settings module by its name, when no DJANGO_SETTINGS_MODULE hint names one."""
    return "settings" in module.split(".") or module.endswith("settings")


def _settings_gaps(
    modules: Mapping[str, PythonFacts], read: list[str], where: Location | None
) -> list[Gap]:
    """Why the Django settings read may not be the ones Celery reads."""
    if not read:
        return [Gap("config", "no Django settings module was found", "settings", where)]
    missing = sorted(
        {
            value
            for f in modules.values()
            for _, value in f.config.settings_module_hints
            if isinstance(value, str) and value not in modules
        }
    )
    return [
        Gap("config", f"DJANGO_SETTINGS_MODULE names `{m}`, which is not in the scanned tree",
            "source-roots", where)
        for m in missing
    ]  # fmt: skip


def _django_settings_modules(modules: Mapping[str, PythonFacts]) -> list[str]:
    hinted = [
        value
        for f in modules.values()
        for _, value in f.config.settings_module_hints
        if isinstance(value, str) and value in modules
    ]
    roots = sorted(set(hinted)) or sorted(m for m in modules if is_settings_module(m))
    ordered: list[str] = []

    def visit(module: str, depth: int) -> None:
        if module in ordered or module not in modules or depth > 20:
            return
        for base in modules[module].config.star_imports:
            visit(base, depth + 1)
        ordered.append(module)

    for root in roots:
        visit(root, 0)
    return ordered


def _has_celery_writes(facts: PythonFacts) -> bool:
    return any(c == "module" and w.key.startswith("CELERY_") for c, w in facts.config.writes)


def value_of(view: ConfigView, setting: str) -> Value:
    return view.resolved.get(setting).value
