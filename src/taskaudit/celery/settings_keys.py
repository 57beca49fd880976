"""Which setting, if any, Celery reads for a key written in a configuration.

Celery (``celery/app/utils.py`` ``detect_settings``, ``celery/utils/collections.py``
``ConfigurationView``) looks a setting ``x`` up as ``<PREFIX>X`` then ``x`` when
the configuration was loaded with ``config_from_object(..., namespace=...)``;
``x`` always exists among the defaults, so old names are never consulted. With
no namespace it reads the lowercase name or the code's old uppercase name.
Writes made on the app itself (``app.conf.x = ...``, ``app.conf.update(...)``,
``Celery(broker=...)``) are converted from old to new names before lookup, so
both families work there. Django exposes only uppercase settings, so under a
namespace a lowercase key in a settings module is not read (a deliberate
false negative for the rare non-Django namespaced object).

A ``CELERY_TASK_*``, ``CELERY_WORKER_*``, ``CELERY_BEAT_*``, ``CELERY_RESULT_*``
or ``CELERY_BROKER_*`` key that names no setting (``CELERY_TASK_MAX_RETRIES``)
is "unknown": those groups are Celery's own, so it is no setting at all.
Other unknown ``CELERY_*`` keys are left alone: extensions (RedBeat,
celery-once, celery-singleton) read their own keys under the same prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from taskaudit.celery import settings_table as table
from taskaudit.core.values import Value

Family = Literal["new", "old", "none"]
Status = Literal[
    "ok", "ignored-old-under-namespace", "doc-only", "misspelt", "unknown", "not-celery",
    "not-in-release",
]  # fmt: skip

CONF_VIAS = frozenset({"conf-attr", "conf-update", "celery-kwarg", "conf-mutate"})
_GROUPS = ("task_", "worker_", "beat_", "result_", "")
_OLD_PREFIXES = ("CELERYBEAT_", "CELERYD_", "CELERY_")
# Setting groups that are Celery's own: no extension adds names to them.
_OWN_GROUPS = ("TASK_", "WORKER_", "BEAT_", "RESULT_", "BROKER_")


@dataclass(frozen=True, slots=True)
class KeyInfo:
    setting: str | None  # the setting Celery reads for this key; None if it reads none
    family: Family
    status: Status
    suggestion: str | None  # the spelling that works in this context
    intended: str | None = None  # the setting a key that is not read was meant for


@dataclass(frozen=True, slots=True)
class _Index:
    defaults: dict[str, Value]
    counted: frozenset[str]  # names Celery counts when it decides the family
    old_to_new: dict[str, str]
    new_to_old: dict[str, str]
    doc_only: dict[str, str]
    misspelt: dict[str, str]


@cache
def index() -> _Index:
    defaults: dict[str, Value] = {name: default for name, _, default in table.SETTINGS}
    defaults.update(dict(table.EXTRA_SETTINGS))
    return _Index(
        defaults=defaults,
        counted=frozenset(name for name, _, _ in table.SETTINGS),
        old_to_new={old: new for new, old, _ in table.SETTINGS},
        new_to_old={new: old for new, old, _ in table.SETTINGS},
        doc_only=dict(table.DOC_ONLY),
        misspelt=dict(table.MISSPELT),
    )


def namespaced(setting: str, namespace: str) -> str:
    """The key Celery looks up for ``setting`` under ``namespace`` (its case follows the prefix)."""
    prefix = namespace.rstrip("_") + "_"
    key = prefix + setting
    return key.upper() if prefix.isupper() else key.lower()


def classify(key: str, namespace: str | None, *, via: str = "module") -> KeyInfo:
    """What Celery makes of ``key``, written through ``via``, under ``namespace``."""
    if via == "celery-kwarg":
        key = dict(table.CELERY_KWARGS).get(key, key)
    if via in CONF_VIAS:
        return _classify_conf(key, namespace)
    if namespace:
        return _classify_namespaced(key, namespace)
    return _classify_plain(key)


def _classify_plain(key: str) -> KeyInfo:
    idx = index()
    if key in idx.defaults:
        return KeyInfo(key, "new", "ok", None, key)
    if key in idx.old_to_new:
        return KeyInfo(idx.old_to_new[key], "old", "ok", None, idx.old_to_new[key])
    intended = idx.doc_only.get(key)
    status: Status = "doc-only"
    if intended is None:
        intended, status = _intended(key), "misspelt"
    if intended is None:
        return _unknown(key)
    # An uppercase key sits among uppercase (old) names, where only old names work.
    suggestion = idx.new_to_old.get(intended, intended) if key.isupper() else intended
    return KeyInfo(None, "none", status, suggestion, intended)


def _classify_namespaced(key: str, namespace: str) -> KeyInfo:
    idx = index()
    prefix = namespace.rstrip("_") + "_"
    name = _unprefixed(key, namespace)
    if name is not None:
        return KeyInfo(name, "new", "ok", None, name)
    if not key.upper().startswith(("CELERY", "BROKER_", prefix.upper())):
        # S3_BUCKET, DATABASE_URL...: old Celery names that a Django project
        # far more likely means for something else.
        return KeyInfo(None, "none", "not-celery", None)
    status: Status = "ignored-old-under-namespace"
    intended = idx.old_to_new.get(key)
    if intended is None:
        intended, status = idx.doc_only.get(key), "doc-only"
    if intended is None:
        intended, status = _intended(key), "misspelt"
    if intended is None:
        return _unknown(key)
    return KeyInfo(None, "none", status, namespaced(intended, namespace), intended)


def _unknown(key: str) -> KeyInfo:
    """A key read by no Celery release: "unknown" in Celery's own groups, else not Celery's."""
    if key.startswith("CELERY_") and key[7:].startswith(_OWN_GROUPS) and key.isupper():
        return KeyInfo(None, "none", "unknown", None)
    return KeyInfo(None, "none", "not-celery", None)


def _classify_conf(key: str, namespace: str | None) -> KeyInfo:
    name = _unprefixed(key, namespace) if namespace else None
    if name is not None:
        return KeyInfo(name, "new", "ok", None, name)
    info = _classify_plain(key)
    if info.status == "ok" or info.intended is None:
        return info
    return KeyInfo(None, "none", info.status, info.intended, info.intended)


def _unprefixed(key: str, namespace: str) -> str | None:
    """The setting ``key`` names under ``namespace``, if it is exactly its namespaced spelling."""
    size = len(namespace.rstrip("_")) + 1
    name = key[size:].lower()
    return name if name in index().defaults and key == namespaced(name, namespace) else None


def _intended(key: str) -> str | None:
    """The setting an unread uppercase ``CELERY*`` key was evidently meant for, if unambiguous."""
    idx = index()
    if key != key.upper():
        return None
    if key in idx.misspelt:
        return idx.misspelt[key]
    for prefix in _OLD_PREFIXES:
        if key.startswith(prefix):
            rest = key[len(prefix) :].lower()
            if prefix == "CELERY_" and rest in idx.defaults:
                return rest
            found = sorted({group + rest for group in _GROUPS} & idx.defaults.keys())
            return found[0] if len(found) == 1 else None
    return None
