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

from taskaudit.celery.settings import ResolvedConfig, SettingWrite, resolve
from taskaudit.core.values import Dict, Ref, Value
from taskaudit.extract.config import ConfigSource
from taskaudit.facts import PythonFacts


@dataclass(frozen=True, slots=True)
class ConfigView:
    resolved: ResolvedConfig
    namespace: str | None
    sources: tuple[str, ...]  # module / object paths that were read, in order
    apps: tuple[str, ...]


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
    modules: Mapping[str, PythonFacts], apps: tuple[str, ...], canonical: Callable[[str], str]
) -> AppConfigs:
    sources = sorted(
        (s for f in modules.values() for s in f.config.sources),
        key=lambda s: (not _reads_django(s), s.location.path, s.location.line),
    )
    by_app: dict[str, ConfigView] = {}
    for source in sources:
        app = canonical(source.app)
        if app not in by_app:
            by_app[app] = _view(modules, apps, source, app, canonical)
    if sources:
        main = by_app[canonical(sources[0].app)]
    else:
        main = _view(modules, apps, None, apps[0] if apps else None, canonical)
    return AppConfigs(main, by_app)


def effective_config(modules: Mapping[str, PythonFacts], apps: tuple[str, ...]) -> ConfigView:
    """The main app's configuration (see ``app_configs``)."""
    return app_configs(modules, apps, lambda name: name).main


def _reads_django(source: ConfigSource) -> bool:
    target = source.target
    return target in ("django.conf:settings", "django.conf.settings") or (
        isinstance(target, Ref) and target.qualname == "django.conf.settings"
    )


def _view(
    modules: Mapping[str, PythonFacts],
    apps: tuple[str, ...],
    source: ConfigSource | None,
    app: str | None,
    canonical: Callable[[str], str],
) -> ConfigView:
    namespace: str | None = None
    read: list[str] = []
    writes: list[SettingWrite] = []
    if source is not None:
        namespace = source.namespace if isinstance(source.namespace, str) else None
        target = source.target
        if _reads_django(source):
            read = _django_settings_modules(modules)
        elif isinstance(target, str):
            read = [target.replace(":", ".")]
        elif isinstance(target, Ref):
            read = [target.qualname]
        elif isinstance(target, Dict):
            name, literal = _dict_target(modules, source, target)
            read, writes = [name], literal
    elif any(_has_celery_writes(f) for f in modules.values()):
        # No visible config_from_object (an app built in a factory): Django
        # projects overwhelmingly use the CELERY namespace.
        namespace = "CELERY"
        read = _django_settings_modules(modules)
    for name in read:
        writes += _writes_of(modules, name)
    # `from proj import celery_app` reaches the same app under another name.
    app_writes = [
        w
        for f in modules.values()
        for container, w in f.config.writes
        if container.startswith("app:") and (app is None or canonical(container[4:]) == app)
    ]
    app_writes.sort(key=lambda w: (w.via != "celery-kwarg", w.location.path, w.location.line))
    writes += app_writes
    return ConfigView(resolve(writes, namespace), namespace, tuple(read), apps)


def _writes_of(modules: Mapping[str, PythonFacts], name: str) -> list[SettingWrite]:
    if name in modules:
        return [w for c, w in modules[name].config.writes if c == "module"]
    module = name.rpartition(".")[0]
    facts = modules.get(module)
    if facts is None:
        return []
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
