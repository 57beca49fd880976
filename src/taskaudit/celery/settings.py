"""The effective Celery configuration, from the setting writes an extractor found.

Mirrors how Celery builds ``app.conf`` (``celery/app/base.py`` ``_load_config``,
``celery/app/utils.py`` ``detect_settings``): app-side writes (``app.conf``,
``Celery(...)`` keyword arguments) form the first map, the configuration
object the second, Celery's defaults the last. Which key wins depends on the
map and on the spelling, not on the order of the writes; see ``_tier``.
Without a namespace Celery refuses to start (``ImproperlyConfigured``) when
the configuration mixes old and new names, unless both spellings of the same
setting are given: that is ``ResolvedConfig.mixed`` (rule TA1102).

Some of it depends on the release (``Release``, from ``celery.versions``):
under a namespace, 5.7.0 also reads old names (after every new spelling);
earlier releases ignore them. Old names that are read are deprecated for
removal in Celery 6 (``ResolvedConfig.deprecated``, rule TA1103).
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
    "BEFORE_5_7",
    "DeprecatedSetting",
    "Effective",
    "IgnoredSetting",
    "KeyInfo",
    "MixedFamilies",
    "Release",
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
    ``Dict((("k", v),))``), ``conf-mutate`` (``app.conf.x.append(...)``: an
    in-place change of whatever the app reads, ``value`` an ``Unknown``).
    ``conditional`` marks a write inside ``if``/``try``;
    ``condition`` says why else it may not apply (a settings module only some
    deployments use), and is the reason an unknown result gives.
    """

    key: str
    value: Value
    location: Location
    via: str
    conditional: bool = False
    condition: str | None = None


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
class DeprecatedSetting:
    """An old setting name that Celery reads, and warns will be removed in Celery 6."""

    key: str
    location: Location
    suggestion: str  # the new spelling, in this configuration's context
    namespaced: bool  # read as an old name under a namespace (Celery 5.7.0+)


@dataclass(frozen=True, slots=True)
class Release:
    """What the project's Celery does, where reading a configuration depends on the release.

    ``old_names_under_namespace`` is True when every release the project may
    run reads old names under a namespace, False when none does, None when
    they differ or no release is known. ``missing`` are settings that no
    release the project may run has at all.
    """

    old_names_under_namespace: bool | None = False
    missing: frozenset[str] = frozenset()


# Measured on every 5.x release before 5.7.0 (``celery.versions``).
BEFORE_5_7 = Release()


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
    deprecated: tuple[DeprecatedSetting, ...] = ()

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
    "unknown": "no Celery setting at all",
    "not-in-release": "a setting the project's Celery release does not have yet",
}
# Under a namespace, 5.7.0 reads an old name after every new spelling (measured:
# CELERY_TASK_ACKS_LATE, and a bare app.conf.task_acks_late, win over CELERY_ACKS_LATE).
_OLD_UNDER_NAMESPACE = 3


def resolve(
    writes: Sequence[SettingWrite], namespace: str | None, release: Release = BEFORE_5_7
) -> ResolvedConfig:
    """Apply ``writes`` (in the order they take effect) the way ``release`` reads them."""
    infos = [(w, _classify(w, namespace, release)) for w in writes]
    source = {w.key: w.location for w, i in reversed(infos) if _is_source(w, i)}
    family, mixed = (None, ()) if namespace else _families(source)
    defaults = index().defaults
    slots: dict[str, dict[int, Slot]] = {}
    history: dict[str, list[Location]] = {}
    deprecated: list[DeprecatedSetting] = []
    for write, info in infos:
        reading = _reading(write, info, namespace, family, source, release)
        if reading is None:
            continue
        setting, tier, why = reading
        why = why or write.condition
        fields = (write.via, write.value, write.conditional, write.location)
        apply(slots.setdefault(setting, {}), tier, fields, defaults[setting], why)
        history.setdefault(setting, []).append(write.location)
        if reading[2] is None and not mixed and _deprecated(write, info, namespace):
            suggestion = namespaced(setting, namespace) if namespace else setting
            deprecated.append(
                DeprecatedSetting(write.key, write.location, suggestion, bool(namespace))
            )
    effective = []
    for name in sorted(slots):
        value, decider = combine(slots[name], defaults[name])
        where = (decider.location, decider.via) if decider else (None, None)
        effective.append(Effective(name, value, *where, decider is None, tuple(history[name])))
    return ResolvedConfig(
        namespace=namespace,
        family=family,
        effective=tuple(effective),
        ignored=_ignored(infos, namespace, family, source, release),
        mixed=mixed,
        deprecated=tuple(sorted(deprecated, key=lambda d: (d.location, d.key))),
    )


def _reading(
    write: SettingWrite,
    info: KeyInfo,
    namespace: str | None,
    family: str | None,
    source: dict[str, Location],
    release: Release,
) -> tuple[str, int, str | None] | None:
    """(setting, tier, why it may not apply) for a write Celery reads; None when it reads none."""
    if info.status == "ignored-old-under-namespace" and info.intended is not None:
        if release.old_names_under_namespace is False:
            return None
        why = None
        if release.old_names_under_namespace is None:
            why = f"`{write.key}` is read under the namespace only from Celery 5.7.0 on"
        return info.intended, _OLD_UNDER_NAMESPACE, why
    if info.setting is None:
        return None
    tier = _tier(write, info, namespace, family, source)
    return None if tier is None else (info.setting, tier, None)


def _deprecated(write: SettingWrite, info: KeyInfo, namespace: str | None) -> bool:
    """An old name read from the configuration object: Celery warns it goes in Celery 6.

    Measured on every 5.x release: ``maybe_warn_deprecated_settings`` names
    each old key of the configuration object, with or without a namespace.
    """
    if write.via in CONF_VIAS:
        return False
    if namespace:
        return info.status == "ignored-old-under-namespace"
    return info.family == "old"


def _classify(write: SettingWrite, namespace: str | None, release: Release) -> KeyInfo:
    info = _classify_key(write, namespace)
    if info.setting is not None and info.setting in release.missing:
        return KeyInfo(None, "none", "not-in-release", None, info.setting)
    return info


def _classify_key(write: SettingWrite, namespace: str | None) -> KeyInfo:
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
    if write.via == "conf-mutate":
        return MUTATE  # changes the object the app reads, whichever map holds it
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
    release: Release,
) -> tuple[IgnoredSetting, ...]:
    new_in_use = family == "new" and any(k in index().counted for k in source)
    found = []
    for write, info in infos:
        if info.status in ("ok", "not-celery"):
            continue
        if info.status == "ignored-old-under-namespace" and release.old_names_under_namespace:
            continue  # read, and deprecated: ResolvedConfig.deprecated
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
