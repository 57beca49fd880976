from __future__ import annotations

import ast
import textwrap

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.dispatch import DispatchSite, extract_dispatch

HEADER = """\
from functools import partial
from django.db import models, transaction
from django.db.transaction import atomic
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from celery import Celery, Signature, current_app, signature
from apps.sync import tasks
from apps.sync.tasks import pull
"""
FIRST = HEADER.count("\n") + 1  # line of the first statement after the header


def sites(body: str) -> list[DispatchSite]:
    tree = ast.parse(HEADER + textwrap.dedent(body))
    scope = build_scope(tree, "apps.sync.views", False)
    return list(extract_dispatch(tree, scope, "apps/sync/views.py"))


def summary(body: str) -> list[tuple[int, str, str | None, bool, bool]]:
    """(line relative to the body, method, target, in_atomic, deferred)"""
    return [
        (s.location.line - FIRST + 1, s.method, s.target, s.in_atomic, s.deferred)
        for s in sites(body)
    ]


PULL = "apps.sync.tasks.pull"


def test_site_fields_and_location() -> None:
    [site] = sites("def view(request):\n    pull.delay(1)\n")
    assert site == DispatchSite(
        location=Location("apps/sync/views.py", FIRST + 1, 5),
        method="delay",
        target=PULL,
        target_name=None,
        queue=None,
        in_atomic=False,
        atomic_using=None,
        deferred=False,
        function="apps.sync.views.view",
        instance_args=(),
    )


def test_targets_resolve_through_imports_and_local_defs() -> None:
    body = """
    def local(): ...
    pull.delay()
    tasks.pull.apply_async()
    local.delay()
    self.delay()
    unknown_variable.delay()
    """
    assert [(s.method, s.target) for s in sites(body)] == [
        ("delay", PULL),
        ("apply_async", PULL),
        ("delay", "apps.sync.views.local"),
        ("delay", None),
        ("delay", None),
    ]


def test_with_atomic_block_and_dispatch_after_it() -> None:
    body = """
    def view():
        with transaction.atomic():
            pull.delay()
        pull.delay()
        with atomic(using="replica"):
            pull.delay()
        with open("f") as f, transaction.atomic("other"):
            pull.delay()
        with open("f"):
            pull.delay()
    """
    assert [(s.location.line - FIRST + 1, s.in_atomic, s.atomic_using) for s in sites(body)] == [
        (4, True, None),
        (5, False, None),
        (7, True, "replica"),
        (9, True, "other"),
        (11, False, None),
    ]


def test_atomic_decorators_with_and_without_parentheses() -> None:
    body = """
    @transaction.atomic
    def a(): pull.delay()
    @transaction.atomic(using="replica")
    def b(): pull.delay()
    @atomic()
    def c(): pull.delay()
    class V:
        @method_decorator(transaction.atomic)
        def post(self): pull.delay()
    @transaction.non_atomic_requests
    def d(): pull.delay()
    """
    assert [(s.function, s.in_atomic, s.atomic_using) for s in sites(body)] == [
        ("apps.sync.views.a", True, None),
        ("apps.sync.views.b", True, "replica"),
        ("apps.sync.views.c", True, None),
        ("apps.sync.views.V.post", True, None),
        ("apps.sync.views.d", False, None),
    ]


def test_nested_def_inside_atomic_block_is_not_atomic() -> None:
    body = """
    def view():
        with transaction.atomic():
            def later():
                pull.delay()
            run = lambda: pull.delay()
        later()
    """
    assert summary(body) == [(5, "delay", PULL, False, False), (6, "delay", PULL, True, False)]


def test_on_commit_lambda_is_deferred_other_lambdas_are_not() -> None:
    body = """
    @transaction.atomic
    def view(pk):
        transaction.on_commit(lambda: pull.delay(pk))
        callbacks.append(lambda: pull.delay(pk))
        transaction.on_commit(func=lambda: pull.delay(pk), robust=True)
    """
    assert summary(body) == [
        (4, "delay", PULL, True, True),
        (5, "delay", PULL, True, False),
        (6, "delay", PULL, True, True),
    ]


