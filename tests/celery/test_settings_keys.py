from __future__ import annotations

import pytest

from taskaudit.celery.settings_keys import KeyInfo, classify, namespaced


def ok(setting: str, family: str = "new") -> KeyInfo:
    return KeyInfo(setting, family, "ok", None, setting)  # type: ignore[arg-type]


def unread(status: str, suggestion: str, intended: str) -> KeyInfo:
    return KeyInfo(None, "none", status, suggestion, intended)  # type: ignore[arg-type]


NOT_CELERY = KeyInfo(None, "none", "not-celery", None)
# Celery's own groups hold no extension's key: a name there that is no setting is "unknown".
UNKNOWN = KeyInfo(None, "none", "unknown", None)
OLD = "ignored-old-under-namespace"

UNDER_CELERY_NAMESPACE = [
    ("CELERY_TASK_ROUTES", ok("task_routes")),
    ("CELERY_BROKER_URL", ok("broker_url")),
    ("CELERY_BEAT_SCHEDULE", ok("beat_schedule")),
    ("CELERY_TASK_TIME_LIMIT", ok("task_time_limit")),
    ("CELERY_REDIS_BACKEND_CREDENTIAL_PROVIDER", ok("redis_backend_credential_provider")),
    ("CELERYBEAT_SCHEDULE", unread(OLD, "CELERY_BEAT_SCHEDULE", "beat_schedule")),
    ("CELERY_ROUTES", unread(OLD, "CELERY_TASK_ROUTES", "task_routes")),
    ("CELERY_ACKS_LATE", unread(OLD, "CELERY_TASK_ACKS_LATE", "task_acks_late")),
    ("BROKER_URL", unread(OLD, "CELERY_BROKER_URL", "broker_url")),
    ("CELERYD_TASK_TIME_LIMIT", unread(OLD, "CELERY_TASK_TIME_LIMIT", "task_time_limit")),
    ("CELERY_TASK_RESULT_EXPIRES", unread(OLD, "CELERY_RESULT_EXPIRES", "result_expires")),
    ("CELERYD_TIME_LIMIT", unread("doc-only", "CELERY_TASK_TIME_LIMIT", "task_time_limit")),
    (
        "CELERY_SEND_SENT_EVENT",
        unread("doc-only", "CELERY_TASK_SEND_SENT_EVENT", "task_send_sent_event"),
    ),
    (
        "CELERY_EAGER_PROPAGATES",
        unread("doc-only", "CELERY_TASK_EAGER_PROPAGATES", "task_eager_propagates"),
    ),
    ("CELERY_TIME_LIMIT", unread("misspelt", "CELERY_TASK_TIME_LIMIT", "task_time_limit")),
    (
        "CELERY_SOFT_TIME_LIMIT",
        unread("misspelt", "CELERY_TASK_SOFT_TIME_LIMIT", "task_soft_time_limit"),
    ),
    ("CELERY_CONCURRENCY", unread("misspelt", "CELERY_WORKER_CONCURRENCY", "worker_concurrency")),
    ("CELERY_TASK_MAX_RETRIES", UNKNOWN),
    ("CELERY_WORKER_MAX_MEMORY", UNKNOWN),
    ("CELERY_BEAT_NAME_BY_TASK", UNKNOWN),
    ("CELERY_RESULT_KEEP", UNKNOWN),
    ("CELERY_BROKER_BACKEND", UNKNOWN),
    # Near misses: read as they are, or not Celery's at all.
    ("CELERY_RESULT_BACKEND", ok("result_backend")),
    ("CELERY_RESULT_EXPIRES", ok("result_expires")),
    ("CELERY_TASK_ALWAYS_EAGER", ok("task_always_eager")),
    ("CELERY_ENABLE_UTC", ok("enable_utc")),
    ("CELERY_ACCEPT_CONTENT", ok("accept_content")),
    ("DATABASES", NOT_CELERY),
    ("S3_BUCKET", NOT_CELERY),
    ("CELERY_SINGLETON_BACKEND_URL", NOT_CELERY),
    ("CELERY_REDBEAT_REDIS_URL", NOT_CELERY),
    ("CELERY_ONCE", NOT_CELERY),
    ("CELERY_SERIALIZER", NOT_CELERY),
    ("task_routes", NOT_CELERY),
    ("CELERY_task_routes", NOT_CELERY),
]


