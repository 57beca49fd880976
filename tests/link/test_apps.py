"""Apps are what Celery uses as one: subclasses, factories, classes chosen at run time."""

from __future__ import annotations

from taskaudit.link.model import Project
from taskaudit.pipeline import scan_sources

BASE = """\
from celery import Celery


class ProjectApp(Celery):
    pass


class NotAnApp:
    pass
"""
TASKS = """\
from celery import shared_task

from proj.worker import app


@app.task
def pull():
    return 1


@shared_task
def push():
    return 2
"""
SETTINGS = "CELERY_TASK_DEFAULT_QUEUE = 'light'\nCELERY_TASK_ACKS_LATE = True\n"


def project(worker: str, **extra: str) -> Project:
    files = {
        "proj/base.py": BASE,
        "proj/worker.py": worker,
        "proj/settings.py": SETTINGS,
        "proj/tasks.py": TASKS,
        **{k.replace("__", "/") + ".py": v for k, v in extra.items()},
    }
    return scan_sources(files)[1]


def seen(p: Project) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(a.app, a.config, a.sources) for a in p.coverage.apps]


def test_a_celery_subclass_defined_in_another_module_is_an_app() -> None:
    p = project(
        "from proj.base import ProjectApp\n\n"
        'app = ProjectApp("proj", task_cls="proj.base:Audited")\n'
        'app.config_from_object("django.conf:settings", namespace="CELERY")\n'
    )
    assert p.apps == ("proj.worker.app",)
    assert seen(p) == [("proj.worker.app", "read", ("proj.settings",))]
    assert [(t.name, t.app, t.queue) for t in p.tasks] == [
        ("proj.tasks.pull", "proj.worker.app", "light"),
        ("proj.tasks.push", None, "light"),
    ]
    assert p.coverage.gaps == ()


def test_a_subclass_of_a_subclass_is_an_app_too() -> None:
    p = project(
        "from proj.more import AuditedApp\n\napp = AuditedApp('proj')\n",
        proj__more=(
            "from proj.base import ProjectApp\n\n\nclass AuditedApp(ProjectApp):\n    pass\n"
        ),
    )
    assert p.apps == ("proj.worker.app",)


def test_an_app_built_by_a_factory_reads_the_configuration_done_inside_it() -> None:
    worker = """\
from celery import Celery


def create_application():
    application = Celery("proj")
    application.config_from_object("django.conf:settings", namespace="CELERY")
    application.conf.task_default_queue = "factory"
    return application


app = create_application()
"""
    p = project(worker)
    assert p.apps == ("proj.worker.app",)
    assert seen(p) == [("proj.worker.app", "read", ("proj.settings",))]
    # The bare app-side name loses to the namespaced setting (measured on Celery 5.5.3).
    assert p.config["task_default_queue"][0] == "light"
    assert p.config["task_acks_late"][0] is True
    assert [t.app for t in p.tasks] == ["proj.worker.app", None]


def test_an_app_of_a_class_chosen_at_run_time_is_an_app_whose_class_is_a_gap() -> None:
    p = project(
        "from proj.runtime import app_class\n\n"
        'app = app_class("proj")\n'
        'app.config_from_object("django.conf:settings", namespace="CELERY")\n',
        proj__runtime="import importlib\n\napp_class = importlib.import_module('x').Cls\n",
    )
    assert p.apps == ("proj.worker.app",)
    [gap] = p.coverage.gaps
    assert gap.reason.startswith(
        "the class of the Celery app `proj.worker.app` is `proj.runtime.app_class`, chosen at "
        "run time or outside the scanned tree, so what it sets is unknown"
    )
    assert seen(p) == [("proj.worker.app", "opaque", ("proj.settings",))]


def test_near_misses_are_not_apps() -> None:
    p = project(
        "import logging\n\nfrom proj.base import NotAnApp\n\n"
        "thing = NotAnApp()\nlog = logging.getLogger('x')\n"
        "def configure():\n    thing.configure()\n"
    )
    assert p.apps == ()