def test_named_nested_function_passed_to_on_commit() -> None:
    body = """
    @transaction.atomic
    def view(pk):
        def notify():
            pull.delay(pk)
        def other():
            pull.delay(pk)
        transaction.on_commit(notify)
        other()
    """
    assert summary(body) == [(5, "delay", PULL, False, True), (7, "delay", PULL, False, False)]


def test_partial_and_bare_method_in_on_commit() -> None:
    body = """
    @transaction.atomic
    def view(practice_id):
        transaction.on_commit(partial(tasks.pull.delay, practice_id))
        transaction.on_commit(pull.s(practice_id).delay)
        partial(pull.delay, practice_id)
    """
    found = sites(body)
    assert [
        (s.location.line - FIRST + 1, s.location.column, s.method, s.deferred) for s in found
    ] == [
        (4, 35, "delay", True),
        (5, 27, "delay", True),
    ]
    assert [s.target for s in found] == [PULL, PULL]


def test_on_commit_methods_are_deferred_by_construction() -> None:
    body = """
    with transaction.atomic():
        pull.delay_on_commit(1)
        pull.apply_async_on_commit((1,), queue="low")
    """
    found = sites(body)
    assert [(s.method, s.in_atomic, s.deferred, s.queue) for s in found] == [
        ("delay_on_commit", True, True, None),
        ("apply_async_on_commit", True, True, "low"),
    ]
    assert [s.function for s in found] == [None, None]


def test_send_task_on_celery_apps_only() -> None:
    body = """
    worker = Celery("proj")
    app.send_task("apps.sync.tasks.pull")
    current_app.send_task(name="apps.sync.tasks.push", queue="heavy")
    worker.send_task("apps.a")
    class T:
        def run(self):
            self.app.send_task("apps.b")
    client.send_task("apps.c")
    self.mailer.send_task("apps.d")
    """
    assert [(s.method, s.target_name, s.queue) for s in sites(body)] == [
        ("send_task", "apps.sync.tasks.pull", None),
        ("send_task", "apps.sync.tasks.push", "heavy"),
        ("send_task", "apps.a", None),
        ("send_task", "apps.b", None),
    ]


def test_every_app_receiver_name_sends_by_name() -> None:
    # One list of app names (taskaudit.celery.spellings): `capp` was read by the
    # linker only, so `capp.send_task(...)` was no dispatch site here.
    body = """
    for receiver in ():
        capp.send_task("apps.a")
        celery_app.send_task("apps.b")
        celery.send_task("apps.c")
        capper.send_task("apps.d")
        app_.send_task("apps.e")
    """
    assert [(s.method, s.target_name) for s in sites(body)] == [
        ("send_task", "apps.a"),
        ("send_task", "apps.b"),
        ("send_task", "apps.c"),
    ]


def test_send_task_with_computed_name() -> None:
    body = """
    NAME = "apps.sync.tasks.pull"
    app.send_task(NAME)
    app.send_task(f"apps.{kind}.tasks.pull")
    app.send_task(pull.name)
    app.send_task()
    """
    assert [(s.target, s.target_name) for s in sites(body)] == [
        (None, "apps.sync.tasks.pull"),
        (None, Unknown("f-string with a computed part")),
        (PULL, Unknown("the name attribute of a task object")),
        (None, Unknown("no task name given")),
    ]


def test_signatures_by_name_and_by_object() -> None:
    body = """
    signature("apps.a")
    Signature("apps.b", queue="q")
    app.signature("apps.c").delay()
    pull.signature((1,), queue="q2")
    pull.s(1)
    tasks.pull.si()
    "text".s(1)
    b"bytes".si()
    """
    assert [(s.method, s.target, s.target_name, s.queue) for s in sites(body)] == [
        ("signature", None, "apps.a", None),
        ("signature", None, "apps.b", "q"),
        ("delay", None, "apps.c", None),
        ("signature", PULL, None, "q2"),
        ("s", PULL, None, None),
        ("si", PULL, None, None),
    ]


def test_queue_from_options_set_and_unpacking() -> None:
    body = """
    pull.apply_async((1,), queue="high")
    pull.s(1).set(queue="low").apply_async()
    pull.s(1).set(queue="low").apply_async(queue="high")
    pull.apply_async(**opts)
    app.send_task("apps.a", options={"queue": "q"})
    signature("apps.b", options={"queue": "q"})
    pull.delay(queue="a task argument, not an option")
    pull.apply_async(countdown=5)
    """
    assert [s.queue for s in sites(body)] == [
        "high",
        "low",
        "high",
        Unknown("options unpacked with **"),
        None,
        "q",
        None,
        None,
    ]


