"""Which declarations Celery registers as tasks, under which name, with which options."""

from __future__ import annotations

from collections.abc import Sequence

from taskaudit.core.values import Ref, Unknown, Value
from taskaudit.facts import PythonFacts
from taskaudit.link.model import Task
from taskaudit.link.names import Names
from taskaudit.pipeline import scan_sources

APP = """\
from celery import Celery
app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
"""
PACKAGE = "from .celery import app as celery_app\n"


def tasks(
    files: dict[str, str], task_decorators: Sequence[str] = (), with_app: bool = True
) -> list[Task]:
    project_files = {"clinic/__init__.py": PACKAGE, "clinic/celery.py": APP} if with_app else {}
    return list(scan_sources({**project_files, **files}, task_decorators)[1].tasks)


def declared(files: dict[str, str], task_decorators: Sequence[str] = ()) -> list[tuple[str, ...]]:
    """(registered name, function, style, via or "-", app or "-") per task."""
    return [
        (t.name, t.function, t.style, t.via or "-", t.app or "-")
        for t in tasks(files, task_decorators)
    ]


def options(source: str, settings: str = "") -> dict[str, tuple[Value, str]]:
    files = {"clinic/sync/tasks.py": source}
    if settings:
        files["clinic/settings.py"] = settings
    [task] = tasks(files)
    return {key: (value, task.option_sources[key]) for key, value in task.options.items()}


SYNC = "clinic.sync.tasks"
APP_PATH = "clinic.celery.app"


def test_every_celery_declaration_style() -> None:
    source = """\
import celery
from celery import shared_task, Task
from celery import shared_task as st
from celery import task as legacy_task
from clinic import celery_app
from clinic.celery import app
from clinic import celery as celery_module

@shared_task
def a(): ...

@st(bind=True)
def b(self): ...

@celery.shared_task()
def c(): ...

@app.task
def d(): ...

@celery_app.task(name="sync.e")
async def e(): ...

@celery_module.app.task()
def f(): ...

@legacy_task
def g(): ...

class Pull(Task):
    def run(self): ...

app.register_task(Pull())
"""
    assert declared({"clinic/sync/tasks.py": source}) == [
        (f"{SYNC}.a", "a", "shared_task", "-", "-"),
        (f"{SYNC}.b", "b", "shared_task", "-", "-"),
        (f"{SYNC}.c", "c", "shared_task", "-", "-"),
        (f"{SYNC}.d", "d", "app.task", "-", APP_PATH),
        ("sync.e", "e", "app.task", "-", APP_PATH),
        (f"{SYNC}.f", "f", "app.task", "-", APP_PATH),
        (f"{SYNC}.g", "g", "legacy", "-", "-"),
        (f"{SYNC}.Pull", "Pull", "class", f"{SYNC}.Pull", "-"),
    ]


def test_every_legacy_decorator_spelling_celery_4_and_2_shipped() -> None:
    """``celery.task.base.task`` defines it in 3.1.26 and 4.4.7; 2.x had ``celery.decorators``.

    ``celery.app.base.shared_task`` never imports (5.7.0, 4.4.7 and 3.1.26 import
    ``shared_task`` inside ``Celery.task`` only), so it declares nothing.
    """
    source = """\
from celery.task import task
from celery.task.base import task as base_task
from celery.decorators import task as old_task
from celery.app.base import shared_task as nowhere

@task
def a(): ...

@base_task()
def b(): ...

@old_task
def c(): ...

@nowhere
def d(): ...
"""
    assert declared({"clinic/sync/tasks.py": source}) == [
        (f"{SYNC}.a", "a", "legacy", "-", "-"),
        (f"{SYNC}.b", "b", "legacy", "-", "-"),
        (f"{SYNC}.c", "c", "legacy", "-", "-"),
    ]


def test_project_factories_aliases_partials_and_wrappers() -> None:
    decorators = """\
from functools import partial
from celery import shared_task
from clinic.celery import app

retrying_task = shared_task(acks_late=True, max_retries=5)
heavy_task = partial(app.task, queue="heavy")

def instrumented_task(name, **kwargs):
    def wrap(func):
        return shared_task(name=name, **kwargs)(func)
    return wrap
"""
    source = """\
from clinic.core.decorators import heavy_task, instrumented_task, retrying_task
from clinic.core import decorators

@retrying_task
def a(): ...

@heavy_task(name="sync.b")
def b(): ...

@instrumented_task("sync.c", queue="light")
def c(): ...

@decorators.retrying_task
def d(): ...
"""
    files = {"clinic/core/decorators.py": decorators, "clinic/sync/tasks.py": source}
    assert declared(files) == [
        (f"{SYNC}.a", "a", "shared_task", "clinic.core.decorators.retrying_task", "-"),
        ("sync.b", "b", "app.task", "clinic.core.decorators.heavy_task", APP_PATH),
        ("sync.c", "c", "shared_task", "clinic.core.decorators.instrumented_task", "-"),
        (f"{SYNC}.d", "d", "shared_task", "clinic.core.decorators.retrying_task", "-"),
    ]


