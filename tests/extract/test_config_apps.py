"""App candidates and factories, as one module shows them (the linker confirms them)."""

from __future__ import annotations

import ast
import textwrap

from taskaudit.celery.settings import is_setting_name
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.config import ConfigFacts, extract_config

PATH = "proj/worker.py"


def config(body: str) -> ConfigFacts:
    tree = ast.parse(textwrap.dedent(body))
    return extract_config(tree, build_scope(tree, "proj.worker", False), PATH, is_setting_name)


def test_a_call_of_a_class_from_elsewhere_is_a_candidate_not_an_app() -> None:
    facts = config(
        """\
        import logging
        from proj.base import ProjectApp

        app = ProjectApp("proj", task_cls="proj.base:AuditedTask")
        log = logging.getLogger()
        """
    )
    assert facts.apps == ()
    assert [(c.qualname, c.cls, c.main, c.options) for c in facts.candidates] == [
        (
            "proj.worker.app",
            "proj.base.ProjectApp",
            "proj",
            (("task_cls", "proj.base:AuditedTask"),),
        ),
        ("proj.worker.log", "logging.getLogger", None, ()),
    ]


def test_a_function_that_builds_an_app_and_returns_it_is_a_factory() -> None:
    facts = config(
        """\
        from celery import Celery

        def make_app():
            worker_app = Celery("proj", broker="redis://q")
            worker_app.config_from_object("django.conf:settings", namespace="CELERY")
            worker_app.autodiscover_tasks()
            worker_app.conf.task_default_queue = "light"
            return worker_app

        app = make_app()
        """
    )
    assert [(f.qualname, f.cls, f.main) for f in facts.factories] == [
        ("proj.worker.make_app()", "celery.Celery", "proj")
    ]
    assert [(s.app, s.namespace) for s in facts.sources] == [("proj.worker.make_app()", "CELERY")]
    assert [a.app for a in facts.autodiscover] == ["proj.worker.make_app()"]
    assert [(c, w.key, w.value) for c, w in facts.writes] == [
        ("app:proj.worker.make_app()", "broker", "redis://q"),
        ("app:proj.worker.make_app()", "task_default_queue", "light"),
    ]
    assert [(c.qualname, c.cls) for c in facts.candidates] == [
        ("proj.worker.app", "proj.worker.make_app")
    ]


def test_a_factory_may_build_from_any_class_its_local_is_used_as_an_app() -> None:
    facts = config(
        """\
        from proj.base import build

        def create():
            application = build("proj")
            application.config_from_object("proj.celeryconfig")
            return application
        """
    )
    assert [f.qualname for f in facts.factories] == ["proj.worker.create()"]


def test_functions_that_do_not_return_the_app_they_build_are_no_factories() -> None:
    facts = config(
        """\
        from celery import Celery
        from proj.base import build

        def configure():
            local = Celery("proj")
            local.config_from_object("proj.celeryconfig")

        def helper():
            thing = build("x")
            return thing
        """
    )
    assert facts.factories == ()
    assert [s.app for s in facts.sources] == ["?"]
