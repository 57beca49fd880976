"""The settings Celery ignores, refuses or deprecates, in words, for the project's release.

What Celery makes of a setting name is ``taskaudit.celery.settings``; whether
that holds depends on the releases the project may run
(``taskaudit.link.version``). An old name under ``namespace="CELERY"`` is
never read before 5.7.0 and read, deprecated, from 5.7.0 on (measured on
every 5.x release): the text says which releases it was judged on and where
they were read, and when those releases disagree or none is known it says
that instead of claiming the name is never read.
"""

from __future__ import annotations

from collections.abc import Set

from taskaudit.celery import versions
from taskaudit.celery.settings import DeprecatedSetting, IgnoredSetting
from taskaudit.celery.settings_keys import namespaced
from taskaudit.link.model import SettingItem
from taskaudit.link.settings import ConfigView
from taskaudit.link.version import CeleryVersion

# Task options that no setting gives a global default, but `task_annotations` can.
_TASK_OPTIONS = frozenset(
    {"max_retries", "default_retry_delay", "autoretry_for", "retry_kwargs", "retry_backoff",
     "retry_backoff_max", "retry_jitter", "expires"}
)  # fmt: skip
_NEVER = "so its value never takes effect"


def setting_items(
    view: ConfigView, version: CeleryVersion, read_by_project: Set[str] = frozenset()
) -> tuple[SettingItem, ...]:
    """The problems of one configuration; names the project's own code reads are its own."""
    items = [
        _ignored(i, view, version)
        for i in view.resolved.ignored
        if not (i.status == "unknown" and i.key in read_by_project)
    ]
    items += [_deprecated(d, view, version) for d in view.resolved.deprecated]
    for mixed in view.resolved.mixed:
        minority = mixed.old_keys if mixed.minority == "old" else mixed.new_keys
        majority = "new" if mixed.minority == "old" else "old"
        for key, location in minority:
            detail = f"{mixed.minority}-style name among mostly {majority}-style names"
            items.append(SettingItem(key, None, location, "mixed", None, detail, "", version.shown))
    return tuple(sorted(items, key=lambda i: (i.location.path, i.location.line, i.key)))


def _ignored(item: IgnoredSetting, view: ConfigView, version: CeleryVersion) -> SettingItem:
    namespace = view.namespace
    fix = f"the name that works here is `{item.suggestion}`" if item.suggestion else ""
    already = _written(view, item.intended, item) if item.suggestion else None
    if already is not None:
        # The working name is there too: this line is dead, not a value to carry over.
        fix = f"`{item.suggestion}` is already set at {already}: delete this line"
    if item.status == "ignored-old-under-namespace":
        detail = _old_under_namespace(namespace, version)
    elif item.status == "unknown":
        detail = f"{item.reason}, {_NEVER}"
        fix = _unknown_fix(item.key)
    elif item.status == "not-in-release" and item.intended is not None:
        first = versions.SETTING_FIRST_RELEASE[item.intended]
        detail = (
            f"`{item.intended}`, a setting that Celery {version.shown} does not have "
            f"(it arrives in {first}), {_NEVER}"
        )
        fix = f"it needs Celery {first} or later"
    else:
        detail = f"{item.reason}, {_NEVER}"
    return SettingItem(
        item.key, item.intended, item.location, "ignored", item.suggestion, detail, fix,
        version.shown,
    )  # fmt: skip


def _written(view: ConfigView, setting: str | None, item: IgnoredSetting) -> str | None:
    """Where the project sets ``setting`` by a name other than ``item``'s (``path:line``)."""
    for effective in view.resolved.effective:
        if effective.setting != setting or effective.default:
            continue
        for where in effective.history or (effective.location,):
            if where is not None and where != item.location:
                return f"{where.path}:{where.line}"
    return None


def _old_under_namespace(namespace: str | None, version: CeleryVersion) -> str:
    ns = repr(namespace)
    if version.releases is None:
        return (
            f"an old setting name that Celery 5.6 and earlier never read under namespace={ns} "
            f"(5.7.0 reads it), and no Celery version was found ({version.reason})"
        )
    if version.reads_old_names_under_namespace() is None:
        return (
            f"an old setting name that Celery reads under namespace={ns} only from 5.7.0 on, "
            f"and the project may run {version.shown}: on the earlier ones its value never takes "
            "effect"
        )
    return (
        f"an old setting name, never read under namespace={ns} by Celery {version.shown}, {_NEVER}"
    )


def _unknown_fix(key: str) -> str:
    option = key.split("_", 2)[2].lower() if key.count("_") >= 2 else ""
    if key.startswith("CELERY_TASK_") and option in _TASK_OPTIONS:
        return (
            f"`{option}` is a task option: set it on the tasks, or for all of them with "
            f'`CELERY_TASK_ANNOTATIONS = {{"*": {{"{option}": ...}}}}`'
        )
    return "Celery has no such setting: remove it, or read it in the project's own code"


def _deprecated(item: DeprecatedSetting, view: ConfigView, version: CeleryVersion) -> SettingItem:
    suggestion = item.suggestion
    if item.namespaced:
        detail = (
            f"an old setting name that Celery {version.shown} reads under "
            f"namespace={view.namespace!r}, deprecated: Celery 6 removes it"
        )
        fix = f"the new name is `{suggestion}`"
    elif view.django:
        # Django keeps uppercase settings only: new names need the namespace.
        suggestion = namespaced(suggestion, "CELERY")
        detail = "an old-style setting name, read but deprecated: Celery 6 removes it"
        then = (
            "it keeps its name there"
            if suggestion == item.key
            else f"the new name is then `{suggestion}`"
        )
        fix = (
            'read the settings with `namespace="CELERY"` and rename every old name at once; ' + then
        )
    else:
        detail = "an old-style setting name, read but deprecated: Celery 6 removes it"
        fix = (
            f"the new name is `{suggestion}`; rename every old name of this "
            "configuration at once, since Celery refuses a mix of old and new names"
        )
    return SettingItem(
        item.key, None, item.location, "deprecated", suggestion, detail, fix, version.shown
    )