def test_configured_task_decorators_are_tasks_only_when_configured() -> None:
    source = """\
from clinic.core.locks import locked_task

@locked_task
def pull(): ...
"""
    locks = "def locked_task(func):\n    return func\n"
    files = {"clinic/core/locks.py": locks, "clinic/sync/tasks.py": source}
    assert declared(files) == []
    assert declared(files, ["locked_task"]) == [
        (f"{SYNC}.pull", "pull", "shared_task", "clinic.core.locks.locked_task", "-")
    ]
    assert declared(files, ["clinic.core.locks.locked_task"]) == [
        (f"{SYNC}.pull", "pull", "shared_task", "clinic.core.locks.locked_task", "-")
    ]


def test_near_misses_are_not_tasks() -> None:
    source = """\
import functools
import dramatiq
import luigi
from celery import Task
from invoke import task
from fabric import task as fab_task
from huey.contrib.djhuey import task as huey_task
from clinic.celery import app
from clinic.router import router

@task
def deploy(ctx): ...

@fab_task
def release(c): ...

@huey_task()
def queued(): ...

@dramatiq.actor
def acted(): ...

@router.task
def routed(): ...

@app.periodic
def not_a_task_attribute(): ...

@functools.cache
def cached(): ...

def helper(): ...

class Unregistered(Task):
    def run(self): ...

class Pipeline(luigi.Task):
    def run(self): ...

class Plain:
    def run(self): ...

app.register_task(Plain())
app.register_task(Pipeline())
"""
    assert declared({"clinic/sync/tasks.py": source}) == []


def test_an_app_that_is_not_visible_is_recognised_by_its_usual_names_only() -> None:
    source = """\
from platform_shared.celery import app, celery_app, worker

@app.task
def a(): ...

@celery_app.task()
def b(): ...

@worker.task
def c(): ...
"""
    found = tasks({"clinic/sync/tasks.py": source}, with_app=False)
    assert [(t.name, t.style, t.app) for t in found] == [
        (f"{SYNC}.a", "app.task", "platform_shared.celery.app"),
        (f"{SYNC}.b", "app.task", "platform_shared.celery.celery_app"),
    ]


def test_an_app_in_a_package_named_like_a_builtin_registers_its_tasks() -> None:
    # `property_app` once matched the builtin `property` as a prefix: no task was found.
    files = {
        "property_app/celery.py": APP,
        "property_app/billing/tasks.py": (
            "from property_app.celery import app\n\n"
            "@app.task\ndef charge(): ...\n\n"
            "class Invoice:\n    @property\n    def total(self): ...\n"
        ),
    }
    found = tasks(files, with_app=False)
    assert [(t.name, t.style, t.app) for t in found] == [
        ("property_app.billing.tasks.charge", "app.task", "property_app.celery.app"),
    ]


def test_registered_names_explicit_autoname_and_computed() -> None:
    source = """\
from celery import shared_task, Task
from clinic.celery import app
PREFIX = "sync"

@shared_task(name="sync.explicit")
def explicit(): ...

@shared_task(name=f"{PREFIX}.formatted")
def formatted(): ...

@shared_task(name=NAME_FROM_ELSEWHERE)
def computed(): ...

@shared_task
def automatic(): ...

class Named(Task):
    name = "sync.named"
    def run(self): ...

app.register_task(Named())
"""
    found = tasks({"clinic/sync/tasks.py": source})
    assert [(t.name, t.name_known, t.name_explicit, t.expected_name) for t in found] == [
        ("sync.explicit", True, True, f"{SYNC}.explicit"),
        ("sync.formatted", True, True, f"{SYNC}.formatted"),
        (f"?{SYNC}.computed", False, True, f"{SYNC}.computed"),
        (f"{SYNC}.automatic", True, False, f"{SYNC}.automatic"),
        ("sync.named", True, True, f"{SYNC}.Named"),
    ]


