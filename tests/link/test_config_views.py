"""Each Celery app's own configuration: which sources it reads, in which order, to what value."""

from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.core.values import Dict, Unknown, Value
from taskaudit.link.names import Names
from taskaudit.link.settings import AppConfigs, ConfigView, app_configs, effective_config
from taskaudit.pipeline import scan_sources

DJANGO_APP = """\
import os
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_default_queue = "light"
"""
PACKAGE = "from .celery import app as celery_app\n"
NEW_APP = 'from celery import Celery\napp = Celery("proj")\n'
BASE = """\
CELERY_BROKER_URL = "redis://localhost:6379/0"
CELERY_TASK_ACKS_LATE = False
CELERYD_PREFETCH_MULTIPLIER = 1
"""
PRODUCTION = """\
from .base import *

CELERY_TASK_ACKS_LATE = True
"""
LOCAL = """\
from .base import *

CELERY_TASK_ALWAYS_EAGER = True
"""


def configs(files: dict[str, str]) -> AppConfigs:
    facts, _ = scan_sources(files)
    modules = {f.python.module: f.python for f in facts if f.python is not None}
    names = Names(modules)
    apps = tuple(
        sorted({names.canonical(a.qualname) for m in modules.values() for a in m.config.apps})
    )
    return app_configs(modules, apps, names.canonical)


def values(view: ConfigView) -> dict[str, tuple[Value, str | None]]:
    return {
        e.setting: (e.value, str(e.location) if e.location else None)
        for e in view.resolved.effective
    }


DJANGO = {
    "config/__init__.py": PACKAGE,
    "config/celery.py": DJANGO_APP,
    "config/settings/base.py": BASE,
    "config/settings/production.py": PRODUCTION,
}


def test_django_settings_and_their_star_imported_base() -> None:
    view = configs(DJANGO).main
    assert (view.namespace, view.sources, view.apps) == (
        "CELERY",
        ("config.settings.base", "config.settings.production"),
        ("config.celery.app",),
    )
    assert values(view) == {
        "broker_url": ("redis://localhost:6379/0", "config/settings/base.py:1:1"),
        "task_acks_late": (True, "config/settings/production.py:3:1"),
        "task_default_queue": ("light", "config/celery.py:7:1"),
    }
    assert view.resolved.get("task_acks_late").history == (
        Location("config/settings/base.py", 2, 1),
        Location("config/settings/production.py", 3, 1),
    )
    # The old name is not read under the namespace.
    assert [(i.key, i.suggestion) for i in view.resolved.ignored] == [
        ("CELERYD_PREFETCH_MULTIPLIER", "CELERY_WORKER_PREFETCH_MULTIPLIER")
    ]


def test_the_settings_module_hint_picks_the_root() -> None:
    view = configs({**DJANGO, "config/settings/local.py": LOCAL}).main
    # local.py is never named by DJANGO_SETTINGS_MODULE, so it is not read.
    assert view.sources == ("config.settings.base", "config.settings.production")
    assert "task_always_eager" not in values(view)


def test_without_a_hint_every_settings_module_is_an_alternative() -> None:
    app = DJANGO_APP.replace(
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")\n', ""
    )
    files = {**DJANGO, "config/celery.py": app, "config/settings/local.py": LOCAL}
    view = configs(files).main
    assert view.sources == (
        "config.settings.base",
        "config.settings.local",
        "config.settings.production",
    )
    got = values(view)
    # What the shared base sets holds for every deployment...
    assert got["broker_url"] == ("redis://localhost:6379/0", "config/settings/base.py:1:1")
    # ...what only some of the alternatives set may or may not apply.
    unknown = got["task_always_eager"][0]
    assert isinstance(unknown, Unknown)
    assert unknown.reason == (
        "set in `config.settings.local`, read only by the deployments among "
        "`config.settings.local`, `config.settings.production` that use it "
        "(set `settings` in [tool.taskaudit])"
    )
    assert isinstance(got["task_acks_late"][0], Unknown)  # False in base, True in production


def test_app_writes_through_a_reexported_name() -> None:
    tuning = """\
from config import celery_app

celery_app.conf.update(task_default_rate_limit="10/m")
celery_app.conf.CELERY_TASK_ACKS_LATE = False
celery_app.conf.task_acks_late = True
"""
    view = configs({**DJANGO, "apps/sync/tuning.py": tuning}).main
    got = values(view)
    assert got["task_default_rate_limit"] == ("10/m", "apps/sync/tuning.py:3:1")
    # The namespaced spelling on the app beats the settings module; the bare one does not.
    assert got["task_acks_late"] == (False, "apps/sync/tuning.py:4:1")


