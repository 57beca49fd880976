"""Django settings built in the ways real projects build them, and what a scan reads of them."""

from __future__ import annotations

from taskaudit.core.values import Unknown, Value
from taskaudit.link.model import Project
from taskaudit.pipeline import scan_sources
from taskaudit.render.coverage import coverage_lines

APP = """\
import os
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")
app = Celery("proj")
app.config_from_object("django.conf:settings", namespace="CELERY")
"""
TASK = "from celery import shared_task\n\n\n@shared_task\ndef pull():\n    return 1\n"


def project(settings: dict[str, str], app: str = APP) -> Project:
    return scan_sources({"proj/celery.py": app, "proj/tasks.py": TASK, **settings})[1]


def config(p: Project) -> dict[str, Value]:
    return {k: v for k, (v, _) in p.config.items()}


def gaps(p: Project) -> list[tuple[str, str | None]]:
    return [(g.reason, g.setting) for g in p.coverage.gaps]


# --- a settings class exported into its module -------------------------------

SETTINGS_CLASS = {
    "proj/core.py": (
        "import inspect, sys\n\n\nclass Settings:\n    @classmethod\n"
        "    def export(cls, name):\n        for k, v in inspect.getmembers(cls()):\n"
        "            setattr(sys.modules[name], k, v)\n"
    ),
    "proj/settings/base.py": (
        "from proj.core import Settings\n\n\nclass Common(Settings):\n"
        "    CELERY_TASK_TIME_LIMIT = 600\n    CELERY_TASK_ACKS_LATE = True\n\n"
        "    @property\n    def CELERY_BROKER_URL(self):\n        return 'redis://x'\n"
    ),
    "proj/settings/__init__.py": (
        "from proj.settings.base import Common\n\n\nclass Docker(Common):\n"
        "    CELERY_TASK_ACKS_LATE = False\n\n\nDocker.export(__name__)\n"
    ),
}


def test_a_settings_class_exported_into_its_module_is_read_with_its_bases() -> None:
    got = config(project(SETTINGS_CLASS))
    assert got["task_time_limit"] == 600
    assert got["task_acks_late"] is False  # the subclass wins
    assert got["broker_url"] == Unknown(
        "`CELERY_BROKER_URL` is a property of a settings class, computed at run time"
    )


def test_a_class_in_a_settings_module_that_is_not_exported_is_not_read() -> None:
    files = dict(SETTINGS_CLASS)
    files["proj/settings/__init__.py"] = files["proj/settings/__init__.py"].replace(
        "Docker.export(__name__)", "Docker.export('other')"
    )
    assert "task_time_limit" not in config(project(files))


# --- django-configurations ---------------------------------------------------

CONFIGURATIONS = """\
from configurations import Configuration, values


class Base(Configuration):
    CELERY_TASK_TIME_LIMIT = values.IntegerValue(300)
    CELERY_TASK_ACKS_LATE = True


class Development(Base):
    CELERY_TASK_ALWAYS_EAGER = True


class Production(Base):
    CELERY_TASK_ACKS_LATE = values.BooleanValue(False, environ=False)
"""


def test_django_configurations_reads_the_class_the_default_names() -> None:
    app = APP + 'os.environ.setdefault("DJANGO_CONFIGURATION", "Production")\n'
    p = project({"proj/settings.py": CONFIGURATIONS}, app)
    got = config(p)
    assert got["task_acks_late"] is False
    assert got["task_time_limit"] == Unknown(
        "environment variable DJANGO_CELERY_TASK_TIME_LIMIT "
        "(django-configurations `values.IntegerValue`, default 300)"
    )
    assert "task_always_eager" not in got
    assert gaps(p) == []


def test_django_configurations_without_a_default_class_is_a_gap() -> None:
    p = project({"proj/settings.py": CONFIGURATIONS})
    assert config(p) == {}
    assert gaps(p) == [
        (
            "`proj.settings` holds django-configurations classes (`Base`, `Development`, "
            "`Production`) and no `DJANGO_CONFIGURATION` default says which one a deployment uses",
            "settings",
        )
    ]


# --- django-split-settings ---------------------------------------------------