def test_inner_links_of_a_chain_are_one_site() -> None:
    body = """
    pull.s(1).set(queue="low").delay()
    chain(pull.s(1), tasks.pull.si(2)).apply_async()
    """
    assert [(s.location.column, s.method, s.target) for s in sites(body)] == [
        (1, "delay", PULL),
        (1, "apply_async", None),
        (7, "s", PULL),
        (18, "si", PULL),
    ]


def test_model_instances_passed_as_arguments() -> None:
    body = """
    class Practice(models.Model):
        def save(self, *args):
            pull.delay(self, self.pk)
    class Clinic(Practice):
        def refresh(self):
            pull.s(self)
    def view(request, pk):
        practice = get_object_or_404(Practice, pk=pk)
        first = Practice.objects.filter(active=True).first()
        created_one = Practice.objects.create(name="x")
        pair = Practice.objects.get_or_create(pk=1)[0]
        obj, created = Practice.objects.get_or_create(pk=2)
        pull.delay(practice, first.pk, created_one, user=request.user)
        pull.apply_async(args=(pair, obj, created), kwargs={"owner": self.request.user})
        app.send_task("apps.a", args=[practice])
    """
    assert [s.instance_args for s in sites(body)] == [
        ("self",),
        ("self",),
        ("practice", "created_one", "request.user"),
        ("pair", "obj", "self.request.user"),
        ("practice",),
    ]


def test_near_misses_for_model_instances() -> None:
    body = """
    class Form(forms.Form):
        def save(self):
            pull.delay(self)
    class Practice(models.Model):
        @classmethod
        def refresh(cls):
            pull.delay(cls)
    def view(pk):
        practice = Practice.objects.get(pk=pk)
        practice = practice.pk
        ids = Practice.objects.values_list("id", flat=True)
        for row in Practice.objects.values("id"):
            pull.delay(row)
        pull.delay(practice, ids, Practice.objects.get(pk=1).pk)
    """
    assert [s.instance_args for s in sites(body)] == [(), (), (), ()]


def test_loops_comprehensions_and_closures_see_instances() -> None:
    body = """
    def view():
        for practice in Practice.objects.filter(active=True):
            pull.delay(practice)
        [pull.delay(p) for p in Practice.objects.all()]
        owner = Practice.objects.get(pk=1)
        transaction.on_commit(lambda: pull.delay(owner))
        def notify(owner):
            pull.delay(owner)
    """
    assert [s.instance_args for s in sites(body)] == [("practice",), ("p",), ("owner",), ()]


def test_type_checking_blocks_are_ignored() -> None:
    body = """
    import typing
    from typing import TYPE_CHECKING
    if TYPE_CHECKING:
        pull.delay()
    if typing.TYPE_CHECKING:
        pull.delay()
    else:
        tasks.pull.delay()
    """
    assert summary(body) == [(9, "delay", PULL, False, False)]


def test_nothing_in_code_without_dispatch() -> None:
    body = """
    def view(request):
        obj = Practice.objects.get(pk=1)
        obj.save()
        time.sleep(1)
        loop.call_later(1, handler)
    """
    assert sites(body) == []


def test_statements_without_a_send_still_give_their_context() -> None:
    # The walk enters only statements whose lines hold a candidate call; what
    # gives context from elsewhere must still count: a model declared without
    # any call, an atomic decorator lines above its def, an import alias.
    body = """
    from celery import signature as sig
    class Practice(models.Model):
        name = models.CharField()
    class Clinic(Practice):
        def refresh(self):
            helper()
            pull.delay(self)
    @method_decorator(
        transaction.atomic,
    )
    def view(request):
        sig("apps.sync.push").delay()
    """
    assert [
        (s.location.line - FIRST + 1, s.target_name, s.in_atomic, s.instance_args)
        for s in sites(body)
    ] == [(8, None, False, ("self",)), (13, "apps.sync.push", True, ())]
