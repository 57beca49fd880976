"""The effective Celery configuration, from the setting writes an extractor found.

Mirrors how Celery builds ``app.conf`` (``celery/app/base.py`` ``_load_config``,
``celery/app/utils.py`` ``detect_settings``): app-side writes (``app.conf``,
``Celery(...)`` keyword arguments) form the first map, the configuration
object the second, Celery's defaults the last. Which key wins depends on the
map and on the spelling, not on the order of the writes; see ``_tier``.
Without a namespace Celery refuses to start (``ImproperlyConfigured``) when
the configuration mixes old and new names, unless both spellings of the same
setting are given: that is ``ResolvedConfig.mixed`` (rule TA1102).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from taskaudit.celery.settings_keys import CONF_VIAS, KeyInfo, classify, index, namespaced
from taskaudit.celery.settings_merge import MUTATE, PARTIAL_VIAS, Slot, apply, combine
from taskaudit.core.location import Location
from taskaudit.core.values import Value

__all__ = [
    "Effective",
    "IgnoredSetting",
    "KeyInfo",
    "MixedFamilies",
    "ResolvedConfig",
    "SettingWrite",
    "classify",
    "is_setting_name",
    "resolve",
]


@dataclass(frozen=True, slots=True)
class SettingWrite:
    """One place that sets a Celery setting.

    ``key`` is exactly as written (``"CELERY_TASK_ROUTES"``, ``"broker_url"``).
    ``via`` is one of ``module`` / ``class`` / ``dict`` (the configuration
    object), ``conf-attr`` / ``conf-update`` / ``celery-kwarg`` (the app),
    ``item`` / ``update-call`` (a partial update of a dict setting: ``value``
    is then a ``Dict`` of the keys set, e.g. ``CELERY_X["k"] = v`` gives
    ``Dict((("k", v),))``). ``conditional`` marks a write inside ``if``/``try``.
    """

    key: str
    value: Value
    location: Location
    via: str
    conditional: bool = False


@dataclass(frozen=True, slots=True)
class Effective:
    setting: str
    value: Value
    location: Location | None  # the write that decided the value; None for the default
    via: str | None
    default: bool
    history: tuple[Location, ...] = ()  # every write Celery reads for it, in the given order


@dataclass(frozen=True, slots=True)
class IgnoredSetting:
    key: str
    location: Location
    status: str  # a KeyInfo status other than "ok" / "not-celery"
    reason: str
    suggestion: str | None
    intended: str | None


@dataclass(frozen=True, slots=True)
class MixedFamilies:
    new_keys: tuple[tuple[str, Location], ...]
    old_keys: tuple[tuple[str, Location], ...]
    minority: Literal["old", "new"]
    renames: tuple[tuple[str, str], ...]  # what Celery's error asks to rename, and to what


@dataclass(frozen=True, slots=True)
class ResolvedConfig:
    namespace: str | None
    family: Literal["old", "new"] | None  # None under a namespace (always new there)
    effective: tuple[Effective, ...]  # the settings written, by name
    ignored: tuple[IgnoredSetting, ...] = ()
    mixed: tuple[MixedFamilies, ...] = ()

    def get(self, name: str) -> Effective:
        """The effective value of setting ``name``; Celery's default when nothing sets it."""
        for effective in self.effective:
            if effective.setting == name:
                return effective
        defaults = index().defaults
        if name not in defaults:
            raise KeyError(f"{name!r} is not a Celery setting")
        return Effective(name, defaults[name], None, None, True)


def is_setting_name(key: str) -> bool:
    """Whether a module-level name could be read as a Celery setting, under any namespace.

    Extraction records only such names, so a settings module's hundreds of
    unrelated assignments never reach the resolver.
    """
    idx = index()
    if key in idx.defaults or key in idx.old_to_new or key in idx.doc_only:
        return True
    return key.isupper() and key.startswith(("CELERY", "BROKER_"))


_REASONS = {
    "ignored-old-under-namespace": "an old setting name, never read under namespace={ns!r}",
    "doc-only": "listed in Celery's docs, but Celery's code does not read this name",
    "misspelt": "not a name Celery reads",
}