def test_split_settings_run_the_included_files_in_order() -> None:
    files = {
        "proj/settings/__init__.py": (
            "from split_settings.tools import include, optional\n\n"
            'include("components/base.py", "components/late*.py", optional("local.py"))\n'
        ),
        "proj/settings/components/base.py": (
            "CELERY_TASK_ACKS_LATE = False\nCELERY_TASK_TIME_LIMIT = 60\n"
        ),
        "proj/settings/components/late_b.py": "CELERY_TASK_TIME_LIMIT = 90\n",
        "proj/settings/components/late_a.py": (
            "CELERY_TASK_ACKS_LATE = True\nCELERY_TASK_TIME_LIMIT = 75\n"
        ),
    }
    p = project(files)
    assert config(p) == {"task_acks_late": True, "task_time_limit": 90}
    assert p.coverage.settings_read == (
        "proj.settings.components.base",
        "proj.settings.components.late_a",
        "proj.settings.components.late_b",
        "proj.settings",
    )
    assert gaps(p) == []  # the optional local.py is not in the repository: no gap


def test_a_missing_required_include_is_a_gap() -> None:
    files = {
        "proj/settings/__init__.py": (
            'from split_settings.tools import include\n\ninclude("base.py", "prod.py")\n'
        ),
        "proj/settings/base.py": "CELERY_TASK_ACKS_LATE = True\n",
    }
    assert gaps(project(files)) == [
        (
            "`proj.settings` includes `proj/settings/prod.py`, which is not in the scanned tree",
            "source-roots",
        )
    ]


# --- a dict setting handed to config_from_object -----------------------------


def test_config_from_object_of_a_django_setting_reads_that_dict() -> None:
    app = APP.replace(
        'app.config_from_object("django.conf:settings", namespace="CELERY")',
        "from django.conf import settings\napp.config_from_object(settings.CELERY_CONF)",
    )
    files = {
        "proj/settings.py": (
            'CELERY_CONF = {"result_backend": "django-db", "task_acks_late": True}\n'
            'CELERY_CONF["task_default_queue"] = "light"\n'
        )
    }
    p = project(files, app)
    assert config(p) == {
        "result_backend": "django-db",
        "task_acks_late": True,
        "task_default_queue": "light",
    }
    assert p.config_sources == ("proj.settings.CELERY_CONF",)
    assert gaps(p) == []


def test_a_django_setting_that_is_no_dict_or_not_set_is_a_gap() -> None:
    app = APP.replace(
        'app.config_from_object("django.conf:settings", namespace="CELERY")',
        "from django.conf import settings\napp.config_from_object(settings.CELERY_CONF)",
    )
    computed = project({"proj/settings.py": "CELERY_CONF = load()\n"}, app)
    absent = project({"proj/settings.py": "CELERY_OTHER = {}\n"}, app)
    assert [g[0] for g in gaps(computed)] == [
        "the Django setting `CELERY_CONF` handed to `config_from_object` is call"
    ]
    assert [g[0] for g in gaps(absent)] == [
        "the Django setting `CELERY_CONF` handed to `config_from_object` is not set"
    ]


# --- which settings module -----------------------------------------------------


def test_the_default_set_in_the_apps_module_is_the_one_the_worker_uses() -> None:
    files = {
        "proj/settings.py": "CELERY_TASK_ACKS_LATE = False\n",
        "proj/worker_settings.py": "from proj.settings import *\n\nCELERY_TASK_ACKS_LATE = True\n",
        "manage.py": (
            'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n'
        ),
    }
    app = APP.replace('"proj.settings"', '"proj.worker_settings"')
    p = project(files, app)
    assert config(p)["task_acks_late"] is True
    assert p.coverage.settings_read == ("proj.settings", "proj.worker_settings")


def test_guessing_skips_modules_named_settings_that_hold_no_settings() -> None:
    app = APP.replace('os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")\n', "")
    files = {
        "proj/config/settings.py": "CELERY_TASK_ACKS_LATE = True\n",
        "proj/api/settings/views.py": "def settings_view(request):\n    return None\n",
        "proj/settings_common.py": "CELERY_TASK_TIME_LIMIT = 30\n",
        "proj/settings_dev.py": "from proj.settings_common import *\n",
    }
    p = project(files, app)
    assert p.coverage.settings_read == (
        "proj.config.settings",
        "proj.settings_common",
        "proj.settings_dev",
    )


def test_settings_filled_through_globals_are_a_gap() -> None:
    files = {
        "proj/settings.py": (
            "from proj.registry import fill\n\nfill(globals())\nCELERY_TASK_ACKS_LATE = True\n"
        )
    }
    p = project(files)
    assert config(p)["task_acks_late"] is True  # set after the registry: seen
    assert gaps(p) == [("settings set at run time through `globals()`", None)]
    # The place is said once: on the coverage line after the reason, in TA002 beside it.
    assert coverage_lines(p) == [
        "could not see: settings set at run time through `globals()`; at proj/settings.py:3"
    ]
    assert p.coverage.gaps[0].undecided() == (
        "settings set at run time through `globals()` at proj/settings.py:3"
    )
