"""A retry or a lock a task delegates to a project function (``link.helpers``).

Measured on Celery 5.5.3 (throw-away venv, ``task_always_eager``): a bound
task that hands ``self`` to a module function calling ``job.retry(countdown=0,
max_retries=5)`` ran four times (``request.retries`` 0, 1, 2, 3) before it
returned: ``Task.retry`` re-sends the task whoever calls it.
"""

from __future__ import annotations

from taskaudit.link.schema import SCHEMA
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import scan_sources
from taskaudit.resources import default_rules
from taskaudit.rules import evaluate, load_rules

CATALOG = load_rules([default_rules()], SCHEMA)
APP = 'from celery import Celery\n\napp = Celery("proj")\n'
UTIL = """\
from django.core.cache import cache


def again_later(job, response):
    if response.status_code >= 500:
        raise job.retry(countdown=2 ** job.request.retries, max_retries=4)


def log_attempt(job, response):
    print(job.request.retries, response.retry_after)


def claim(key):
    return redis_client.set(key, "1", nx=True, ex=600)


def remember(key):
    return redis_client.set(key, "1", ex=600)


def claim_cache(key):
    return cache.add(key, 1, 600)
"""
LOCKS = """\
from shop.models import Order
from shop.util import again_later


def locked_orders():
    return Order.objects.order_by("pk").select_for_update()


# Forwarded one level: summarised because its text names a retry (body_helpers).
def retry_through(job, response):
    again_later(job, response)
"""
# Same names as shop.util's, in a module the tasks never import.
OTHER = """\
def again_later(job, response):
    raise job.retry(countdown=5, max_retries=2)


def check(key):
    return redis_client.set(key, "1", nx=True)
"""


def findings(tasks: str, *rules: str) -> list[tuple[str, int]]:
    files = {
        "proj/celery.py": APP,
        "shop/tasks.py": tasks,
        "shop/util.py": UTIL,
        "shop/locks.py": LOCKS,
        "other/util.py": OTHER,
    }
    result = evaluate(CATALOG, build_subjects(scan_sources(files)[1]))
    return [
        (f.rule_id, f.location.line)
        for f in result.findings
        if f.rule_id in rules and f.location.path == "shop/tasks.py"
    ]


RETRIES = """\
import requests
from celery import shared_task

from shop import locks
from shop.util import again_later, log_attempt


@shared_task(bind=True, name="shop.delegates")
def delegates(self, url):
    again_later(self, requests.get(url, timeout=5))


@shared_task(bind=True, name="shop.forwards")
def forwards(self, url):
    locks.retry_through(self, requests.get(url, timeout=5))


@shared_task(bind=True, name="shop.only_logs")
def only_logs(self, url):
    log_attempt(self, requests.get(url, timeout=5))


@shared_task(name="shop.unbound")
def unbound(url):
    again_later(url, requests.get(url, timeout=5))


@shared_task(bind=True, name="shop.elsewhere")
def elsewhere(self, url):
    from other import util

    util.log(self)
"""


def test_a_retry_in_a_helper_handed_self_is_the_tasks_retry_policy() -> None:
    # delegates (directly) and forwards (one function further) declare a policy;
    # only_logs hands self to a helper that never retries, unbound hands no task,
    # elsewhere calls a module with an `again_later` it never reaches: TA301 stays.
    assert findings(RETRIES, "TA301") == [("TA301", 19), ("TA301", 24), ("TA301", 29)]


LOCKED = """\
from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction

from shop import locks
from shop.util import claim, claim_cache, remember


@shared_task(name="shop.guarded")
def guarded(key):
    if claim(key):
        send_mail("s", "b", None, ["a@example.com"])


@shared_task(name="shop.early_exit")
def early_exit(key):
    if not claim_cache(key):
        return
    send_mail("s", "b", None, ["a@example.com"])


@shared_task(name="shop.row_locked")
def row_locked():
    with transaction.atomic():
        rows = locks.locked_orders().filter(sent=False)
        send_mail("s", "b", None, [r.email for r in rows])


@shared_task(name="shop.plain_set")
def plain_set(key):
    if remember(key):
        send_mail("s", "b", None, ["a@example.com"])


@shared_task(name="shop.outside")
def outside(key):
    if claim(key):
        print("claimed")
    send_mail("s", "b", None, ["a@example.com"])


@shared_task(name="shop.untested")
def untested(key):
    claim(key)
    send_mail("s", "b", None, ["a@example.com"])


@shared_task(name="shop.unrelated")
def unrelated(key):
    if check(key):
        send_mail("s", "b", None, ["a@example.com"])
"""


def test_a_lock_in_a_helper_guards_only_the_side_effects_it_encloses() -> None:
    # guarded, early_exit and row_locked are covered. Near misses that keep TA501:
    # a SET without nx (plain_set); the lock's `if` ends before the send (outside);
    # a SET NX whose answer nobody tests (untested); `check` is defined only in a
    # module this one never imports (unrelated).
    assert findings(LOCKED, "TA501") == [
        ("TA501", 30),
        ("TA501", 36),
        ("TA501", 43),
        ("TA501", 49),
    ]


def test_the_delegated_retry_is_recorded_at_the_tasks_call_and_judged_like_its_own() -> None:
    tasks = """\
from celery import shared_task

from shop.util import again_later
from other.util import again_later as again_soon


@shared_task(bind=True, name="shop.paced")
def paced(self, response):
    again_later(self, response)


@shared_task(bind=True, name="shop.unpaced")
def unpaced(self, response):
    again_soon(self, response)
"""
    files = {"proj/celery.py": APP, "shop/tasks.py": tasks, "shop/util.py": UTIL}
    project = scan_sources({**files, "other/util.py": OTHER.replace("countdown=5, ", "")})[1]
    retries = {
        t.function: [(r.location.path, r.location.line, r.via) for r in t.body.retry_calls]
        for t in project.tasks
        if t.body is not None
    }
    assert retries == {
        "paced": [("shop/tasks.py", 9, "self")],
        "unpaced": [("shop/tasks.py", 14, "self")],
    }
    result = evaluate(CATALOG, build_subjects(project))
    # A `.retry()` without countdown in the helper is an unpaced retry of the task.
    assert [(f.rule_id, f.location.line) for f in result.findings if f.rule_id == "TA302"] == [
        ("TA302", 13)
    ]


def test_an_early_return_on_a_helpers_exists_check_guards_the_rest() -> None:
    tasks = """\
from celery import shared_task
from django.core.mail import send_mail

from shop.seen import already_sent


@shared_task(name="shop.once")
def once(key):
    if already_sent(key):
        return
    send_mail("s", "b", None, ["a@example.com"])


@shared_task(name="shop.logged")
def logged(key):
    if already_sent(key):
        print("again")
    send_mail("s", "b", None, ["a@example.com"])
"""
    seen = """\
from shop.models import Sent


def already_sent(key):
    return Sent.objects.filter(key=key).exists()
"""
    files = {"proj/celery.py": APP, "shop/tasks.py": tasks, "shop/seen.py": seen}
    result = evaluate(CATALOG, build_subjects(scan_sources(files)[1]))
    # Near miss: `logged` only prints when the row exists, then sends anyway.
    assert [(f.rule_id, f.location.line) for f in result.findings if f.rule_id == "TA501"] == [
        ("TA501", 15)
    ]
