"""Project factories: what the call site fills, what the factory passes, whose name Celery gets."""

from __future__ import annotations

import ast

from taskaudit.extract.bindings import build_scope
from taskaudit.extract.task_factories import TaskFactory, extract_factories


def _factories(source: str) -> dict[str, TaskFactory]:
    tree = ast.parse(source)
    scope = build_scope(tree, "kb.factories", False)
    return {f.qualname.rpartition(".")[2]: f for f in extract_factories(tree, scope, "kb/f.py")}


def _shape(f: TaskFactory) -> tuple[object, ...]:
    return (f.kind, f.base, f.options, f.params, f.mapped, f.forwards, f.opaque, f.renamed)


CLASSES = """\
from functools import wraps
from celery import shared_task
from kb.celery import app

class retryable:
    def __init__(self, *args, **kwargs):
        self.task_args = args
        self.task_kwargs = kwargs

    def __call__(self, func):
        @wraps(func)
        def inner(*a):
            return func(*a)
        task_func = shared_task(*self.task_args, **self.task_kwargs)(inner)
        return task_func

class labelled:
    def __init__(self, label, queue="light"):
        self.label = label
        self.queue = queue

    def __call__(self, func):
        return app.task(name=self.label, queue=self.queue, acks_late=True)(func)

class Registry:
    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def register(self, func):
        return shared_task(**self.kwargs)(func)

class Timer:
    def __call__(self, func):
        return func
"""


def test_decorator_classes_read_init_and_call() -> None:
    found = _factories(CLASSES)
    assert sorted(found) == ["labelled", "retryable"]  # no __call__ / no task: no factory
    assert _shape(found["retryable"]) == (
        "class", "celery.shared_task", (), (), (), True, False, None,
    )  # fmt: skip
    assert _shape(found["labelled"]) == (
        "class", "kb.celery.app.task", (("acks_late", True),), ("label", "queue"),
        (("label", "name"), ("queue", "queue")), False, False, None,
    )  # fmt: skip
    assert found["labelled"].defaults == (("queue", "light"),)


FUNCTIONS = """\
import functools
from celery import shared_task

DEFAULTS = {"max_retries": 3}

def through_local(name, **options):
    def decorate(func):
        task = shared_task(name=name, **DEFAULTS, **options)(func)
        return task
    return decorate

def returns_decorator(*, queue="low", **options):
    return shared_task(queue=queue, **options)

def direct(func):
    return shared_task(bind=True)(func)

def copies_with_update_wrapper(**options):
    def decorate(func):
        def run(*a):
            return func(*a)
        functools.update_wrapper(run, func)
        return shared_task(**options)(run)
    return decorate

def own_runner(**options):
    def decorate(func):
        def runner(*a):
            return func(*a)
        built = shared_task(**options)(runner)
        return built
    return decorate

def decorated_inner(**options):
    def decorate(func):
        @shared_task(**options)
        def body(*a):
            return func(*a)
        return body
    return decorate

def opaque(**options):
    merged = dict(options)
    return shared_task(**merged)

def not_a_factory(func):
    task = func
    return task
"""


def test_wrapper_functions_direct_or_through_a_local_name() -> None:
    found = _factories(FUNCTIONS)
    assert {name: _shape(f) for name, f in found.items()} == {
        "through_local": ("wrapper", "celery.shared_task", (("max_retries", 3),), ("name",),
                          (("name", "name"),), True, False, None),
        "returns_decorator": ("wrapper", "celery.shared_task", (), ("queue",),
                              (("queue", "queue"),), True, False, None),
        "direct": ("wrapper", "celery.shared_task", (("bind", True),), ("func",), (), False,
                   False, None),
        "copies_with_update_wrapper": ("wrapper", "celery.shared_task", (), (), (), True, False,
                                       None),
        "own_runner": ("wrapper", "celery.shared_task", (), (), (), True, False,
                       "kb.factories.runner"),
        "decorated_inner": ("wrapper", "celery.shared_task", (), (), (), True, False,
                            "kb.factories.body"),
        "opaque": ("wrapper", "celery.shared_task", (), (), (), False, True, None),
    }  # fmt: skip
    assert found["returns_decorator"].defaults == (("queue", "low"),)


def test_aliases_keep_taking_every_call_site_option() -> None:
    source = (
        "from functools import partial\nfrom celery import shared_task\n"
        "retrying = shared_task(acks_late=True)\nbound = partial(shared_task, bind=True)\n"
        "unrelated = partial(print, end='')\n"
    )
    found = _factories(source)
    assert {n: (f.kind, f.base, f.options, f.forwards) for n, f in found.items()} == {
        "retrying": ("alias", "celery.shared_task", (("acks_late", True),), True),
        "bound": ("alias", "celery.shared_task", (("bind", True),), True),
        "unrelated": ("alias", "print", (("end", ""),), True),
    }