def test_autoname_of_a_task_in_a_package_init() -> None:
    source = "from celery import shared_task\n\n@shared_task\ndef pull(): ...\n"
    [task] = tasks({"clinic/sync/__init__.py": source})
    assert (task.name, task.module, task.location.path) == (
        "clinic.sync.pull",
        "clinic.sync",
        "clinic/sync/__init__.py",
    )


def test_options_fold_base_then_factory_then_decorator() -> None:
    source = """\
from functools import partial
from celery import shared_task, Task

class Base(Task):
    acks_late = True
    max_retries = 1
    queue = "base"
    time_limit = 60
    _private = "kept out"

retrying = partial(shared_task, base=Base, max_retries=5, queue="factory")

@retrying(queue="decorator")
def pull(): ...
"""
    assert options(source) == {
        "acks_late": (True, "base:clinic.sync.tasks.Base"),
        "max_retries": (5, "factory:clinic.sync.tasks.retrying"),
        "queue": ("decorator", "decorator"),
        "time_limit": (60, "base:clinic.sync.tasks.Base"),
        "base": (Ref("clinic.sync.tasks.Base"), "factory:clinic.sync.tasks.retrying"),
    }


def test_a_base_class_inherits_its_project_bases_options() -> None:
    source = """\
from celery import shared_task, Task

class Root(Task):
    max_retries = 1
    rate_limit = "1/s"

class Child(Root):
    max_retries = 9

@shared_task(base=Child, bind=True)
def pull(self): ...
"""
    assert options(source) == {
        "max_retries": (9, "base:clinic.sync.tasks.Child"),
        "rate_limit": ("1/s", "base:clinic.sync.tasks.Root"),
        "base": (Ref("clinic.sync.tasks.Child"), "decorator"),
        "bind": (True, "decorator"),
    }


def test_the_apps_task_cls_is_the_default_base() -> None:
    base = """\
from celery import Task

class ClinicTask(Task):
    acks_late = True
    max_retries = 4

class Other(Task):
    max_retries = 0
"""
    app = """\
from celery import Celery
from clinic.base import ClinicTask
app = Celery("clinic", task_cls=ClinicTask)
"""
    source = """\
from celery import shared_task
from clinic.celery import app
from clinic.base import Other

@app.task(max_retries=1)
def on_app(): ...

@shared_task
def shared(): ...

@app.task(base=Other)
def own_base(): ...
"""
    files = {"clinic/base.py": base, "clinic/celery.py": app, "clinic/sync/tasks.py": source}
    found = tasks(files)
    assert [(t.function, dict(t.options), dict(t.option_sources)) for t in found] == [
        (
            "on_app",
            {"acks_late": True, "max_retries": 1},
            {"acks_late": "base:clinic.base.ClinicTask", "max_retries": "decorator"},
        ),
        (
            "shared",
            {"acks_late": True, "max_retries": 4},
            {
                "acks_late": "base:clinic.base.ClinicTask",
                "max_retries": "base:clinic.base.ClinicTask",
            },
        ),
        (
            "own_base",
            {"max_retries": 0, "base": Ref("clinic.base.Other")},
            {"max_retries": "base:clinic.base.Other", "base": "decorator"},
        ),
    ]


def test_task_cls_given_as_a_string_and_a_near_miss_without_it() -> None:
    base = "from celery import Task\n\nclass ClinicTask(Task):\n    acks_late = True\n"
    source = "from clinic.celery import app\n\n@app.task\ndef pull(): ...\n"
    by_string = "from celery import Celery\napp = Celery('c', task_cls='clinic.base:ClinicTask')\n"
    without = "from celery import Celery\napp = Celery('c')\n"
    for app, expected in ((by_string, {"acks_late": True}), (without, {})):
        files = {"clinic/base.py": base, "clinic/celery.py": app, "clinic/sync/tasks.py": source}
        [task] = tasks(files)
        assert dict(task.options) == expected


def test_global_settings_are_the_lowest_layer_and_annotations_the_highest() -> None:
    settings = """\
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_ANNOTATIONS = {"*": {"rate_limit": "5/s"}, "clinic.sync.tasks.pull": {"max_retries": 2}}
"""
    source = """\
from celery import shared_task

@shared_task(acks_late=False, max_retries=7)
def pull(): ...
"""
    assert options(source, settings) == {
        "acks_late": (False, "decorator"),
        "time_limit": (300, "setting:task_time_limit"),
        "max_retries": (2, "setting:task_annotations"),
        "rate_limit": ("5/s", "setting:task_annotations"),
    }


