"""Configuration objects that are not plain module-level names, as one module shows them."""

from __future__ import annotations

import ast
import textwrap

from taskaudit.celery.settings import is_setting_name
from taskaudit.core.values import Call, Seq, Unknown
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.config import ConfigFacts, extract_config

PATH = "proj/settings/__init__.py"


def config(body: str, path: str = PATH) -> ConfigFacts:
    tree = ast.parse(textwrap.dedent(body))
    return extract_config(tree, build_scope(tree, "proj.settings", True), path, is_setting_name)


def written(facts: ConfigFacts) -> list[tuple[str, str, object, int, bool]]:
    return [(c, w.key, w.value, w.location.line, w.conditional) for c, w in facts.writes]


def test_a_class_body_is_read_in_order_with_its_own_names() -> None:
    facts = config(
        """\
        class WorkerConfig:
            task_default_queue = "standard"
            slow_queue = "slow"
            try:
                from kombu import Queue
            except ImportError:
                pass
            else:
                task_queues = (Queue(slow_queue), Queue(task_default_queue))
                task_acks_late = True
            if DEBUG:
                task_always_eager = True
        """
    )
    queues = Seq(
        (Call("kombu.Queue", ("slow",), ()), Call("kombu.Queue", ("standard",), ())), "tuple"
    )
    container = "class:proj.settings.WorkerConfig"
    assert written(facts) == [
        (container, "task_default_queue", "standard", 2, False),
        # importing Celery's own packages never fails where Celery runs
        (container, "task_queues", queues, 9, False),
        (container, "task_acks_late", True, 10, False),
        (container, "task_always_eager", True, 12, True),
    ]


def test_a_try_that_imports_something_else_stays_conditional() -> None:
    facts = config(
        """\
        try:
            import sentry_sdk
        except ImportError:
            CELERY_TASK_ACKS_LATE = False
        else:
            CELERY_TASK_ACKS_LATE = True
        """
    )
    assert [(w[1], w[2], w[4]) for w in written(facts)] == [
        ("CELERY_TASK_ACKS_LATE", False, True),
        ("CELERY_TASK_ACKS_LATE", True, True),
    ]


def test_settings_class_properties_and_exports() -> None:
    facts = config(
        """\
        from proj.core import Settings

        class Common(Settings):
            CELERY_TASK_TIME_LIMIT = 600

            @property
            def CELERY_BROKER_URL(self):
                return self.redis + "/0"

            def helper(self):
                return 1

        Common.load_settings(__name__)
        Common.describe("text")
        """
    )
    assert facts.class_exports == ("proj.settings.Common",)
    broker = Unknown("`CELERY_BROKER_URL` is a property of a settings class, computed at run time")
    assert written(facts) == [
        ("class:proj.settings.Common", "CELERY_TASK_TIME_LIMIT", 600, 4, False),
        ("class:proj.settings.Common", "CELERY_BROKER_URL", broker, 7, False),
    ]


def test_django_configurations_values_name_their_environment_variable() -> None:
    facts = config(
        """\
        import os
        from configurations import Configuration, values

        os.environ.setdefault("DJANGO_CONFIGURATION", "Local")

        class Base(Configuration):
            CELERY_BROKER_URL = values.Value("redis://cache:6379/0")
            CELERY_TASK_ROUTES = values.DictValue({}, environ_name="ROUTES", environ_prefix="APP")
            CELERY_TASK_ACKS_LATE = values.BooleanValue(True, environ=False)
        """
    )
    assert [(c, k, v) for c, k, v, _, _ in written(facts)] == [
        (
            "class:proj.settings.Base",
            "CELERY_BROKER_URL",
            Unknown(
                "environment variable DJANGO_CELERY_BROKER_URL "
                "(django-configurations `values.Value`, default 'redis://cache:6379/0')"
            ),
        ),
        (
            "class:proj.settings.Base",
            "CELERY_TASK_ROUTES",
            Unknown(
                "environment variable APP_ROUTES (django-configurations `values.DictValue`, "
                "default {})"
            ),
        ),
        ("class:proj.settings.Base", "CELERY_TASK_ACKS_LATE", True),
    ]
    assert [v for _, v in facts.configuration_hints] == ["Local"]


def test_split_settings_includes_resolve_from_the_including_file() -> None:
    facts = config(
        """\
        from split_settings.tools import include, optional

        include("components/base.py", "components/*.py", optional("../local.py"))
        """
    )
    assert facts.includes == (
        ("proj/settings/components/base.py", False),
        ("proj/settings/components/*.py", False),
        ("proj/local.py", True),
    )


def test_an_include_of_something_else_is_not_read() -> None:
    facts = config(
        'from django.urls import include\n\nurlpatterns = [include("x.urls")]\ninclude("a.py")\n'
    )
    assert facts.includes == ()


def test_settings_filled_through_globals_are_unknown_from_there() -> None:
    facts = config(
        """\
        from proj.registry import Registry

        CELERY_TASK_ACKS_LATE = True
        registry = Registry(namespace=globals())
        globals().update(load())
        globals()["CELERY_TASK_ALWAYS_EAGER"] = True
        vars()
        """
    )
    reason = Unknown("settings set at run time through `globals()`")
    assert [(k, v, line) for _, k, v, line, _ in written(facts)] == [
        ("CELERY_TASK_ACKS_LATE", True, 3),
        ("*", reason, 4),
        ("*", reason, 5),
        ("*", reason, 6),
    ]