def test_each_app_reads_only_its_own_configuration() -> None:
    maintenance = """\
from celery import Celery


class Config:
    broker_url = "redis://maintenance"
    task_acks_late = False


maint = Celery("maint", broker="redis://override")
maint.config_from_object(Config)
maint.conf.task_default_queue = "maintenance"
"""
    result = configs({**DJANGO, "ops/maint.py": maintenance})
    assert sorted(result.by_app) == ["config.celery.app", "ops.maint.maint"]
    # The Django-reading app serves @shared_task and the project view.
    assert result.main is result.for_app("config.celery.app")
    assert result.for_app(None) is result.main
    assert result.for_app("apps.unknown.app") is result.main
    other = result.for_app("ops.maint.maint")
    assert (other.namespace, other.sources) == (None, ("ops.maint.Config",))
    assert values(other) == {
        "broker_url": ("redis://override", "ops/maint.py:9:9"),
        "task_acks_late": (False, "ops/maint.py:6:5"),
        "task_default_queue": ("maintenance", "ops/maint.py:11:1"),
    }
    assert values(result.main)["task_acks_late"] == (True, "config/settings/production.py:3:1")
    assert values(result.main)["task_default_queue"] == ("light", "config/celery.py:7:1")
    assert len(result.views) == 2


def test_plain_config_module_by_dotted_path_and_by_import() -> None:
    config = """\
broker_url = "redis://m"
task_routes = {"proj.tasks.*": "heavy"}
CELERY_ROUTES = {"proj.tasks.*": "light"}
"""
    by_path = NEW_APP + 'app.config_from_object("proj.celeryconfig")\n'
    by_import = (
        "from celery import Celery\nfrom proj import celeryconfig\n"
        'app = Celery("proj")\napp.config_from_object(celeryconfig)\n'
    )
    for app in (by_path, by_import):
        view = configs({"proj/celery.py": app, "proj/celeryconfig.py": config}).main
        assert (view.namespace, view.sources) == (None, ("proj.celeryconfig",))
        assert view.resolved.get("task_routes").value == Dict((("proj.tasks.*", "heavy"),))
        assert view.resolved.mixed == ()


def test_class_in_a_module_named_with_a_colon() -> None:
    app = NEW_APP + 'app.config_from_object("proj.conf:Prod")\n'
    conf = "class Prod:\n    task_acks_late = True\n\n\nclass Dev:\n    task_acks_late = False\n"
    view = configs({"proj/celery.py": app, "proj/conf.py": conf}).main
    assert view.sources == ("proj.conf.Prod",)
    assert values(view) == {"task_acks_late": (True, "proj/conf.py:2:5")}


def test_dict_config_objects() -> None:
    named = """\
from celery import Celery

CONFIG = {"broker_url": "redis://d", "task_acks_late": True}
app = Celery("proj")
app.config_from_object(CONFIG)
"""
    view = configs({"proj/celery.py": named}).main
    assert view.sources == ("proj.celery.CONFIG",)
    assert values(view) == {
        "broker_url": ("redis://d", "proj/celery.py:3:10"),
        "task_acks_late": (True, "proj/celery.py:3:10"),
    }
    inline = NEW_APP + 'app.config_from_object({"task_acks_late": True})\n'
    view = configs({"proj/celery.py": inline}).main
    assert view.sources == ("dict at proj/celery.py:3",)
    assert values(view) == {"task_acks_late": (True, "proj/celery.py:3:1")}


def test_no_config_from_object_falls_back_to_the_django_namespace() -> None:
    app = 'from celery import Celery\napp = Celery("proj")\n'
    settings = "CELERY_TASK_ACKS_LATE = True\nCELERY_ACKS_LATE = False\n"
    view = configs({"proj/celery.py": app, "proj/settings.py": settings}).main
    assert (view.namespace, view.sources) == ("CELERY", ("proj.settings",))
    assert values(view) == {"task_acks_late": (True, "proj/settings.py:1:1")}


def test_near_misses_read_nothing() -> None:
    # No Celery settings anywhere: nothing is read, every value is Celery's default.
    app = 'from celery import Celery\napp = Celery("proj")\n'
    settings = 'DEBUG = True\nDATABASES = {"default": {}}\nBROKER = "not celery"\n'
    view = configs({"proj/celery.py": app, "proj/settings.py": settings}).main
    assert (view.namespace, view.sources, view.resolved.effective) == (None, (), ())
    assert view.resolved.get("task_default_queue").value == "celery"
    # A settings module that nothing star-imports or names stays out of the view.
    lonely = configs({**DJANGO, "legacy/settings_old.py": "CELERY_TASK_ACKS_LATE = False\n"})
    assert "legacy.settings_old" not in lonely.main.sources
    # A config object for another app does not leak into the Django app's view.
    other = 'from celery import Celery\nx = Celery("x")\nx.conf.task_acks_late = False\n'
    view = configs({**DJANGO, "ops/x.py": other}).main
    assert values(view)["task_acks_late"] == (True, "config/settings/production.py:3:1")


def test_effective_config_is_the_main_view() -> None:
    facts, _ = scan_sources(DJANGO)
    modules = {f.python.module: f.python for f in facts if f.python is not None}
    view = effective_config(modules, ("config.celery.app",))
    assert values(view) == values(configs(DJANGO).main)