def test_decorator_options_keep_unknown_values_and_flag_unpacked_options() -> None:
    source = """\
from celery import shared_task

@shared_task(queue=QUEUE, **RETRY_POLICY)
def pull(): ...
"""
    assert options(source) == {
        "queue": (Unknown("name 'QUEUE'"), "decorator"),
        "*": (Unknown("decorator **options"), "decorator"),
    }


def test_names_follow_re_exports_through_scanned_modules_only() -> None:
    files = {
        "clinic/__init__.py": "from .celery import app as celery_app\n",
        "clinic/celery.py": "from celery import Celery\napp = Celery('clinic')\n",
        "clinic/api.py": "from clinic import celery_app\nfrom vendor import thing\n",
    }
    facts, _ = scan_sources(files)
    modules: dict[str, PythonFacts] = {f.python.module: f.python for f in facts if f.python}
    names = Names(modules)
    assert [
        names.canonical(q)
        for q in (
            "clinic.celery_app",
            "clinic.celery_app.task",
            "clinic.api.celery_app.task",
            "clinic.api.thing",
            "clinic.celery.app",
            "vendor.thing",
            "clinic.missing",
        )
    ] == [
        "clinic.celery.app",
        "clinic.celery.app.task",
        "clinic.celery.app.task",
        "vendor.thing",
        "clinic.celery.app",
        "vendor.thing",
        "clinic.missing",
    ]


def test_an_import_cycle_does_not_loop() -> None:
    files = {
        "clinic/a.py": "from clinic.b import thing\n",
        "clinic/b.py": "from clinic.a import thing\n",
    }
    facts, _ = scan_sources(files)
    modules = {f.python.module: f.python for f in facts if f.python}
    assert Names(modules).canonical("clinic.a.thing") == "clinic.a.thing"


STACKED = """\
from celery import shared_task
from clinic.celery import app
from clinic.core.audit import audited, locked, traced
from clinic.router import router

@audited(channel="billing")
@app.task(max_retries=3)
def charge(): ...

@shared_task(name="sync.pull")
@locked("pull")
@traced
def pull(): ...

@traced
@audited
@shared_task
def export(): ...

@router.task
@app.task
def routed_twice(): ...

@audited
@traced
def plain(): ...
"""


def test_stacked_decorators_celery_registers_whatever_sits_above_or_below() -> None:
    """Measured on Celery 5.5.3 and 5.6.3: a decorator above ``@app.task`` wraps the
    registered task without unregistering it; one below is what the worker runs."""
    found = tasks({"clinic/sync/tasks.py": STACKED})
    assert [
        (t.name, t.style, t.first_line, t.location.line, t.inner_decorators, dict(t.options))
        for t in found
    ] == [
        (f"{SYNC}.charge", "app.task", 6, 8, (), {"max_retries": 3}),
        ("sync.pull", "shared_task", 10, 13,
         ("clinic.core.audit.locked", "clinic.core.audit.traced"), {"name": "sync.pull"}),
        (f"{SYNC}.export", "shared_task", 15, 18, (), {}),
        (f"{SYNC}.routed_twice", "app.task", 20, 22, (), {}),
    ]  # fmt: skip


def test_a_decorator_class_applied_bare_declares_nothing() -> None:
    factory = """\
from celery import shared_task

class retrying:
    def __init__(self, **options):
        self.options = options

    def __call__(self, func):
        return shared_task(**self.options)(func)
"""
    source = """\
from clinic.core.retry import retrying

@retrying
def bare(): ...

@retrying()
def called(): ...
"""
    files = {"clinic/core/retry.py": factory, "clinic/sync/tasks.py": source}
    assert declared(files) == [
        (f"{SYNC}.called", "called", "shared_task", "clinic.core.retry.retrying", "-")
    ]


