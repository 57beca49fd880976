from __future__ import annotations

import ast

import pytest

from taskaudit.extract.bindings import build_scope
from taskaudit.extract.scope import Scope, collect_imports

SOURCE = """\
import os
import os.path
import celery.schedules
import kombu.entity as entity
from celery import shared_task as st, Celery
from kombu import *
from . import sibling
from .tasks import pull as pull_task
from ..core import utils
from ... import settings
from .... import beyond_the_top
def view():
    from celery import current_app
class Config: ...
QUEUE = "light"
if DEBUG:
    EAGER = True
"""


def scope_of(module: str, is_package: bool) -> Scope:
    return build_scope(ast.parse(SOURCE), module, is_package)


def test_import_table_of_a_module_inside_a_package() -> None:
    assert sorted(scope_of("proj.apps.sync.tasks", False).imports.items()) == [
        ("Celery", "celery.Celery"),
        ("celery", "celery"),
        ("current_app", "celery.current_app"),
        ("entity", "kombu.entity"),
        ("os", "os"),
        ("pull_task", "proj.apps.sync.tasks.pull"),
        ("settings", "proj.settings"),
        ("sibling", "proj.apps.sync.sibling"),
        ("st", "celery.shared_task"),
        ("utils", "proj.apps.core.utils"),
    ]


def test_relative_imports_in_a_package_init_start_from_the_package_itself() -> None:
    imports = scope_of("proj.apps.sync", True).imports
    assert (imports["sibling"], imports["pull_task"], imports["utils"], imports["settings"]) == (
        "proj.apps.sync.sibling",
        "proj.apps.sync.tasks.pull",
        "proj.apps.core.utils",
        "proj.settings",
    )


def test_relative_imports_beyond_the_top_package_are_dropped() -> None:
    imports = scope_of("proj.tasks", False).imports
    # `..core`, `...` and `....` climb above `proj`: Python itself refuses them.
    assert ("utils" in imports, "settings" in imports, "beyond_the_top" in imports) == (
        False,
        False,
        False,
    )
    assert imports["sibling"] == "proj.sibling"


@pytest.mark.parametrize(
    ("module", "is_package", "level", "name", "expected"),
    [
        ("proj.sync.tasks", False, 0, "kombu", "kombu"),
        ("proj.sync.tasks", False, 1, None, "proj.sync"),
        ("proj.sync.tasks", False, 1, "models", "proj.sync.models"),
        ("proj.sync.tasks", False, 2, "core", "proj.core"),
        ("proj.sync", True, 1, "tasks", "proj.sync.tasks"),
        ("proj.sync", True, 2, None, "proj"),
        # Near misses: nothing above the top-level package.
        ("proj.sync.tasks", False, 3, None, None),
        ("proj", True, 2, "x", None),
        ("tasks", False, 1, None, None),
    ],
)
def test_absolute(
    module: str, is_package: bool, level: int, name: str | None, expected: str | None
) -> None:
    assert Scope(module, is_package).absolute(name, level) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("st", "celery.shared_task"),
        ("os", "os"),
        ("Config", "proj.tasks.Config"),
        ("view", "proj.tasks.view"),
        ("QUEUE", "proj.tasks.QUEUE"),
        ("EAGER", "proj.tasks.EAGER"),
        ("ValueError", "ValueError"),
        ("print", "print"),
        # Near misses: a star import or a local variable never binds a name statically.
        ("Queue", None),
        ("request", None),
    ],
)
def test_qualify(name: str, expected: str | None) -> None:
    assert scope_of("proj.tasks", False).qualify(name) == expected


def test_qualify_in_a_module_without_a_dotted_path() -> None:
    assert Scope("", definitions=frozenset({"pull"})).qualify("pull") == "pull"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("os.path.join", "os.path.join"),
        ("celery.schedules.crontab", "celery.schedules.crontab"),
        ("entity.Queue", "kombu.entity.Queue"),
        ("pull_task.delay", "proj.tasks.pull.delay"),
        ("Config.task_serializer", "proj.tasks.Config.task_serializer"),
        ("st", "celery.shared_task"),
        # Near misses: calls, subscripts and unknown heads are not dotted paths.
        ("make().task", None),
        ("apps[0].task", None),
        ("unknown.task", None),
        ("'text'.join", None),
    ],
)
def test_dotted(expr: str, expected: str | None) -> None:
    node = ast.parse(expr, mode="eval").body
    assert scope_of("proj.tasks", False).dotted(node) == expected


def test_collect_imports_later_bindings_win() -> None:
    tree = ast.parse("from a import app\nfrom b import worker as app\nimport c.d as app2\n")
    assert collect_imports(tree, Scope("proj.x")) == {"app": "b.worker", "app2": "c.d"}
