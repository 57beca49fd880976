"""In-place changes of an app's settings (``app.conf.task_queues.append(...)``) as writes.

Measured on Celery 5.5.3: after ``config_from_object(obj, namespace="CELERY")``
with ``CELERY_TASK_QUEUES = []`` and ``CELERY_TASK_ROUTES = {}``, the calls
``app.conf.task_queues.append(Queue("periodic"))`` and
``app.conf.task_routes.update({...: {"queue": "periodic"}})`` change what the
app reads: ``app.conf.task_queues`` lists ``periodic`` and the router sends the
task there. So the settings' empty placeholders are not the topology.
"""

from __future__ import annotations

import ast
import textwrap

from taskaudit.celery.settings import is_setting_name
from taskaudit.core.values import Unknown
from taskaudit.extract.bindings import build_scope
from taskaudit.extract.config import extract_config

HEADER = "from celery import Celery\nfrom kombu import Queue\n"
PATH = "lanes/celery.py"


def _mutations(body: str) -> list[tuple[str, str, object, int]]:
    """(container, key, value, line in the body) of each in-place change."""
    tree = ast.parse(HEADER + textwrap.dedent(body))
    facts = extract_config(tree, build_scope(tree, "lanes.celery", False), PATH, is_setting_name)
    changes = [(c, w) for c, w in facts.writes if w.via == "conf-mutate"]
    return sorted(
        ((c, w.key, w.value, w.location.line - 2) for c, w in changes), key=lambda w: w[3]
    )


def _changed(key: str, how: str, line: int) -> Unknown:
    return Unknown(f"`{key}` changed at run time (`{how}`) at {PATH}:{line + 2}")


def test_list_and_dict_changes_on_the_app_conf_are_unknown_writes_naming_the_place() -> None:
    body = """\
        app = Celery("lanes")
        class Lane:
            def install(self, jobs):
                app.conf.task_queues.append(Queue(self.label))
                for job in jobs:
                    app.conf.task_routes.update({job: {"queue": self.label}})
                app.conf.task_routes[self.label] = self.label
                app.conf.task_queues += [Queue("spare")]
        """
    app = "app:lanes.celery.app"
    assert _mutations(body) == [
        (app, "task_queues", _changed("task_queues", ".append()", 4), 4),
        (app, "task_routes", _changed("task_routes", ".update()", 6), 6),
        (app, "task_routes", _changed("task_routes", "[...] =", 7), 7),
        (app, "task_queues", _changed("task_queues", " +=", 8), 8),
    ]


def test_near_misses_leave_the_configuration_alone() -> None:
    body = """\
        app = Celery("lanes")
        app.conf.beat_schedule.update({"nightly": {"task": "a.b", "schedule": 60}})
        lanes = []
        lanes.append(Queue("local"))
        print(app.conf.task_routes["a.b"])
        class Form:
            def clean(self, extra):
                self.conf.field_names.update(extra)
        """
    assert _mutations(body) == []
