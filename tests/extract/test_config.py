from __future__ import annotations

import ast
import textwrap

from taskaudit.celery.settings import SettingWrite, is_setting_name
from taskaudit.core.location import Location
from taskaudit.core.values import Call, Dict, Ref, Seq, Unknown
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.config import (
    Autodiscover,
    CeleryApp,
    ConfigFacts,
    ConfigSource,
    extract_config,
)

HEADER = """\
import os
import celery
from celery import Celery
from django.conf import settings
from kombu import Queue
"""
FIRST = HEADER.count("\n") + 1  # the first line after the header
PATH = "config/celery.py"


def config(body: str, module: str = "config.celery") -> ConfigFacts:
    tree = ast.parse(HEADER + textwrap.dedent(body))
    return extract_config(tree, build_scope(tree, module, False), PATH, is_setting_name)


def here(line: int, column: int = 1) -> Location:
    return Location(PATH, FIRST + line - 1, column)


def writes(body: str) -> list[tuple[str, str, object, str, int, bool]]:
    """(container, key, value, via, line in the body, conditional)"""
    return [
        (c, w.key, w.value, w.via, w.location.line - FIRST + 1, w.conditional)
        for c, w in config(body).writes
    ]


def test_celery_apps_with_main_and_keyword_options() -> None:
    body = """\
    app = Celery("clinic", broker="redis://", set_as_current=True)
    worker = celery.Celery(main="maintenance")
    class ClinicCelery(Celery): ...
    custom = ClinicCelery()
    """
    assert config(body).apps == (
        CeleryApp(
            here(1),
            "config.celery.app",
            "clinic",
            (("broker", "redis://"), ("set_as_current", True)),
            "celery.Celery",
        ),
        CeleryApp(here(2), "config.celery.worker", "maintenance", (("main", "maintenance"),),
                  "celery.Celery"),
        CeleryApp(here(4), "config.celery.custom", None, (), "config.celery.ClinicCelery"),
    )  # fmt: skip


def test_app_near_misses() -> None:
    body = """\
    app = make_celery()
    broker = Queue("celery")
    celery_app = celery
    def factory():
        inner = Celery("inner")
    """
    assert config(body).apps == ()


def test_config_sources_autodiscover_and_settings_module_hints() -> None:
    body = """\
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    os.environ.setdefault("OTHER_VARIABLE", "x")
    app = Celery("clinic")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.config_from_object(CeleryConfig)
    app.autodiscover_tasks()
    app.autodiscover_tasks(["clinic.sync", "clinic.imports"], related_name="jobs")
    app.autodiscover_tasks(lambda: settings.INSTALLED_APPS)
    class CeleryConfig: ...
    """
    facts = config(body)
    assert facts.sources == (
        ConfigSource(here(4), "config.celery.app", "django.conf:settings", "CELERY"),
        ConfigSource(here(5), "config.celery.app", Ref("config.celery.CeleryConfig"), None),
    )
    assert facts.autodiscover == (
        Autodiscover(here(6), "config.celery.app"),
        Autodiscover(here(7), "config.celery.app"),
        Autodiscover(here(8), "config.celery.app"),
    )
    assert facts.settings_module_hints == ((here(1), "config.settings.production"),)


def test_star_imports_are_settings_inheritance() -> None:
    body = """\
    from .base import *
    from config.settings.local import *
    from kombu import Exchange
    """
    assert config(body, "config.settings.production").star_imports == (
        "config.settings.base",
        "config.settings.local",
    )


def test_module_level_settings_with_conditions_items_and_augmented_writes() -> None:
    body = """\
    CELERY_BROKER_URL = os.environ["BROKER_URL"]
    CELERY_TASK_ROUTES = {"clinic.sync.*": {"queue": "light"}}
    CELERY_TASK_ROUTES["clinic.imports.*"] = {"queue": "heavy"}
    CELERY_TASK_ANNOTATIONS: dict = {"*": {"rate_limit": "10/s"}}
    if DEBUG:
        CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_SOFT_TIME_LIMIT += 10
    """
    assert writes(body) == [
        ("module", "CELERY_BROKER_URL", Unknown("environment variable BROKER_URL"), "module", 1,
         False),
        ("module", "CELERY_TASK_ROUTES", Dict((("clinic.sync.*", Dict((("queue", "light"),))),)),
         "module", 2, False),
        ("module", "CELERY_TASK_ROUTES", Dict((("clinic.imports.*", Dict((("queue", "heavy"),))),)),
         "item", 3, False),
        ("module", "CELERY_TASK_ANNOTATIONS", Dict((("*", Dict((("rate_limit", "10/s"),))),)),
         "module", 4, False),
        ("module", "CELERY_TASK_ALWAYS_EAGER", True, "module", 6, True),
        ("module", "CELERY_TASK_SOFT_TIME_LIMIT", Unknown("augmented assignment"), "module", 7,
         False),
    ]  # fmt: skip


