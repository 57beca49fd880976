"""Task options that name a constant another scanned module binds (``link.constants``)."""

from __future__ import annotations

from taskaudit.core.values import Unknown
from taskaudit.link.model import Project
from taskaudit.pipeline import scan_sources

APP = 'from celery import Celery\n\napp = Celery("shop")\n'


def scanned(names: str, tasks: str, **more: str) -> Project:
    files = {"shop/celery.py": APP, "shop/names.py": names, "shop/tasks.py": tasks, **more}
    return scan_sources(files)[1]


def queues(names: str, tasks: str, **more: str) -> dict[str, object]:
    return {t.function: t.queue for t in scanned(names, tasks, **more).tasks}


TASKS = (
    "from shop.celery import app\nfrom shop.names import LIMIT, MAIL, SLOW\n\n"
    "@app.task(name='shop.tasks.mail', queue=MAIL)\ndef mail():\n    return 1\n\n"
    "@app.task(name='shop.tasks.slow', queue=SLOW, soft_time_limit=LIMIT)\n"
    "def slow():\n    return 1\n"
)


def test_an_imported_string_constant_is_the_queue() -> None:
    found = queues('MAIL = "mail"\nSLOW = "slow"\n', TASKS)
    assert found == {"mail": "mail", "slow": "slow"}


def test_an_imported_number_is_the_time_limit() -> None:
    project = scanned('MAIL = "mail"\nSLOW = "slow"\nLIMIT = 30\n', TASKS)
    assert [t.options.get("soft_time_limit") for t in project.tasks] == [None, 30]


def test_a_constant_re_exported_through_a_package_is_followed() -> None:
    tasks = TASKS.replace("from shop.names import", "from shop.queues import")
    found = queues(
        'MAIL = "mail"\nSLOW = "slow"\n', tasks, **{"shop/queues/__init__.py": QUEUES_INIT}
    )
    assert found == {"mail": "mail", "slow": "slow"}


QUEUES_INIT = "from shop.names import LIMIT, MAIL, SLOW\n"


def test_near_misses_stay_unknown() -> None:
    # Bound under `if`, or computed from the environment: not static.
    names = (
        "import os\n\nif os.environ.get('SPLIT'):\n    MAIL = 'mail'\nelse:\n    MAIL = 'all'\n"
        "SLOW = os.environ.get('SLOW_QUEUE')\n"
    )
    found = queues(names, TASKS)
    assert all(isinstance(q, Unknown) for q in found.values()), found


def test_a_module_outside_the_tree_is_not_read_into() -> None:
    tasks = TASKS.replace("from shop.names import", "from vendor.names import")
    found = queues('MAIL = "mail"\nSLOW = "slow"\n', tasks)
    assert all(isinstance(q, Unknown) for q in found.values()), found