FACTORIES = """\
import functools
from celery import shared_task
from clinic.celery import app

class retryable:
    def __init__(self, *args, **kwargs):
        self.task_args = args
        self.task_kwargs = kwargs

    def __call__(self, func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            return func(*args, **kwargs)
        task = shared_task(*self.task_args, acks_late=True, **self.task_kwargs)(inner)
        return task

class named:
    def __init__(self, label, queue="light"):
        self.label = label
        self.queue = queue

    def __call__(self, func):
        built = app.task(name=self.label, queue=self.queue, max_retries=2)(func)
        return built

def local_task(name=None, **options):
    def decorate(func):
        task = shared_task(name=name, bind=True, **options)(func)
        return task
    return decorate

def fixed_task(name):
    def decorate(func):
        return shared_task(name=name, max_retries=1)(func)
    return decorate

def nested_task(**options):
    def decorate(func):
        @shared_task(**options)
        @functools.wraps(func)
        def run(*args):
            return func(*args)
        return run
    return decorate

def shared_runner(**options):
    def decorate(func):
        def runner(*args):
            return func(*args)
        task = shared_task(**options)(runner)
        return task
    return decorate
"""
FACTORY_USES = """\
from clinic.core.factories import (
    fixed_task, local_task, named, nested_task, retryable, shared_runner,
)

@retryable(name="sync-store", max_retries=10)
def store(): ...

@retryable(queue="bulk")
def bulk(): ...

@named("sync.label")
def labelled(): ...

@named("sync.heavy", queue="heavy")
def heavy(): ...

@local_task(queue="io")
def loaded(self): ...

@local_task("sync.positional", max_retries=4)
def positional(self): ...

@fixed_task("sync.fixed", queue="ignored")
def fixed(): ...

@nested_task(rate_limit="1/s")
def nested(): ...

@shared_runner(max_retries=2)
def first_runner(): ...

@shared_runner()
def second_runner(): ...
"""
FACTORY = "clinic.core.factories"


def test_factory_classes_and_local_variables_pass_both_sides_options() -> None:
    """Measured on Celery 5.5.3 and 5.6.3: a class whose ``__call__`` returns
    ``shared_task(**self.kwargs)(inner)`` through a local registers ``inner`` under
    the call site's ``name=``, with the factory's and the call site's options."""
    files = {"clinic/core/factories.py": FACTORIES, "clinic/sync/tasks.py": FACTORY_USES}
    found = tasks(files)
    assert [(t.function, t.name, t.via, dict(t.options)) for t in found] == [
        ("store", "sync-store", f"{FACTORY}.retryable",
         {"acks_late": True, "name": "sync-store", "max_retries": 10}),
        ("bulk", f"{SYNC}.bulk", f"{FACTORY}.retryable", {"acks_late": True, "queue": "bulk"}),
        ("labelled", "sync.label", f"{FACTORY}.named",
         {"max_retries": 2, "queue": "light", "name": "sync.label"}),
        ("heavy", "sync.heavy", f"{FACTORY}.named",
         {"max_retries": 2, "name": "sync.heavy", "queue": "heavy"}),
        ("loaded", f"{SYNC}.loaded", f"{FACTORY}.local_task", {"bind": True, "queue": "io"}),
        ("positional", "sync.positional", f"{FACTORY}.local_task",
         {"bind": True, "name": "sync.positional", "max_retries": 4}),
        ("fixed", "sync.fixed", f"{FACTORY}.fixed_task", {"max_retries": 1, "name": "sync.fixed"}),
        ("nested", f"{SYNC}.nested", f"{FACTORY}.nested_task", {"rate_limit": "1/s"}),
        ("first_runner", f"{FACTORY}.runner", f"{FACTORY}.shared_runner", {"max_retries": 2}),
        ("second_runner", f"{FACTORY}.runner", f"{FACTORY}.shared_runner", {}),
    ]  # fmt: skip
    assert [t.bound for t in found if t.function in ("loaded", "positional")] == [True, True]


def test_a_factory_passing_options_it_cannot_read_leaves_them_unknown() -> None:
    factory = """\
from celery import shared_task

def configured_task(**options):
    merged = {**load_defaults(), **options}
    def decorate(func):
        return shared_task(**merged)(func)
    return decorate
"""
    source = "from clinic.core.conf import configured_task\n\n@configured_task()\ndef pull(): ...\n"
    [task] = tasks({"clinic/core/conf.py": factory, "clinic/sync/tasks.py": source})
    assert dict(task.options) == {
        "*": Unknown("`clinic.core.conf.configured_task` passes options computed at run time")
    }


def test_a_base_class_name_attribute_never_names_a_function_task() -> None:
    """Celery 5.5.3 and 5.6.3, measured: ``@app.task(base=B)`` registers the autoname
    (or ``name=``) even when ``B.name`` is set; a registered Task class keeps its own."""
    source = """\
from celery import Task
from clinic.celery import app

class Base(Task):
    name = "from.base"
    max_retries = 7

@app.task(base=Base)
def auto(): ...

@app.task(base=Base, name="sync.explicit")
def explicit(): ...

app.register_task(Base())
"""
    found = tasks({"clinic/sync/tasks.py": source})
    assert [(t.name, t.name_explicit, t.options.get("max_retries")) for t in found] == [
        ("from.base", True, 7),
        (f"{SYNC}.auto", False, 7),
        ("sync.explicit", True, 7),
    ]
