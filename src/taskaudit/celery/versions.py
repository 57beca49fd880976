"""Which Celery release does what: the known releases and the behaviour that moved between them.

Every entry was measured, not read from docs: ``bench/celery_measure.py``
installs each release into a throw-away virtualenv, loads every name of
``settings_table`` through ``app.config_from_object(obj, namespace="CELERY")``
and without a namespace, and reports what ``app.conf`` then holds
(tests/celery/test_versions.py repeats the numbers with their dates).

``RELEASES`` are Celery's final releases 4.0.0 to 5.7.0 as PyPI listed them
on ``RELEASES_LISTED`` (pre-releases left out: a specifier admits them only
when it names one). ``MEASURED`` are the releases the probe ran on (every
5.x release; Python 3.11). A behaviour is known only for those: for any other
release the helpers below answer None rather than extrapolate.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from packaging.version import Version

RELEASES_LISTED = "2026-12-01"
MEASURED_ON = "2026-12-01"

RELEASES: tuple[str, ...] = (
    "4.0.0", "4.0.1", "4.0.2", "4.1.0", "4.1.1", "4.2.0", "4.2.1", "4.2.2", "4.3.0", "4.3.1",
    "4.4.0", "4.4.1", "4.4.2", "4.4.3", "4.4.4", "4.4.5", "4.4.6", "4.4.7",
    "5.0.0", "5.0.1", "5.0.2", "5.0.3", "5.0.4", "5.0.5", "5.1.0", "5.1.1", "5.1.2",
    "5.2.0", "5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.6", "5.2.7",
    "5.3.0", "5.3.1", "5.3.4", "5.3.5", "5.3.6", "5.4.0",
    "5.5.0", "5.5.1", "5.5.2", "5.5.3", "5.6.0", "5.6.1", "5.6.2", "5.6.3", "5.7.0",
)  # fmt: skip

MEASURED: frozenset[str] = frozenset(r for r in RELEASES if r.startswith("5."))

Behaviour = Literal["old-names-under-namespace", "django-task-on-commit"]

# The first measured release that has the behaviour; every measured release
# before it lacks it and every one from it on has it.
FIRST_RELEASE: dict[Behaviour, str] = {
    # Under namespace="CELERY" an old name (CELERY_ROUTES, CELERYBEAT_SCHEDULE,
    # CELERY_ACKS_LATE, BROKER_URL...) sets its setting. Before 5.7.0 only the
    # 55 old names that are also the namespaced new name (CELERY_RESULT_BACKEND,
    # CELERY_TASK_SERIALIZER) are read; 5.7.0 reads all 198 of the table.
    "old-names-under-namespace": "5.7.0",
    # delay_on_commit()/apply_async_on_commit() on the task class an app uses
    # under Django (celery.contrib.django.task.DjangoTask); never on celery.Task.
    "django-task-on-commit": "5.4.0",
}

# Settings of ``settings_table`` that 5.0.0 lacks, and the first release that
# has them in ``celery.app.defaults``: an earlier one reads them under no spelling.
SETTING_FIRST_RELEASE: dict[str, str] = {
    "azureblockblob_base_path": "5.1.0",
    "azureblockblob_connection_timeout": "5.2.0",
    "azureblockblob_read_timeout": "5.2.0",
    "beat_cron_starting_deadline": "5.3.0",
    "broker_channel_error_retry": "5.3.0",
    "broker_connection_retry_on_startup": "5.3.0",
    "broker_native_delayed_delivery_queue_type": "5.5.0",
    "broker_pool_acquire_timeout": "5.7.0",
    "cassandra_bundle_path": "5.3.0",
    "control_queue_durable": "5.6.0",
    "control_queue_exclusive": "5.6.0",
    "database_create_tables_at_setup": "5.5.0",
    "database_engine_callback": "5.7.0",
    "event_queue_durable": "5.6.0",
    "event_queue_exclusive": "5.6.0",
    "gcs_base_path": "5.4.0",
    "gcs_bucket": "5.4.0",
    "gcs_project": "5.4.0",
    "gcs_ttl": "5.4.0",
    "redis_username": "5.1.0",
    "security_key_password": "5.3.0",
    "task_acks_on_failure": "5.7.0",
    "task_acks_on_timeout": "5.7.0",
    "task_allow_error_cb_on_chord_header": "5.3.0",
    "task_create_missing_queue_exchange_type": "5.6.0",
    "task_create_missing_queue_type": "5.6.0",
    "task_default_queue_type": "5.5.0",
    "task_store_eager_result": "5.1.0",
    "worker_cancel_long_running_tasks_on_connection_loss": "5.1.0",
    "worker_deduplicate_successful_tasks": "5.1.0",
    "worker_detect_quorum_queues": "5.5.0",
    "worker_disable_prefetch": "5.6.0",
    "worker_enable_prefetch_count_reduction": "5.4.0",
    "worker_enable_soft_shutdown_on_idle": "5.5.0",
    "worker_eta_task_limit": "5.6.0",
    "worker_soft_shutdown_timeout": "5.5.0",
}


# RELEASES are in PEP 440 order (a test checks): between two of them, their
# places compare as their versions do. That answers the common questions (a
# lock's pin, a behaviour's first release) without importing ``packaging``,
# whose import alone costs a scan served from the cache some 15 ms.
_PLACE = {release: index for index, release in enumerate(RELEASES)}


@cache
def _version(text: str) -> Version:
    from packaging.version import Version

    return Version(text)


def _at_least(release: str, first: str) -> bool:
    if release in _PLACE and first in _PLACE:
        return _PLACE[release] >= _PLACE[first]
    return _version(release) >= _version(first)


def is_version(text: str) -> bool:
    """Whether ``text`` is a PEP 440 version (``5.5.3``, ``5.7.0rc1``)."""
    if text in _PLACE:
        return True
    from packaging.version import InvalidVersion

    try:
        _version(text)
    except InvalidVersion:
        return False
    return True


def has(behaviour: Behaviour, release: str) -> bool | None:
    """Whether ``release`` has ``behaviour``; None for a release that was not measured."""
    if release not in MEASURED:
        return None
    return _at_least(release, FIRST_RELEASE[behaviour])


def has_setting(setting: str, release: str) -> bool | None:
    """Whether ``release`` knows ``setting`` at all; None for a release that was not measured."""
    if release not in MEASURED:
        return None
    first = SETTING_FIRST_RELEASE.get(setting)
    return first is None or _at_least(release, first)


def allowed(specifier: str) -> tuple[str, ...]:
    """The known releases a PEP 440 specifier set admits, oldest first (``""``: all)."""
    pinned = specifier.removeprefix("==")
    if pinned != specifier and pinned in _PLACE:  # "==5.5.3": that release alone
        return (pinned,)
    from packaging.specifiers import SpecifierSet

    return tuple(SpecifierSet(specifier).filter(RELEASES))


def ordered(releases: set[str] | frozenset[str]) -> tuple[str, ...]:
    """Releases sorted by PEP 440 order."""
    if all(r in _PLACE for r in releases):
        return tuple(sorted(releases, key=_PLACE.__getitem__))
    return tuple(sorted(releases, key=_version))
