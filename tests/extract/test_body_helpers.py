"""Summaries of module functions a task may hand its retry or its lock to."""

from __future__ import annotations

import ast
import textwrap

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.body_helpers import Forward, Helper, extract_helpers
from taskaudit.extract.body_retry import RetryCall

PATH = "shop/util.py"


def helpers(source: str) -> tuple[Helper, ...]:
    text = textwrap.dedent(source)
    tree = ast.parse(text)
    return extract_helpers(tree, text, build_scope(tree, "shop.util", False), PATH)


def test_a_retry_on_a_parameter_is_recorded_with_its_options() -> None:
    found = helpers(
        """\
        def again_later(job, response):
            if response.status_code >= 500:
                raise job.retry(countdown=2 ** job.request.retries, **job.retry_kwargs)
        """
    )
    retry = RetryCall(
        location=Location(PATH, 3, 15),
        via="job",
        countdown=Unknown("local name 'job'"),
        eta=False,
        backoff_expression=True,
        max_retries=Unknown("retry options unpacked"),
    )
    assert found == (Helper("again_later", ("job", "response"), ((0, retry),), None, False),)


def test_a_function_handed_the_task_that_never_retries_is_not_summarised() -> None:
    # Near miss: it reads the task's request but calls no `.retry`.
    assert (
        helpers(
            """\
        def note_retry_count(job):
            print(job.request.retries)
        """
        )
        == ()
    )


def test_a_retry_on_a_global_or_a_keyword_only_parameter_is_not_a_parameter_retry() -> None:
    found = helpers(
        """\
        import tenacity

        def wrapped(value, *, job):
            job.retry()
            tenacity.retry(value)
        """
    )
    # Only the forward is kept (linking finds no project function behind it).
    assert [(h.name, h.retries, h.forwards) for h in found] == [
        ("wrapped", (), (Forward("tenacity.retry", ((0, 0),)),)),
    ]


def test_lock_kinds_set_nx_cache_add_and_select_for_update() -> None:
    found = helpers(
        """\
        from django.core.cache import cache
        from shop.models import Order

        def claim(key):
            return redis_client.set(key, "1", nx=True, ex=60)

        def claim_cache(key):
            return cache.add(key, 1, 60)

        def locked_orders():
            return Order.objects.order_by("pk").select_for_update()
        """
    )
    assert [(h.name, h.guard) for h in found] == [
        ("claim", ("lock", "redis_client.set")),
        ("claim_cache", ("lock", "django.core.cache.cache.add")),
        (
            "locked_orders",
            ("select_for_update", "shop.models.Order.objects.order_by().select_for_update"),
        ),
    ]


def test_a_set_without_nx_and_a_get_or_create_are_not_locks() -> None:
    # Near misses: a plain SET overwrites; a helper's own get_or_create guards only itself.
    found = helpers(
        """\
        from shop.models import Order

        def remember(key):
            return redis_client.set(key, "1", ex=60)

        def ensure(pk):
            return Order.objects.get_or_create(pk=pk)
        """
    )
    assert [(h.name, h.guard) for h in found] == []


def test_a_small_helper_keeps_the_calls_it_forwards_its_parameters_to() -> None:
    found = helpers(
        """\
        from shop import locks

        def after_failure(job, error):
            log(error)
            locks.give_up(job, reason=error)
        """
    )
    # `log` is neither defined nor imported here: nothing to follow.
    assert [(h.name, h.forwards) for h in found] == [
        ("after_failure", (Forward("shop.locks.give_up", ((0, 0), (1, "reason"))),)),
    ]


def test_a_module_mentioning_no_retry_or_lock_word_is_not_walked() -> None:
    assert helpers("def plain(a):\n    return a + 1\n") == ()
