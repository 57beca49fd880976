from __future__ import annotations

import math

from taskaudit.celery import settings_table as table
from taskaudit.core.values import Dict, Seq

NEW = {name: (old, default) for name, old, default in table.SETTINGS}
OLD = {old: name for name, old, _ in table.SETTINGS}


def test_rows_are_sorted_and_unique() -> None:
    names = [name for name, _, _ in table.SETTINGS]
    assert names == sorted(set(names))
    assert len(OLD) == len(names)


def test_names_have_the_right_case() -> None:
    assert [n for n in NEW if n != n.lower()] == []
    assert [o for o in OLD if o != o.upper()] == []


def test_facts_from_celery_defaults() -> None:
    assert NEW["task_time_limit"] == ("CELERYD_TASK_TIME_LIMIT", None)
    assert NEW["task_soft_time_limit"] == ("CELERYD_TASK_SOFT_TIME_LIMIT", None)
    assert NEW["result_expires"] == ("CELERY_TASK_RESULT_EXPIRES", 86400)
    assert NEW["task_default_queue"] == ("CELERY_DEFAULT_QUEUE", "celery")
    assert NEW["task_acks_late"] == ("CELERY_ACKS_LATE", False)
    assert NEW["beat_scheduler"] == ("CELERYBEAT_SCHEDULER", "celery.beat:PersistentScheduler")
    assert NEW["beat_schedule"] == ("CELERYBEAT_SCHEDULE", Dict())
    assert NEW["accept_content"] == ("CELERY_ACCEPT_CONTENT", Seq(("json",)))
    assert NEW["enable_utc"] == ("ENABLE_UTC", True)
    assert NEW["worker_send_task_events"] == ("CELERY_SEND_EVENTS", False)
    assert NEW["task_send_sent_event"] == ("CELERY_SEND_TASK_SENT_EVENT", False)
    assert NEW["result_backend_max_retries"] == ("CELERY_RESULT_BACKEND_MAX_RETRIES", math.inf)


def test_task_options_are_not_settings() -> None:
    assert [n for n in ("max_retries", "retry_backoff", "autoretry_for", "queue") if n in NEW] == []


def test_doc_only_names_are_not_read_and_point_at_real_settings() -> None:
    assert [key for key, _ in table.DOC_ONLY if key in OLD] == []
    assert [target for _, target in table.DOC_ONLY if target not in NEW] == []


def test_misspellings_point_at_real_settings() -> None:
    assert dict(table.MISSPELT) == {
        "CELERY_SOFT_TIME_LIMIT": "task_soft_time_limit",
        "CELERY_TIME_LIMIT": "task_time_limit",
    }


def test_a_namespaced_name_that_is_also_an_old_name_means_the_same_setting() -> None:
    clashes = {f"CELERY_{n.upper()}": n for n in NEW if f"CELERY_{n.upper()}" in OLD}
    assert [key for key, name in clashes.items() if OLD[key] != name] == []
    assert clashes["CELERY_RESULT_BACKEND"] == "result_backend"


def test_extra_settings_are_not_in_the_main_table() -> None:
    assert [name for name, _ in table.EXTRA_SETTINGS if name in NEW] == []