@pytest.mark.parametrize(("key", "expected"), UNDER_CELERY_NAMESPACE)
def test_under_the_celery_namespace(key: str, expected: KeyInfo) -> None:
    assert classify(key, "CELERY") == expected


WITHOUT_NAMESPACE = [
    ("task_routes", ok("task_routes")),
    ("broker_url", ok("broker_url")),
    ("redis_client_name", ok("redis_client_name")),
    ("CELERY_ROUTES", ok("task_routes", "old")),
    ("CELERYBEAT_SCHEDULE", ok("beat_schedule", "old")),
    ("BROKER_URL", ok("broker_url", "old")),
    ("CELERY_RESULT_BACKEND", ok("result_backend", "old")),
    ("ENABLE_UTC", ok("enable_utc", "old")),
    ("S3_BUCKET", ok("s3_bucket", "old")),
    ("CELERYD_TIME_LIMIT", unread("doc-only", "CELERYD_TASK_TIME_LIMIT", "task_time_limit")),
    ("CELERY_ENABLE_UTC", unread("doc-only", "ENABLE_UTC", "enable_utc")),
    ("CELERY_RESULT_EXPIRES", unread("doc-only", "CELERY_TASK_RESULT_EXPIRES", "result_expires")),
    ("CELERY_TASK_ROUTES", unread("misspelt", "CELERY_ROUTES", "task_routes")),
    ("CELERY_TIME_LIMIT", unread("misspelt", "CELERYD_TASK_TIME_LIMIT", "task_time_limit")),
    ("CELERY_SCHEDULE", unread("misspelt", "CELERYBEAT_SCHEDULE", "beat_schedule")),
    ("DATABASES", NOT_CELERY),
    ("task_routess", NOT_CELERY),
    ("CELERY_ONCE", NOT_CELERY),
    ("TASK_ROUTES", NOT_CELERY),
    ("CELERY_TASK_MAX_RETRIES", UNKNOWN),
    ("celery_task_max_retries", NOT_CELERY),
]


@pytest.mark.parametrize(("key", "expected"), WITHOUT_NAMESPACE)
def test_without_a_namespace(key: str, expected: KeyInfo) -> None:
    assert classify(key, None) == expected


APP_SIDE = [
    ("broker", "CELERY", "celery-kwarg", ok("broker_url")),
    ("backend", None, "celery-kwarg", ok("result_backend")),
    ("task_routes", "CELERY", "conf-attr", ok("task_routes")),
    ("CELERY_TASK_ROUTES", "CELERY", "conf-update", ok("task_routes")),
    # Celery renames old names written on the app, even under a namespace.
    ("CELERY_ROUTES", "CELERY", "conf-update", ok("task_routes", "old")),
    ("CELERY_TASK_ROUTES", None, "conf-update", unread("misspelt", "task_routes", "task_routes")),
    (
        "CELERYD_TIME_LIMIT",
        None,
        "conf-attr",
        unread("doc-only", "task_time_limit", "task_time_limit"),
    ),
    ("worker_concurency", None, "conf-attr", NOT_CELERY),
    ("broker", "CELERY", "conf-attr", NOT_CELERY),
]


@pytest.mark.parametrize(("key", "namespace", "via", "expected"), APP_SIDE)
def test_writes_on_the_app(key: str, namespace: str | None, via: str, expected: KeyInfo) -> None:
    assert classify(key, namespace, via=via) == expected


def test_another_namespace_reads_only_its_own_prefix() -> None:
    assert classify("TASKS_BROKER_URL", "TASKS") == ok("broker_url")
    assert classify("CELERY_BROKER_URL", "TASKS") == unread(
        "misspelt", "TASKS_BROKER_URL", "broker_url"
    )
    assert classify("celery_broker_url", "celery") == ok("broker_url")
    # A lowercase prefix makes Celery look up lowercase keys only.
    assert classify("CELERY_BROKER_URL", "celery") == unread(
        "misspelt", "celery_broker_url", "broker_url"
    )


def test_namespaced_follows_the_case_of_the_prefix() -> None:
    assert namespaced("task_routes", "CELERY") == "CELERY_TASK_ROUTES"
    assert namespaced("task_routes", "CELERY_") == "CELERY_TASK_ROUTES"
    assert namespaced("task_routes", "celery") == "celery_task_routes"