def resolve(writes: Sequence[SettingWrite], namespace: str | None) -> ResolvedConfig:
    """Apply ``writes`` (in the order they take effect) the way Celery reads them."""
    infos = [(w, _classify(w, namespace)) for w in writes]
    source = {w.key: w.location for w, i in reversed(infos) if _is_source(w, i)}
    family, mixed = (None, ()) if namespace else _families(source)
    defaults = index().defaults
    slots: dict[str, dict[int, Slot]] = {}
    history: dict[str, list[Location]] = {}
    for write, info in infos:
        if info.setting is None:
            continue
        tier = _tier(write, info, namespace, family, source)
        if tier is None:
            continue
        fields = (write.via, write.value, write.conditional, write.location)
        apply(slots.setdefault(info.setting, {}), tier, fields, defaults[info.setting])
        history.setdefault(info.setting, []).append(write.location)
    effective = []
    for name in sorted(slots):
        value, decider = combine(slots[name], defaults[name])
        where = (decider.location, decider.via) if decider else (None, None)
        effective.append(Effective(name, value, *where, decider is None, tuple(history[name])))
    return ResolvedConfig(
        namespace=namespace,
        family=family,
        effective=tuple(effective),
        ignored=_ignored(infos, namespace, family, source),
        mixed=mixed,
    )


def _classify(write: SettingWrite, namespace: str | None) -> KeyInfo:
    info = classify(write.key, namespace, via=write.via)
    if namespace and write.via in PARTIAL_VIAS and info.status == "not-celery":
        # app.conf.beat_schedule["k"] = ...: Django never sees a lowercase
        # name, so this updates the dict the app reads, wherever it came from.
        app_side = classify(write.key, namespace, via="conf-attr")
        if app_side.status == "ok":
            return app_side
    return info


def _is_source(write: SettingWrite, info: KeyInfo) -> bool:
    return write.via not in CONF_VIAS and info.status == "ok"


def _tier(
    write: SettingWrite,
    info: KeyInfo,
    namespace: str | None,
    family: str | None,
    source: dict[str, Location],
) -> int | None:
    """Rank of a write in Celery's lookup (0 first), or None when Celery never reads it.

    Under a namespace the prefixed key is looked up first in every map, then
    the bare name; without one the new name first, then the old one. App-side
    writes are renamed into the detected family before the lookup.
    """
    app_side = write.via in CONF_VIAS
    if namespace:
        if write.via in PARTIAL_VIAS and write.key == info.setting:
            return MUTATE
        if not app_side:
            return 1
        return 0 if write.key == namespaced(info.setting or "", namespace) else 2
    if family != "old":
        return 0 if app_side else (1 if info.family == "new" else None)
    if app_side:
        return 1
    if info.family == "old":
        return 2
    old = index().new_to_old.get(write.key)
    return 0 if old is None or old in source else None


def _families(
    source: dict[str, Location],
) -> tuple[Literal["old", "new"], tuple[MixedFamilies, ...]]:
    idx = index()
    new = sorted((k for k in source if k in idx.counted), key=lambda k: (source[k], k))
    old = sorted((k for k in source if k in idx.old_to_new), key=lambda k: (source[k], k))
    # Celery keeps the new format on a tie.
    family: Literal["old", "new"] = "old" if len(old) > len(new) else "new"
    minority, convert = (new, idx.new_to_old) if family == "old" else (old, idx.old_to_new)
    left = sorted(k for k in minority if convert[k] not in source)
    if not left:
        return family, ()
    mixed = MixedFamilies(
        new_keys=tuple((k, source[k]) for k in new),
        old_keys=tuple((k, source[k]) for k in old),
        minority="new" if family == "old" else "old",
        renames=tuple((k, convert[k]) for k in left),
    )
    return family, (mixed,)


def _ignored(
    infos: list[tuple[SettingWrite, KeyInfo]],
    namespace: str | None,
    family: str | None,
    source: dict[str, Location],
) -> tuple[IgnoredSetting, ...]:
    new_in_use = family == "new" and any(k in index().counted for k in source)
    found = []
    for write, info in infos:
        if info.status in ("ok", "not-celery"):
            continue
        suggestion = info.suggestion
        if not namespace and new_in_use and write.via not in CONF_VIAS:
            suggestion = info.intended
        reason = _REASONS[info.status].format(ns=namespace)
        found.append(
            IgnoredSetting(
                write.key, write.location, info.status, reason, suggestion, info.intended
            )
        )
    return tuple(sorted(found, key=lambda i: (i.location, i.key)))
