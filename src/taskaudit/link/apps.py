"""Which objects Celery uses as apps, beyond a literal ``Celery(...)``.

An app is whatever is built as one or used as one (Celery's "Application"
guide): ``app = ProjectCelery(...)`` where the class derives from
``celery.Celery`` in any scanned module; ``app = create_application()`` where
the function builds an app and returns it (its configuration, written to a
local inside the function, becomes the bound name's); ``app =
celery_class("x")`` where the callable is not in view but the name receives
``config_from_object``, ``autodiscover_tasks`` or ``app.conf`` writes. The
last one's class is not seen, so what that class itself sets is a gap.

``promote_apps`` returns the modules' facts with those apps added to
``config.apps``: every later step (registry, names, configuration) reads
apps from there and needs no second notion of "app".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from taskaudit.celery.settings import SettingWrite
from taskaudit.celery.spellings import CELERY_CLASSES
from taskaudit.core.values import Unknown
from taskaudit.extract.config import CeleryApp
from taskaudit.extract.tasks import TaskClass
from taskaudit.facts import PythonFacts
from taskaudit.link.names import Names


def promote_apps(
    modules: Mapping[str, PythonFacts], names: Names, named: str | None = None
) -> dict[str, PythonFacts]:
    """``modules`` with every object Celery uses as an app in ``config.apps``.

    ``named`` is the ``celery-app`` key: that object is an app, whatever builds it.
    """
    classes = {c.qualname: c for f in modules.values() for c in f.classes}
    factories = {
        names.canonical(app.qualname.removesuffix("()")): app
        for f in modules.values()
        for app in f.config.factories
    }
    used = _used_as_apps(modules, names)
    bound: dict[str, list[str]] = {}  # a factory's app -> the names its result is bound to
    promoted: dict[str, list[CeleryApp]] = {}
    extra: dict[str, list[tuple[str, SettingWrite]]] = {}
    for module, facts in modules.items():
        for candidate in facts.config.candidates:
            cls = names.canonical(candidate.cls)
            factory = factories.get(cls)
            if factory is not None:
                bound.setdefault(factory.qualname, []).append(candidate.qualname)
                app = replace(candidate, main=factory.main, options=factory.options)
                promoted.setdefault(module, []).append(replace(app, cls=factory.cls))
            elif _derives_from_celery(cls, classes, names):
                promoted.setdefault(module, []).append(candidate)
                extra.setdefault(module, []).extend(_kwargs(candidate))
            elif names.canonical(candidate.qualname) in used or (
                named is not None and names.canonical(candidate.qualname) == named
            ):
                promoted.setdefault(module, []).append(candidate)
                extra.setdefault(module, []).extend(_kwargs(candidate))
                reason = (
                    f"the class of the Celery app `{candidate.qualname}` is `{candidate.cls}`, "
                    "chosen at run time or outside the scanned tree, so what it sets is unknown"
                )
                unseen = SettingWrite("*", Unknown(reason), candidate.location, "conf-update")
                extra.setdefault(module, []).append((f"app:{candidate.qualname}", unseen))
    if not (promoted or bound):
        return dict(modules)
    return {
        module: _with(facts, promoted.get(module, []), extra.get(module, []), bound)
        for module, facts in modules.items()
    }


def _used_as_apps(modules: Mapping[str, PythonFacts], names: Names) -> set[str]:
    """Names that receive ``config_from_object``, ``autodiscover_tasks`` or ``conf`` writes."""
    used = {names.canonical(s.app) for f in modules.values() for s in f.config.sources}
    used |= {names.canonical(a.app) for f in modules.values() for a in f.config.autodiscover}
    used |= {
        names.canonical(container[4:])
        for f in modules.values()
        for container, _ in f.config.writes
        if container.startswith("app:")
    }
    return used


def _derives_from_celery(
    cls: str, classes: Mapping[str, TaskClass], names: Names, depth: int = 0
) -> bool:
    if cls in CELERY_CLASSES:
        return True
    found = classes.get(cls)
    if found is None or depth > 16:
        return False
    return any(
        _derives_from_celery(names.canonical(b), classes, names, depth + 1) for b in found.bases
    )


def _kwargs(app: CeleryApp) -> list[tuple[str, SettingWrite]]:
    return [
        (f"app:{app.qualname}", SettingWrite(option, value, app.location, "celery-kwarg"))
        for option, value in app.options
        if option not in ("main", "set_as_current")
    ]


def _with(
    facts: PythonFacts,
    apps: list[CeleryApp],
    extra: list[tuple[str, SettingWrite]],
    bound: Mapping[str, list[str]],
) -> PythonFacts:
    """``facts`` with ``apps`` added and each factory's configuration moved to its bound names."""
    config = facts.config
    if not (apps or extra or any(f.qualname in bound for f in config.factories)):
        return facts

    def targets(app: str) -> list[str]:
        return bound.get(app, [app])

    writes = tuple(
        (f"app:{target}", write) if container.startswith("app:") else (container, write)
        for container, write in (*config.writes, *extra)
        for target in (targets(container[4:]) if container.startswith("app:") else [""])
    )
    new = replace(
        config,
        apps=(*config.apps, *apps),
        sources=tuple(replace(s, app=t) for s in config.sources for t in targets(s.app)),
        autodiscover=tuple(replace(a, app=t) for a in config.autodiscover for t in targets(a.app)),
        writes=writes,
    )
    return replace(facts, config=new)