def test_module_level_near_misses() -> None:
    body = """\
    DEBUG = True
    DATABASES = {"default": {}}
    ROUTES = {"a": 1, "b": 2, "broker_url": "redis://"}
    routes["x"] = {"queue": "q"}
    COUNTER += 1
    def configure():
        CELERY_TASK_ACKS_LATE = True
    """
    assert writes(body) == []


def test_class_and_dict_config_objects() -> None:
    body = """\
    class CeleryConfig:
        task_serializer = "json"
        CELERY_TASK_ACKS_LATE = True
        helper = 1
        def method(self):
            task_time_limit = 5
    CONF = {"broker_url": "redis://", "task_acks_late": True, "other": 1}
    """
    assert writes(body) == [
        ("class:config.celery.CeleryConfig", "task_serializer", "json", "class", 2, False),
        ("class:config.celery.CeleryConfig", "CELERY_TASK_ACKS_LATE", True, "class", 3, False),
        ("dict:config.celery.CONF", "broker_url", "redis://", "dict", 7, False),
        ("dict:config.celery.CONF", "task_acks_late", True, "dict", 7, False),
        ("dict:config.celery.CONF", "other", 1, "dict", 7, False),
    ]


def test_app_writes_kwargs_conf_attributes_and_updates() -> None:
    body = """\
    app = Celery("clinic", broker="redis://", set_as_current=False)
    other = make_celery()
    app.conf.task_default_queue = "light"
    app.conf.update(task_acks_late=True, **EXTRA)
    app.conf.update({"result_expires": 3600})
    other.conf.update(CONF)
    app.conf.task_queues = (Queue("light"),)
    """
    assert writes(body) == [
        ("app:config.celery.app", "broker", "redis://", "celery-kwarg", 1, False),
        ("app:config.celery.app", "task_acks_late", True, "conf-update", 4, False),
        ("app:config.celery.app", "*", Unknown("conf.update(**computed)"), "conf-update", 4,
         False),
        ("app:config.celery.app", "result_expires", 3600, "conf-update", 5, False),
        ("app:config.celery.other", "*", Unknown("conf.update() of a computed mapping"),
         "conf-update", 6, False),
        ("app:config.celery.app", "task_default_queue", "light", "conf-attr", 3, False),
        ("app:config.celery.app", "task_queues", Seq((Call("kombu.Queue", ("light",)),)),
         "conf-attr", 7, False),
    ]  # fmt: skip


def test_app_write_near_misses() -> None:
    body = """\
    app = Celery("clinic")
    app.settings.update(x=1)
    app.main = "other"
    cache.conf = {"x": 1}
    options.update({"queue": "x"})
    """
    assert writes(body) == []


def test_a_setting_write_carries_its_full_location() -> None:
    [(_, write)] = config("CELERY_TASK_DEFAULT_QUEUE = 'light'\n").writes
    assert write == SettingWrite("CELERY_TASK_DEFAULT_QUEUE", "light", here(1), "module", False)


def test_key_locations_point_at_each_literal_key_of_a_setting_dict() -> None:
    body = """\
    CELERY_TASK_ROUTES = {
        "clinic.sync.*": {"queue": "light"},
        COMPUTED: {"queue": "heavy"},
        "clinic.imports.run": "heavy",
    }
    ROUTES = {"not.a.setting": {"queue": "x"}}
    app.conf.beat_schedule = {"nightly": {}}
    """
    assert config(body).key_locations == (
        ("clinic.sync.*", here(2, 5)),
        ("clinic.imports.run", here(4, 5)),
        ("nightly", here(7, 27)),
    )
